import { Expose } from 'class-transformer';
import { IsOptional, IsUrl, isURL, Matches } from 'class-validator';
import { PLATFORMS, type Platform } from '../common/platforms';
import { EnvInt } from './env-decorators';
import type { Env, EnvProblem } from './env-slice';

/** 32 bytes, as base64 (44 characters) or hex (64 characters). */
const KEY_PATTERN = /^(?:[A-Za-z0-9+/]{43}=|[0-9a-fA-F]{64})$/;
const KEY_MESSAGE =
  'must be 32 bytes as base64 or hex (generate one with: openssl rand -base64 32)';
const KEY_LIST_PATTERN =
  /^(?:[A-Za-z0-9+/]{43}=|[0-9a-fA-F]{64})(?:,(?:[A-Za-z0-9+/]{43}=|[0-9a-fA-F]{64}))*$/;
const HTTP_URL = { require_tld: false, protocols: ['http', 'https'], require_protocol: true };

export class IntegrationsEnv {
  @Expose()
  @IsOptional()
  @Matches(KEY_PATTERN, { message: KEY_MESSAGE })
  SOKU_ENCRYPTION_KEY?: string;

  @Expose()
  @IsOptional()
  @Matches(KEY_LIST_PATTERN, {
    message: `must be a comma-separated list of keys that each ${KEY_MESSAGE}`,
  })
  SOKU_ENCRYPTION_PREVIOUS_KEYS?: string;

  @Expose()
  @IsOptional()
  @IsUrl(HTTP_URL, {
    message: 'must be an http(s) URL the OAuth callback redirects the browser to',
  })
  SOKU_INTEGRATIONS_REDIRECT_URL?: string;

  @EnvInt({ default: 60, min: 0, max: 86_400, unit: 'seconds' })
  SOKU_TOKEN_REFRESH_INTERVAL_SECONDS: number;

  @EnvInt({ default: 900, min: 60, max: 30 * 86_400, unit: 'seconds' })
  SOKU_TOKEN_REFRESH_AHEAD_SECONDS: number;

  @EnvInt({ default: 10_000, min: 100, max: 120_000, unit: 'milliseconds' })
  SOKU_OAUTH_TIMEOUT_MS: number;
}

/** One platform's OAuth app and endpoint overrides; unset bases fall back to the real hosts. */
export interface PlatformOAuthConfig {
  clientId?: string;
  clientSecret?: string;
  /** Host of the browser-facing authorize page, e.g. https://x.com. */
  authBase?: string;
  /** Host of the token endpoint (code exchange and refresh). */
  tokenBase?: string;
  /** Host of the API the account details are read from. */
  apiBase?: string;
  /** Scopes to ask for instead of the provider's (e.g. LinkedIn's organization scopes). */
  scopes?: string[];
}

/** Connected accounts: the token vault's keys, the OAuth apps and the refresh schedule. */
export interface IntegrationsConfig {
  /** Unset: a key generated once into the data dir (single-host installs only). */
  encryptionKey?: string;
  /** Retired keys, still accepted to decrypt tokens written before a rotation. */
  previousEncryptionKeys: string[];
  /** Where the OAuth callback sends the browser; unset shows a small result page. */
  redirectUrl?: string;
  /** 0 disables the proactive refresh job. */
  refreshIntervalSeconds: number;
  refreshAheadSeconds: number;
  oauthTimeoutMs: number;
  platforms: Record<Platform, PlatformOAuthConfig>;
}

const BASES = { AUTH_BASE: 'authBase', TOKEN_BASE: 'tokenBase', API_BASE: 'apiBase' } as const;

/**
 * The per-platform variables (`SOKU_<PLATFORM>_CLIENT_ID`, `_CLIENT_SECRET`, `_AUTH_BASE`,
 * `_TOKEN_BASE`, `_API_BASE`, `_SCOPES`): forty-eight of them, so read in a loop rather than
 * declared one by one.
 */
export function readPlatformOAuthEnv(env: Env): {
  value: Record<Platform, PlatformOAuthConfig>;
  problems: EnvProblem[];
} {
  const problems: EnvProblem[] = [];
  const read = (name: string) => (env[name] === '' ? undefined : env[name]?.trim());
  const entries = PLATFORMS.map((platform): [Platform, PlatformOAuthConfig] => {
    const prefix = `SOKU_${platform.toUpperCase()}_`;
    const scopes = read(`${prefix}SCOPES`)
      ?.split(/[\s,]+/)
      .filter(Boolean);
    const config: PlatformOAuthConfig = {
      clientId: read(`${prefix}CLIENT_ID`),
      clientSecret: read(`${prefix}CLIENT_SECRET`),
      ...(scopes?.length ? { scopes } : {}),
    };
    if ((config.clientId === undefined) !== (config.clientSecret === undefined)) {
      const missing = config.clientId === undefined ? 'CLIENT_ID' : 'CLIENT_SECRET';
      problems.push({
        variable: `${prefix}${missing}`,
        problem: `is required with ${prefix}${missing === 'CLIENT_ID' ? 'CLIENT_SECRET' : 'CLIENT_ID'}`,
      });
    }
    for (const [suffix, key] of Object.entries(BASES)) {
      const value = read(`${prefix}${suffix}`);
      if (value !== undefined && !isURL(value, HTTP_URL)) {
        problems.push({
          variable: `${prefix}${suffix}`,
          problem: 'must be an http(s) base URL, e.g. http://127.0.0.1:4010',
          received: value,
        });
      }
      config[key] = value?.replace(/\/+$/, '');
    }
    return [platform, config];
  });
  return { value: Object.fromEntries(entries) as Record<Platform, PlatformOAuthConfig>, problems };
}
