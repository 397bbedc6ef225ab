import { Expose } from 'class-transformer';
import { IsOptional, IsString, IsUrl, ValidateIf } from 'class-validator';
import { EnvInt } from './env-decorators';

export class AuthEnv {
  @Expose()
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'must be the http(s) URL of a JWKS document' },
  )
  AUTH_JWKS_URL?: string;

  @Expose()
  @ValidateIf((env: AuthEnv) => env.AUTH_JWKS_URL !== undefined || env.AUTH_ISSUER !== undefined)
  @IsString({
    message: 'is required with AUTH_JWKS_URL (e.g. https://securetoken.google.com/<project>)',
  })
  AUTH_ISSUER?: string;

  @Expose()
  @ValidateIf((env: AuthEnv) => env.AUTH_JWKS_URL !== undefined || env.AUTH_AUDIENCE !== undefined)
  @IsString({ message: 'is required with AUTH_JWKS_URL (for Firebase: the project id)' })
  AUTH_AUDIENCE?: string;

  @EnvInt({ default: 60, min: 1, max: 3600, unit: 'seconds' })
  SOKU_AUTH_CACHE_TTL_SECONDS: number;

  /** Longest `exp - iat` an ID token may claim; Firebase's are 1 h. */
  @EnvInt({ default: 86_400, min: 60, max: 30 * 86_400, unit: 'seconds' })
  SOKU_ID_TOKEN_MAX_LIFETIME_SECONDS: number;
}

/** Who issues the ID tokens for key management, and how long auth lookups are cached. */
export interface AuthConfig {
  /** External OIDC issuer (e.g. Firebase); unset means Soku is its own local issuer. */
  external?: { jwksUrl: string; issuer: string; audience: string };
  cacheTtlSeconds: number;
  /** ID tokens with a longer lifetime (`exp - iat`) are refused. */
  idTokenMaxLifetimeSeconds: number;
}
