import type Redis from 'ioredis';
import type { Logger } from 'pino';
import type { PublishLimitsConfig } from '../../../config/publish-limits.config';
import type { ThrottleRefusal } from './publish-throttle';
import { RedisPublishThrottle } from './redis-publish-throttle';

const limits: PublishLimitsConfig = {
  accountConcurrency: 2,
  platformConcurrency: 3,
  busyRetryMs: 1000,
  postingLimits: { x: { account: { posts: 3, windowMs: 900_000 } } },
};

/** A Redis whose acquire script never answers (a timeout, a lost connection). */
function unreachableRedis(): Redis {
  const redis = {
    defineCommand(name: string) {
      (redis as Record<string, unknown>)[name] = () =>
        Promise.reject(new Error('Command timed out'));
    },
  };
  return redis as unknown as Redis;
}

describe('RedisPublishThrottle', () => {
  it('should make the call wait, not decide alone, when Redis does not answer', async () => {
    const warnings: string[] = [];
    const logger = { warn: (_: unknown, message: string) => warnings.push(message) };
    const throttle = new RedisPublishThrottle(
      unreachableRedis(),
      'soku',
      logger as unknown as Logger,
      limits,
      60_000,
    );
    // Every call is refused, however many: no worker spends the account's window on its own.
    for (let i = 0; i < 5; i++) {
      const decision = (await throttle.acquire({
        platform: 'x',
        accountId: 'a',
      })) as ThrottleRefusal;
      expect(decision).toMatchObject({ granted: false, reason: expect.stringContaining('Redis') });
      expect(decision.waitMs).toBeGreaterThanOrEqual(500);
    }
    expect(warnings).toHaveLength(5);
  });
});
