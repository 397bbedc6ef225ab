import * as path from 'node:path';
import { AppEnv, type AppConfig } from './app.config';
import { AuthEnv, type AuthConfig } from './auth.config';
import { toWebhooksConfig, type WebhooksConfig, WebhooksEnv } from './webhooks.config';
import { OrchestrationEnv, type OrchestrationConfig } from './orchestration.config';
import { DatabaseEnv, type DatabaseConfig } from './database.config';
import {
  IntegrationsEnv,
  readPlatformOAuthEnv,
  type IntegrationsConfig,
} from './integrations.config';
import { MediaEnv, toMediaConfig, type MediaConfig } from './media.config';
import { RedisEnv, type RedisConfig } from './redis.config';
import { StorageEnv, toStorageConfig, type StorageConfig } from './storage.config';
import { TemplatesEnv, toTemplatesConfig, type TemplatesConfig } from './templates.config';
import { readEnvSlice, type Env, type EnvProblem } from './env-slice';
import { parseTrustProxy } from './trust-proxy';
import { LimitsEnv, toLimitsConfig, type LimitsConfig } from './limits.config';
import { AiEnv, toAiConfig, type AiConfig } from './ai.config';
import { PlatformApiEnv, toPlatformApiConfig, type PlatformApiConfig } from './platform-api.config';
import { AnalyticsEnv, toAnalyticsConfig, type AnalyticsConfig } from './analytics.config';
import { PublishLimitsEnv, toPublishLimitsConfig } from './publish-limits.config';

export class ConfigValidationError extends Error {
  constructor(readonly problems: EnvProblem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems
          .map(
            (p) =>
              `  - ${p.variable}: ${p.problem}` +
              (p.received === undefined ? '' : ` (got ${JSON.stringify(p.received)})`),
          )
          .join('\n'),
    );
    this.name = 'ConfigValidationError';
  }
}

/**
 * The validated configuration, one typed slice per concern. It is also the DI token: services
 * inject `SokuConfig` and read the slice they need.
 */
export class SokuConfig {
  constructor(
    readonly app: AppConfig,
    readonly database: DatabaseConfig,
    readonly redis: RedisConfig,
    readonly auth: AuthConfig,
    readonly orchestration: OrchestrationConfig,
    readonly integrations: IntegrationsConfig,
    readonly storage: StorageConfig,
    readonly media: MediaConfig,
    readonly limits: LimitsConfig,
    readonly ai: AiConfig,
    readonly templates: TemplatesConfig,
    readonly webhooks: WebhooksConfig,
    readonly platformApi: PlatformApiConfig,
    readonly analytics: AnalyticsConfig,
  ) {}

  get isDevelopment(): boolean {
    return this.app.nodeEnv === 'development';
  }

  /** Copy with another database URL: used once embedded PostgreSQL has told us its address. */
  withDatabaseUrl(url: string): SokuConfig {
    return new SokuConfig(
      this.app,
      { ...this.database, url },
      this.redis,
      this.auth,
      this.orchestration,
      this.integrations,
      this.storage,
      this.media,
      this.limits,
      this.ai,
      this.templates,
      this.webhooks,
      this.platformApi,
      this.analytics,
    );
  }
}

