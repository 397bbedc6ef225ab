import { Expose, Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ValidateBy } from 'class-validator';
import { EnvInt } from './env-decorators';
import { toList } from './env-slice';
import { isAllowListEntry } from './media.config';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^(\d+)(ms|s|m|h)$/;

/** After an attempt fails, the wait before the next one: about a day in all. */
const DEFAULT_RETRY_SCHEDULE = '5s,5m,30m,2h,5h,10h,6h';

/** `5s` → 5000; NaN when it is not a duration. */
export function parseDurationMs(text: string): number {
  const match = DURATION.exec(text);
  return match ? Number(match[1]) * UNIT_MS[match[2]] : Number.NaN;
}

export class WebhooksEnv {
  @Expose()
  @Transform(toList)
  @ValidateBy(
    { name: 'allowListEntry', validator: { validate: (v: unknown) => isAllowListEntry(v) } },
    { each: true, message: 'each entry must be a hostname, an IP address or a CIDR range' },
  )
  SOKU_WEBHOOK_ALLOWED_HOSTS: string[];

  @Expose()
  @Transform(({ value }: { value?: string }) => toList({ value: value ?? DEFAULT_RETRY_SCHEDULE }))
  @ArrayMinSize(1, { message: 'must list at least one delay' })
  @ArrayMaxSize(20, { message: 'must list at most 20 delays' })
  @ValidateBy(
    {
      name: 'duration',
      validator: { validate: (v: unknown) => typeof v === 'string' && DURATION.test(v) },
    },
    { each: true, message: 'each delay must be a number with ms, s, m or h, e.g. 5s,5m,2h' },
  )
  SOKU_WEBHOOK_RETRY_SCHEDULE: string[];

  @EnvInt({ default: 15_000, min: 100, max: 30_000, unit: 'milliseconds' })
  SOKU_WEBHOOK_TIMEOUT_MS: number;

  @EnvInt({ default: 10, min: 1, max: 200 })
  SOKU_WEBHOOK_CONCURRENCY: number;

  @EnvInt({ default: 1000, min: 50, max: 60_000, unit: 'milliseconds' })
  SOKU_WEBHOOK_RELAY_INTERVAL_MS: number;

  @EnvInt({ default: 3, min: 1, max: 10 })
  SOKU_AUTOMATION_MAX_DEPTH: number;
}

/** Outbound webhooks, the outbox relay and automations. */
export interface WebhooksConfig {
  /** Hosts, IPs or CIDRs endpoints may use although not public (and over plain http). */
  allowedHosts: string[];
  /** Wait after failed attempt n before attempt n+1; its length + 1 is the number of attempts. */
  retryDelaysMs: number[];
  /** Whole-request timeout of one delivery attempt. */
  timeoutMs: number;
  concurrency: number;
  /** How often the worker turns new outbox events into deliveries and automation runs. */
  relayIntervalMs: number;
  /** Longest chain of automations one post can set off. */
  automationMaxDepth: number;
}

export function toWebhooksConfig(env: WebhooksEnv): WebhooksConfig {
  return {
    allowedHosts: env.SOKU_WEBHOOK_ALLOWED_HOSTS,
    retryDelaysMs: env.SOKU_WEBHOOK_RETRY_SCHEDULE.map(parseDurationMs),
    timeoutMs: env.SOKU_WEBHOOK_TIMEOUT_MS,
    concurrency: env.SOKU_WEBHOOK_CONCURRENCY,
    relayIntervalMs: env.SOKU_WEBHOOK_RELAY_INTERVAL_MS,
    automationMaxDepth: env.SOKU_AUTOMATION_MAX_DEPTH,
  };
}
