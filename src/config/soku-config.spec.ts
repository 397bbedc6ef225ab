import { ConfigValidationError, loadConfig } from './soku-config';

describe('loadConfig', () => {
  it('should apply the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.app.port).toBe(3000);
    expect(config.app.role).toBe('all');
    expect(config.app.nodeEnv).toBe('production');
    expect(config.app.publicUrl).toBe('http://localhost:3000');
    expect(config.app.dataDir).toMatch(/\.soku$/);
    expect(config.database.url).toBeUndefined();
    expect(config.database.migrationsRun).toBe(true);
    expect(config.redis.url).toBeUndefined();
    expect(config.redis.commandTimeoutMs).toBe(500);
  });

  it('should bound the Redis command timeout', () => {
    expect(loadConfig({ SOKU_REDIS_COMMAND_TIMEOUT_MS: '250' }).redis.commandTimeoutMs).toBe(250);
    expect(() => loadConfig({ SOKU_REDIS_COMMAND_TIMEOUT_MS: '0' })).toThrow(
      /SOKU_REDIS_COMMAND_TIMEOUT_MS: must be a whole number of milliseconds between 10 and 60000/,
    );
  });

  it('should read every slice from the environment', () => {
    const config = loadConfig({
      PORT: '8080',
      SOKU_ROLE: 'worker',
      SOKU_PUBLIC_URL: 'https://soku.example.com/',
      DATABASE_URL: 'postgres://u:p@db:5432/soku',
      SOKU_MIGRATIONS_RUN: 'false',
      REDIS_URL: 'redis://cache:6379/0',
      LOG_LEVEL: 'debug',
      NODE_ENV: 'development',
    });
    expect(config.app.port).toBe(8080);
    expect(config.app.role).toBe('worker');
    expect(config.app.publicUrl).toBe('https://soku.example.com');
    expect(config.database.url).toBe('postgres://u:p@db:5432/soku');
    expect(config.database.migrationsRun).toBe(false);
    expect(config.redis.url).toBe('redis://cache:6379/0');
    expect(config.app.logLevel).toBe('debug');
    expect(config.isDevelopment).toBe(true);
  });

  it('should require the issuer and audience with a JWKS URL', () => {
    expect(() => loadConfig({ AUTH_JWKS_URL: 'https://example.com/jwks' })).toThrow(
      /AUTH_ISSUER: is required with AUTH_JWKS_URL[\s\S]*AUTH_AUDIENCE: is required/,
    );
    const config = loadConfig({
      AUTH_JWKS_URL: 'https://example.com/jwks',
      AUTH_ISSUER: 'https://securetoken.google.com/p',
      AUTH_AUDIENCE: 'p',
    });
    expect(config.auth.external).toEqual({
      jwksUrl: 'https://example.com/jwks',
      issuer: 'https://securetoken.google.com/p',
      audience: 'p',
    });
  });

  it('should treat empty strings as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).database.url).toBeUndefined();
  });

  it('should list every bad variable at once', () => {
    let caught: unknown;
    try {
      loadConfig({
        PORT: 'abc',
        SOKU_ROLE: 'boss',
        DATABASE_URL: 'mysql://x',
        REDIS_URL: 'http://x',
        LOG_LEVEL: 'loud',
        SOKU_MIGRATIONS_RUN: 'maybe',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigValidationError);
    const problems = (caught as ConfigValidationError).problems.map((p) => p.variable);
    expect(new Set(problems)).toEqual(
      new Set([
        'PORT',
        'SOKU_ROLE',
        'DATABASE_URL',
        'REDIS_URL',
        'LOG_LEVEL',
        'SOKU_MIGRATIONS_RUN',
      ]),
    );
    expect((caught as Error).message).toContain(
      'PORT: must be an integer between 0 and 65535 (got "abc")',
    );
  });

  it("should read the integrations slice and each platform's OAuth app", () => {
    const key = Buffer.alloc(32, 1).toString('base64');
    const config = loadConfig({
      SOKU_ENCRYPTION_KEY: key,
      SOKU_ENCRYPTION_PREVIOUS_KEYS: `${'ab'.repeat(32)},${key}`,
      SOKU_X_CLIENT_ID: 'id',
      SOKU_X_CLIENT_SECRET: 'secret',
      SOKU_X_API_BASE: 'http://127.0.0.1:4010/',
    });
    expect(config.integrations.encryptionKey).toBe(key);
    expect(config.integrations.previousEncryptionKeys).toHaveLength(2);
    expect(config.integrations.refreshIntervalSeconds).toBe(60);
    expect(config.integrations.platforms.x).toEqual({
      clientId: 'id',
      clientSecret: 'secret',
      apiBase: 'http://127.0.0.1:4010',
      authBase: undefined,
      tokenBase: undefined,
    });
    expect(config.integrations.platforms.tiktok.clientId).toBeUndefined();
  });

  it('should name every bad integrations variable', () => {
    expect(() =>
      loadConfig({
        SOKU_ENCRYPTION_KEY: 'short',
        SOKU_TIKTOK_CLIENT_ID: 'only-the-id',
        SOKU_YOUTUBE_TOKEN_BASE: 'not a url',
        SOKU_INTEGRATIONS_REDIRECT_URL: 'ftp://x',
      }),
    ).toThrow(
      /SOKU_ENCRYPTION_KEY: must be 32 bytes[\s\S]*SOKU_INTEGRATIONS_REDIRECT_URL[\s\S]*SOKU_TIKTOK_CLIENT_SECRET: is required with SOKU_TIKTOK_CLIENT_ID[\s\S]*SOKU_YOUTUBE_TOKEN_BASE: must be an http\(s\) base URL/,
    );
  });
});
