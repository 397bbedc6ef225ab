import { ConfigValidationError, loadConfig } from './soku-config';

describe('publish limits configuration', () => {
  it("should default to the platforms' documented posting limits", () => {
    const limits = loadConfig({}).orchestration.publishLimits;
    expect(limits).toMatchObject({
      accountConcurrency: 10,
      platformConcurrency: 2000,
      busyRetryMs: 1000,
    });
    expect(limits.postingLimits.x).toEqual({ account: { posts: 200, windowMs: 900_000 } });
    expect(limits.postingLimits.youtube).toEqual({ app: { posts: 100, windowMs: 86_400_000 } });
    expect(limits.postingLimits.facebook).toBeUndefined();
  });

  it('should apply overrides per platform and scope, and switch a window off', () => {
    const { postingLimits } = loadConfig({
      SOKU_PUBLISH_LIMITS: 'x=100/15m,linkedin=150/24h,youtube:app=off,facebook:app=4800/1h',
    }).orchestration.publishLimits;
    expect(postingLimits.x).toEqual({ account: { posts: 100, windowMs: 900_000 } });
    expect(postingLimits.linkedin).toEqual({ account: { posts: 150, windowMs: 86_400_000 } });
    expect(postingLimits.youtube).toEqual({ app: undefined });
    expect(postingLimits.facebook).toEqual({ app: { posts: 4800, windowMs: 3_600_000 } });
  });

  it.each(['x=200', 'mastodon=5/1m', 'x=0/15m', 'x=5/15w', 'x=5/15m,'])(
    'should refuse SOKU_PUBLISH_LIMITS=%s at boot',
    (value) => {
      let error: unknown;
      try {
        loadConfig({ SOKU_PUBLISH_LIMITS: value });
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(ConfigValidationError);
      expect((error as ConfigValidationError).problems).toEqual([
        expect.objectContaining({ variable: 'SOKU_PUBLISH_LIMITS', received: value }),
      ]);
    },
  );

  it('should refuse a publish concurrency above 2000', () => {
    expect(() => loadConfig({ SOKU_PUBLISH_CONCURRENCY: '2001' })).toThrow(
      /SOKU_PUBLISH_CONCURRENCY: must be an integer between 1 and 2000/,
    );
  });
});
