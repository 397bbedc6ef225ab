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
});
