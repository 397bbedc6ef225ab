import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { Logger } from 'pino';
import type { PublishLimitsConfig } from '../../../config/publish-limits.config';
import { PublishThrottle, type ThrottleDecision, type ThrottleTarget } from './publish-throttle';

/**
 * One atomic decision on Redis's clock (TIME), so every worker counts on the same one.
 * KEYS: the account's and the platform's slots (sorted by expiry), the account's and the app's
 * calls (sorted by time). ARGV: slot id, hold ms, account and platform concurrency, account
 * posts and window ms, app posts and window ms (0 posts: no window).
 * Returns {1} granted, or {0, which, waitMs}: 1 account busy, 2 platform busy, 3 account
 * window spent, 4 app window spent.
 */
const ACQUIRE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return {0, 1, 0} end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[4]) then return {0, 2, 0} end
local function wait(key, posts, window)
  if posts == 0 then return 0 end
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local count = redis.call('ZCARD', key)
  if count < posts then return 0 end
  local oldest = redis.call('ZRANGE', key, count - posts, count - posts, 'WITHSCORES')
  return tonumber(oldest[2]) + window - now
end
local w = wait(KEYS[3], tonumber(ARGV[5]), tonumber(ARGV[6]))
if w > 0 then return {0, 3, w} end
w = wait(KEYS[4], tonumber(ARGV[7]), tonumber(ARGV[8]))
if w > 0 then return {0, 4, w} end
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], now + tonumber(ARGV[2]), ARGV[1])
  redis.call('PEXPIRE', KEYS[i], ARGV[2])
end
for i = 3, 4 do
  local window = tonumber(ARGV[i * 2])
  if tonumber(ARGV[i * 2 - 1]) > 0 then
    redis.call('ZADD', KEYS[i], now, ARGV[1])
    redis.call('PEXPIRE', KEYS[i], window)
  end
end
return {1, 0, 0}
`;

type AcquireCommand = (...args: (string | number)[]) => Promise<number[]>;

/**
 * The scaled mode's throttle: the counters live in Redis, so they hold across every worker
 * process. When Redis cannot decide (down, flushed mid-call), this process's own throttle does:
 * it still bounds what this worker sends, and the connectors defer on a platform's quota answer.
 */
export class RedisPublishThrottle extends PublishThrottle {
  private readonly command: AcquireCommand;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
    limits: PublishLimitsConfig,
    holdMs: number,
  ) {
    super(limits, holdMs);
    redis.defineCommand('sokuPublishAcquire', { numberOfKeys: 4, lua: ACQUIRE_LUA });
    this.command = (
      redis as unknown as { sokuPublishAcquire: AcquireCommand }
    ).sokuPublishAcquire.bind(redis);
  }

  async acquire(target: ThrottleTarget): Promise<ThrottleDecision> {
    // One hash tag per platform: every key of a decision lands on one Redis Cluster slot.
    const base = `${this.prefix}:throttle:{${target.platform}}`;
    const keys = [
      `${base}:slots:${target.accountId}`,
      `${base}:slots`,
      `${base}:calls:${target.accountId}`,
      `${base}:calls`,
    ];
    const { account, app } = this.windowsOf(target.platform);
    const slot = randomUUID();
    let answer: number[];
    try {
      answer = await this.command(
        ...keys,
        slot,
        this.holdMs,
        this.limits.accountConcurrency,
        this.limits.platformConcurrency,
        account?.posts ?? 0,
        account?.windowMs ?? 0,
        app?.posts ?? 0,
        app?.windowMs ?? 0,
      );
    } catch (error) {
      // Deciding alone would let every worker spend the account's whole window: the call waits
      // instead (no attempt spent), as it would for a busy slot.
      this.logger.warn({ err: error }, 'publish throttle: Redis did not decide; the call waits');
      return this.busy('the publish throttle could not reach Redis');
    }
    const [granted, which, waitMs] = answer;
    if (granted === 1) {
      return {
        granted: true,
        release: () =>
          Promise.all([this.redis.zrem(keys[0], slot), this.redis.zrem(keys[1], slot)]).then(
            () => undefined,
            // A slot not released lapses after holdMs.
            (error: unknown) =>
              this.logger.warn({ err: error }, 'publish throttle: release failed'),
          ),
      };
    }
    if (which === 1) {
      return this.busy('too many calls in flight to this account');
    }
    if (which === 2) {
      return this.busy(`too many calls in flight to ${target.platform}`);
    }
    return this.windowSpent(target.platform, which === 3 ? 'account' : 'app', waitMs);
  }
}
