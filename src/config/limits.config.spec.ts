import { ConfigValidationError, loadConfig } from './soku-config';

describe('limits configuration', () => {
  it('should default to limits on, 24 h idempotency keys and 30 days of request log', () => {
    expect(loadConfig({}).limits).toEqual({
      rateLimit: { enabled: true, adminIps: [], adminUserIds: [], redisTimeoutMs: 250 },
      idempotency: { ttlSeconds: 86_400, lockSeconds: 30 },
      requestLog: { retentionDays: 30 },
    });
  });

  it('should read every variable', () => {
    const limits = loadConfig({
      SOKU_RATE_LIMIT_ENABLED: 'false',
      SOKU_RATE_LIMIT_ADMIN_IPS: '10.0.0.1, ::1',
      SOKU_RATE_LIMIT_ADMIN_USER_IDS: '6F9619FF-8B86-4011-B42D-00C04FC964FF',
      SOKU_RATE_LIMIT_REDIS_TIMEOUT_MS: '50',
      SOKU_IDEMPOTENCY_TTL_HOURS: '48',
      SOKU_IDEMPOTENCY_LOCK_SECONDS: '10',
      SOKU_REQUEST_LOG_RETENTION_DAYS: '7',
    }).limits;
    expect(limits).toEqual({
      rateLimit: {
        enabled: false,
        adminIps: ['10.0.0.1', '::1'],
        adminUserIds: ['6f9619ff-8b86-4011-b42d-00c04fc964ff'],
        redisTimeoutMs: 50,
      },
      idempotency: { ttlSeconds: 48 * 3600, lockSeconds: 10 },
      requestLog: { retentionDays: 7 },
    });
  });

  it('should name every bad variable', () => {
    let caught: unknown;
    try {
      loadConfig({
        SOKU_RATE_LIMIT_ENABLED: 'sometimes',
        SOKU_RATE_LIMIT_ADMIN_IPS: '10.0.0.1,not-an-ip',
        SOKU_RATE_LIMIT_ADMIN_USER_IDS: 'alice',
        SOKU_RATE_LIMIT_REDIS_TIMEOUT_MS: '0',
        SOKU_IDEMPOTENCY_TTL_HOURS: '0',
        SOKU_IDEMPOTENCY_LOCK_SECONDS: 'x',
        SOKU_REQUEST_LOG_RETENTION_DAYS: '-1',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigValidationError);
    expect(new Set((caught as ConfigValidationError).problems.map((p) => p.variable))).toEqual(
      new Set([
        'SOKU_RATE_LIMIT_ENABLED',
        'SOKU_RATE_LIMIT_ADMIN_IPS',
        'SOKU_RATE_LIMIT_ADMIN_USER_IDS',
        'SOKU_RATE_LIMIT_REDIS_TIMEOUT_MS',
        'SOKU_IDEMPOTENCY_TTL_HOURS',
        'SOKU_IDEMPOTENCY_LOCK_SECONDS',
        'SOKU_REQUEST_LOG_RETENTION_DAYS',
      ]),
    );
  });
});
