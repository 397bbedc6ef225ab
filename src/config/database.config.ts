import { Expose } from 'class-transformer';
import { IsOptional, Matches } from 'class-validator';
import { EnvBoolean, EnvInt } from './env-decorators';

export class DatabaseEnv {
  @Expose()
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, {
    message: 'must be a PostgreSQL URL, e.g. postgres://user:pass@host:5432/soku',
  })
  DATABASE_URL?: string;

  @EnvBoolean()
  SOKU_MIGRATIONS_RUN?: boolean;

  @EnvInt({ default: 10, min: 1, max: 200 })
  DATABASE_POOL_SIZE: number;

  @EnvInt({ default: 10_000, min: 100, max: 120_000 })
  DATABASE_CONNECT_TIMEOUT_MS: number;

  @EnvInt({ default: 54329, min: 1, max: 65535 })
  SOKU_EMBEDDED_PG_PORT: number;
}

/** Where the data lives: an external PostgreSQL, or the embedded one under the data dir. */
export interface DatabaseConfig {
  /** Unset means embedded mode: Soku starts (or joins) its own PostgreSQL. */
  url?: string;
  migrationsRun: boolean;
  poolSize: number;
  /** Longest wait for a pooled connection, a new one or one freed by another query. */
  connectTimeoutMs: number;
  embeddedPort: number;
}
