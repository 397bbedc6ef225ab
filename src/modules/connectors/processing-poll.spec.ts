import { PublishError } from './platform-connector';
import { type ProcessingConfig, recheckDelayMs, waitUntilProcessed } from './processing-poll';

const config: ProcessingConfig = {
  pollIntervalMs: 1,
  pollMaxIntervalMs: 1,
  pollMaxAttempts: 4,
  processingRecheckMs: 60_000,
  processingMaxWaitMs: 30 * 60_000,
};

/** A platform that is still processing: counts the looks. */
function stillProcessing(afterMs?: number) {
  const looks = { count: 0 };
  const check = () => {
    looks.count++;
    return Promise.resolve({ done: false as const, said: 'IN_PROGRESS', afterMs });
  };
  return { looks, check };
}

async function failure(run: Promise<unknown>): Promise<PublishError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PublishError);
  return error as PublishError;
}

describe('waitUntilProcessed', () => {
  it('should defer after the configured looks, asking again after the recheck interval', async () => {
    const { looks, check } = stillProcessing();
    const error = await failure(waitUntilProcessed(check, config, 'The post', Date.now()));
    expect(looks.count).toBe(4);
    expect(error).toMatchObject({ kind: 'deferred', code: 'media_processing' });
    expect(error.retryAfterMs).toBe(60_000);
  });

  it('should take one look when resuming, so a long wait holds no worker', async () => {
    const { looks, check } = stillProcessing();
    await failure(waitUntilProcessed(check, config, 'The post', Date.now(), 1));
    expect(looks.count).toBe(1);
  });

  it("should come back when the platform asks (X's check_after_secs)", async () => {
    const { check } = stillProcessing(7_000);
    const error = await failure(waitUntilProcessed(check, config, 'The video', Date.now(), 1));
    expect(error.retryAfterMs).toBe(7_000);
  });

  it('should fail with the platform words once the total bound has passed', async () => {
    const { looks, check } = stillProcessing();
    const since = Date.now() - 31 * 60_000;
    const error = await failure(waitUntilProcessed(check, config, 'The post', since));
    expect(looks.count).toBe(1);
    expect(error).toMatchObject({ kind: 'permanent', code: 'media_processing_timeout' });
    expect(error.message).toBe(
      'The post was still processing after 31 minutes (the platform said: IN_PROGRESS); nothing was published',
    );
  });

  it('should wait longer the longer the platform has been processing, up to 5 intervals', () => {
    expect(recheckDelayMs(0, config)).toBe(60_000);
    expect(recheckDelayMs(4 * 60_000, config)).toBe(120_000);
    expect(recheckDelayMs(60 * 60_000, config)).toBe(300_000);
  });
});
