import { Expose, Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { toBoolean } from './env-slice';

export class DatabaseEnv {
  @Expose()
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, {
    message: 'must be a PostgreSQL URL, e.g. postgres://user:pass@host:5432/soku',
  })
  DATABASE_URL?: string;

  @Expose()
  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  SOKU_MIGRATIONS_RUN?: boolean;

  @Expose()
  @Transform(({ value }: { value?: string }) => (value === undefined ? 10 : Number(value)))
  @IsInt({ message: 'must be an integer between 1 and 200' })
  @Min(1, { message: 'must be an integer between 1 and 200' })
  @Max(200, { message: 'must be an integer between 1 and 200' })
  DATABASE_POOL_SIZE: number;

  @Expose()
  @Transform(({ value }: { value?: string }) => (value === undefined ? 54329 : Number(value)))
  @IsInt({ message: 'must be an integer between 1 and 65535' })
  @Min(1, { message: 'must be an integer between 1 and 65535' })
  @Max(65535, { message: 'must be an integer between 1 and 65535' })
  SOKU_EMBEDDED_PG_PORT: number;
}

/** Where the data lives: an external PostgreSQL, or the embedded one under the data dir. */
export interface DatabaseConfig {
  /** Unset means embedded mode: Soku starts (or joins) its own PostgreSQL. */
  url?: string;
  migrationsRun: boolean;
  poolSize: number;
  embeddedPort: number;
}
