import { Expose, Transform } from 'class-transformer';
import { IsOptional, MinLength, ValidateBy } from 'class-validator';
import * as ipaddr from 'ipaddr.js';
import { isIP } from 'node:net';
import { EnvInt } from './env-decorators';
import { toList } from './env-slice';

const HOSTNAME =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** `host`, `10.0.0.0/8`, `fd00::/8` or a single address. */
export function isAllowListEntry(entry: unknown): boolean {
  if (typeof entry !== 'string') {
    return false;
  }
  return isIP(entry) !== 0 || ipaddr.isValidCIDR(entry) || HOSTNAME.test(entry);
}

/** `ip` or `ip:port` (`[v6]:port`), as dns.Resolver#setServers takes them. */
function isDnsServer(entry: unknown): boolean {
  if (typeof entry !== 'string') {
    return false;
  }
  const match = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d{1,5}))?$/.exec(entry);
  const host = match?.[1] ?? match?.[2];
  return (host !== undefined && isIP(host) !== 0) || isIP(entry) === 6;
}

export class MediaEnv {
  @EnvInt({ default: 1024 ** 3, min: 1, max: Number.MAX_SAFE_INTEGER, unit: 'bytes' })
  SOKU_MEDIA_MAX_BYTES: number;

  @Expose()
  @Transform(toList)
  @ValidateBy(
    { name: 'allowListEntry', validator: { validate: (v: unknown) => isAllowListEntry(v) } },
    { each: true, message: 'each entry must be a hostname, an IP address or a CIDR range' },
  )
  SOKU_MEDIA_ALLOWED_HOSTS: string[];

  @Expose()
  @Transform(toList)
  @ValidateBy(
    { name: 'dnsServer', validator: { validate: (v: unknown) => isDnsServer(v) } },
    { each: true, message: 'each entry must be an IP address, optionally with :port' },
  )
  SOKU_MEDIA_DNS_SERVERS: string[];

  @EnvInt({ default: 10_000, min: 1, max: 24 * 3_600_000, unit: 'milliseconds' })
  SOKU_MEDIA_CONNECT_TIMEOUT_MS: number;

  @EnvInt({ default: 30_000, min: 1, max: 24 * 3_600_000, unit: 'milliseconds' })
  SOKU_MEDIA_IDLE_TIMEOUT_MS: number;

  @EnvInt({ default: 30 * 60_000, min: 1, max: 24 * 3_600_000, unit: 'milliseconds' })
  SOKU_MEDIA_TOTAL_TIMEOUT_MS: number;

  @EnvInt({ default: 3600, min: 60, max: 604_800, unit: 'seconds' })
  SOKU_MEDIA_UPLOAD_URL_TTL_SECONDS: number;

  @Expose()
  @IsOptional()
  @MinLength(32, { message: 'must be at least 32 characters' })
  SOKU_MEDIA_SIGNING_SECRET?: string;
}

/** Remote import limits and the SSRF policy's one escape hatch; direct-upload URL lifetime. */
export interface MediaConfig {
  maxBytes: number;
  /** Hosts, addresses and CIDR ranges that may be fetched even though they are not public. */
  allowedHosts: string[];
  /** DNS servers for remote imports; empty means the system resolver. */
  dnsServers: string[];
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  totalTimeoutMs: number;
  uploadUrlTtlSeconds: number;
  /** Signs local upload URLs; unset means a random key per process. */
  signingSecret?: string;
}

export function toMediaConfig(env: MediaEnv): MediaConfig {
  return {
    maxBytes: env.SOKU_MEDIA_MAX_BYTES,
    allowedHosts: env.SOKU_MEDIA_ALLOWED_HOSTS,
    dnsServers: env.SOKU_MEDIA_DNS_SERVERS,
    connectTimeoutMs: env.SOKU_MEDIA_CONNECT_TIMEOUT_MS,
    idleTimeoutMs: env.SOKU_MEDIA_IDLE_TIMEOUT_MS,
    totalTimeoutMs: env.SOKU_MEDIA_TOTAL_TIMEOUT_MS,
    uploadUrlTtlSeconds: env.SOKU_MEDIA_UPLOAD_URL_TTL_SECONDS,
    signingSecret: env.SOKU_MEDIA_SIGNING_SECRET,
  };
}