/** Validates every slice and throws one error listing every bad variable. */
export function loadConfig(env: Env = process.env): SokuConfig {
  const app = readEnvSlice(AppEnv, env);
  const database = readEnvSlice(DatabaseEnv, env);
  const redis = readEnvSlice(RedisEnv, env);
  const auth = readEnvSlice(AuthEnv, env);
  const orchestration = readEnvSlice(OrchestrationEnv, env);
  const integrations = readEnvSlice(IntegrationsEnv, env);
  const oauth = readPlatformOAuthEnv(env);
  const storage = readEnvSlice(StorageEnv, env);
  const media = readEnvSlice(MediaEnv, env);
  const limits = readEnvSlice(LimitsEnv, env);
  const ai = readEnvSlice(AiEnv, env);
  const templates = readEnvSlice(TemplatesEnv, env);
  const webhooks = readEnvSlice(WebhooksEnv, env);
  const platformApi = readEnvSlice(PlatformApiEnv, env);
  const analytics = readEnvSlice(AnalyticsEnv, env);
  const publishLimits = readEnvSlice(PublishLimitsEnv, env);
  const problems = [
    ...app.problems,
    ...database.problems,
    ...redis.problems,
    ...auth.problems,
    ...orchestration.problems,
    ...integrations.problems,
    ...oauth.problems,
    ...storage.problems,
    ...media.problems,
    ...limits.problems,
    ...ai.problems,
    ...templates.problems,
    ...webhooks.problems,
    ...platformApi.problems,
    ...analytics.problems,
    ...publishLimits.problems,
  ];
  if (problems.length > 0) {
    throw new ConfigValidationError(problems);
  }
  const a = app.value;
  const d = database.value;
  const nodeEnv = a.NODE_ENV;
  return new SokuConfig(
    {
      port: a.PORT,
      host: a.HOST ?? '0.0.0.0',
      role: a.SOKU_ROLE,
      publicUrl: (a.SOKU_PUBLIC_URL ?? `http://localhost:${a.PORT}`).replace(/\/+$/, ''),
      dataDir: path.resolve(a.SOKU_DATA_DIR),
      nodeEnv,
      logLevel: a.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
      shutdownTimeoutMs: a.SOKU_SHUTDOWN_TIMEOUT_MS,
      heapGrowthPercent: a.SOKU_HEAP_GROWTH_PERCENT,
      metricsToken: a.SOKU_METRICS_TOKEN,
      trustProxy: parseTrustProxy(a.SOKU_TRUST_PROXY)!,
    },
    {
      url: d.DATABASE_URL,
      migrationsRun: d.SOKU_MIGRATIONS_RUN ?? true,
      poolSize: d.DATABASE_POOL_SIZE,
      connectTimeoutMs: d.DATABASE_CONNECT_TIMEOUT_MS,
      embeddedPort: d.SOKU_EMBEDDED_PG_PORT,
    },
    { url: redis.value.REDIS_URL, commandTimeoutMs: redis.value.SOKU_REDIS_COMMAND_TIMEOUT_MS },
    {
      external: auth.value.AUTH_JWKS_URL
        ? {
            jwksUrl: auth.value.AUTH_JWKS_URL,
            issuer: auth.value.AUTH_ISSUER!,
            audience: auth.value.AUTH_AUDIENCE!,
          }
        : undefined,
      cacheTtlSeconds: auth.value.SOKU_AUTH_CACHE_TTL_SECONDS,
      idTokenMaxLifetimeSeconds: auth.value.SOKU_ID_TOKEN_MAX_LIFETIME_SECONDS,
    },
    {
      queuePrefix: orchestration.value.SOKU_QUEUE_PREFIX,
      publishConcurrency: orchestration.value.SOKU_PUBLISH_CONCURRENCY,
      maxAttempts: orchestration.value.SOKU_PUBLISH_MAX_ATTEMPTS,
      retryBaseMs: orchestration.value.SOKU_RETRY_BASE_MS,
      maxDeferralMs: orchestration.value.SOKU_PUBLISH_MAX_DEFERRAL_MS,
      reconcileIntervalMs: orchestration.value.SOKU_RECONCILE_INTERVAL_MS,
      runLeaseMs: orchestration.value.SOKU_RUN_LEASE_MS,
      drainTimeoutMs: orchestration.value.SOKU_WORKER_DRAIN_TIMEOUT_MS,
      heartbeatMs: orchestration.value.SOKU_WORKER_HEARTBEAT_MS,
      publishLimits: toPublishLimitsConfig(publishLimits.value),
    },
    {
      encryptionKey: integrations.value.SOKU_ENCRYPTION_KEY,
      previousEncryptionKeys: integrations.value.SOKU_ENCRYPTION_PREVIOUS_KEYS?.split(',') ?? [],
      redirectUrl: integrations.value.SOKU_INTEGRATIONS_REDIRECT_URL,
      refreshIntervalSeconds: integrations.value.SOKU_TOKEN_REFRESH_INTERVAL_SECONDS,
      refreshAheadSeconds: integrations.value.SOKU_TOKEN_REFRESH_AHEAD_SECONDS,
      oauthTimeoutMs: integrations.value.SOKU_OAUTH_TIMEOUT_MS,
      platforms: oauth.value,
    },
    toStorageConfig(storage.value),
    toMediaConfig(media.value),
    toLimitsConfig(limits.value),
    toAiConfig(ai.value),
    toTemplatesConfig(templates.value),
    toWebhooksConfig(webhooks.value),
    toPlatformApiConfig(platformApi.value),
    toAnalyticsConfig(analytics.value),
  );
}
