import { Expose } from 'class-transformer';
import { IsOptional, Matches } from 'class-validator';
import { PLATFORMS, type Platform } from '../common/platforms';
import { EnvInt } from './env-decorators';

/** At most `posts` publish calls in any `windowMs` (a sliding window: never more than documented). */
export interface PostingWindow {
  posts: number;
  windowMs: number;
}

/** A platform's posting limits: per connected account (user token) and per app (all accounts). */
export interface PlatformPostingLimits {
  account?: PostingWindow;
  app?: PostingWindow;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * The platforms' documented posting limits. Connectors still defer on the platform's own quota
 * answer (x-errors, graph-errors, tiktok-errors, youtube-errors, linkedin-errors): this table
 * keeps a worker from spending a call to collect that answer. Facebook Pages and LinkedIn
 * document no fixed number (Meta's Business Use Case limits scale with the Page; LinkedIn's are
 * per app in its Developer Portal), Snapchat none: set them with SOKU_PUBLISH_LIMITS.
 */
export const DOCUMENTED_POSTING_LIMITS: Partial<Record<Platform, PlatformPostingLimits>> = {
  // https://developer.x.com/en/docs/x-api/tweets/manage-tweets (Introduction): "a user rate
  // limit of 200 requests per 15 minutes for the POST method".
  x: { account: { posts: 200, windowMs: 15 * MINUTE } },
  // https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/content_publishing_limit
  // (Reading, sample response): config.quota_total 50, quota_duration 86400 for media_publish.
  instagram: { account: { posts: 50, windowMs: DAY } },
  // https://developers.facebook.com/docs/threads/overview (Rate Limiting, Posts): "limited to
  // 250 API-published posts within a 24-hour moving period".
  threads: { account: { posts: 250, windowMs: DAY } },
  // https://developers.tiktok.com/doc/content-posting-api-reference-direct-post (Initialize the
  // posting request): "Each user access_token is limited to 6 requests per minute".
  tiktok: { account: { posts: 6, windowMs: MINUTE } },
  // https://developers.google.com/youtube/data/determine_quota_cost: "a default quota allocation
  // of … 100 videos.insert calls" per project per day (reset at midnight PT; a sliding 24 h is
  // never more).
  youtube: { app: { posts: 100, windowMs: DAY } },
};

const UNITS: Record<string, number> = { s: 1000, m: MINUTE, h: 60 * MINUTE, d: DAY };
const ITEM = `(${PLATFORMS.join('|')})(:app)?=(off|[1-9][0-9]{0,6}/[1-9][0-9]{0,4}[smhd])`;
const LIMITS_SYNTAX = new RegExp(`^${ITEM}(,${ITEM})*$`);

export class PublishLimitsEnv {
  /** Calls in flight to one account at once, across every worker. */
  @EnvInt({ default: 10, min: 1, max: 1000 })
  SOKU_PUBLISH_ACCOUNT_CONCURRENCY: number;

  /** Calls in flight to one platform at once, across every worker. */
  @EnvInt({ default: 2000, min: 1, max: 100_000 })
  SOKU_PUBLISH_PLATFORM_CONCURRENCY: number;

  /** How long a run waits for a concurrency slot before it tries again. */
  @EnvInt({ default: 1000, min: 10, max: 600_000, unit: 'milliseconds' })
  SOKU_PUBLISH_BUSY_RETRY_MS: number;

  @Expose()
  @IsOptional()
  @Matches(LIMITS_SYNTAX, {
    message:
      'must be a comma-separated list of <platform>[:app]=<posts>/<window> or <platform>[:app]=off, e.g. x=200/15m,youtube:app=off',
  })
  SOKU_PUBLISH_LIMITS?: string;
}

export interface PublishLimitsConfig {
  accountConcurrency: number;
  platformConcurrency: number;
  busyRetryMs: number;
  postingLimits: Partial<Record<Platform, PlatformPostingLimits>>;
}

export function toPublishLimitsConfig(env: PublishLimitsEnv): PublishLimitsConfig {
  return {
    accountConcurrency: env.SOKU_PUBLISH_ACCOUNT_CONCURRENCY,
    platformConcurrency: env.SOKU_PUBLISH_PLATFORM_CONCURRENCY,
    busyRetryMs: env.SOKU_PUBLISH_BUSY_RETRY_MS,
    postingLimits: withOverrides(env.SOKU_PUBLISH_LIMITS),
  };
}

/** The documented table with the operator's overrides (already validated by LIMITS_SYNTAX). */
function withOverrides(overrides: string | undefined): PublishLimitsConfig['postingLimits'] {
  const limits: PublishLimitsConfig['postingLimits'] = {};
  for (const [platform, value] of Object.entries(DOCUMENTED_POSTING_LIMITS)) {
    limits[platform as Platform] = { ...value };
  }
  for (const item of overrides ? overrides.split(',') : []) {
    const [, platform, app, value] = new RegExp(`^${ITEM}$`).exec(item)!;
    const scope = app ? 'app' : 'account';
    const entry = { ...limits[platform as Platform] };
    const [posts, window] = value.split('/');
    entry[scope] =
      value === 'off'
        ? undefined
        : { posts: Number(posts), windowMs: Number(window.slice(0, -1)) * UNITS[window.slice(-1)] };
    limits[platform as Platform] = entry;
  }
  return limits;
}
