import type { PlatformApiConfig } from './platform-api.config';

/** How long before a pinned version's sunset Soku starts saying so (boot log, /health/ready). */
export const SUNSET_WARNING_DAYS = 60;
const DAY_MS = 86_400_000;

/**
 * Graph API versions and the "Available Until" date of each, from
 * https://developers.facebook.com/docs/graph-api/changelog/versions ("Available Graph API
 * Versions"). A version whose date Meta gives as TBD is absent: nothing to warn about yet.
 */
const GRAPH_AVAILABLE_UNTIL: Readonly<Record<string, string>> = {
  'v21.0': '2027-01-21',
  'v22.0': '2027-05-20',
  'v23.0': '2027-10-08',
  'v24.0': '2028-02-18',
  'v25.0': '2028-07-29',
};

/**
 * LinkedIn supports each monthly version "for a minimum of one year" before its sunset
 * (https://learn.microsoft.com/en-us/linkedin/marketing/versioning, "What's changing"); a
 * version past it answers 426 NONEXISTENT_VERSION. Counting the year from the first day of the
 * release month gives the earliest sunset LinkedIn may apply.
 */
const LINKEDIN_SUPPORT_MONTHS = 12;

export function linkedinSunset(version: string): Date {
  const year = Number(version.slice(0, 4));
  const month = Number(version.slice(4, 6)) - 1;
  return new Date(Date.UTC(year, month + LINKEDIN_SUPPORT_MONTHS, 1));
}

/** One API version Soku is pinned to, and when its platform stops serving it. */
export interface PinnedApiVersion {
  setting: string;
  platforms: string;
  version: string;
  /** null: the platform documents no sunset for it (yet). */
  sunsetAt: Date | null;
}

/** The versions the configuration pins, with their documented sunsets. */
export function pinnedApiVersions(config: PlatformApiConfig): PinnedApiVersion[] {
  const graphUntil = GRAPH_AVAILABLE_UNTIL[config.metaGraphVersion];
  return [
    {
      setting: 'SOKU_META_GRAPH_VERSION',
      platforms: 'Facebook, Instagram',
      version: config.metaGraphVersion,
      sunsetAt: graphUntil ? new Date(`${graphUntil}T00:00:00Z`) : null,
    },
    {
      setting: 'SOKU_LINKEDIN_VERSION',
      platforms: 'LinkedIn',
      version: config.linkedinVersion,
      sunsetAt: linkedinSunset(config.linkedinVersion),
    },
    {
      // The Threads API documents no version sunsets (https://developers.facebook.com/docs/threads/changelog).
      setting: 'SOKU_THREADS_API_VERSION',
      platforms: 'Threads',
      version: config.threadsVersion,
      sunsetAt: null,
    },
  ];
}

/** A pinned version that is past its sunset or within the warning window of it. */
export interface ApiVersionNotice {
  setting: string;
  version: string;
  sunsetAt: string;
  daysLeft: number;
  message: string;
}

export function apiVersionNotices(config: PlatformApiConfig, now: Date): ApiVersionNotice[] {
  return pinnedApiVersions(config).flatMap((pinned) => {
    if (!pinned.sunsetAt) {
      return [];
    }
    const daysLeft = Math.floor((pinned.sunsetAt.getTime() - now.getTime()) / DAY_MS);
    if (daysLeft > SUNSET_WARNING_DAYS) {
      return [];
    }
    const sunsetAt = pinned.sunsetAt.toISOString().slice(0, 10);
    const when = daysLeft < 0 ? `was sunset on ${sunsetAt}` : `is sunset on ${sunsetAt}`;
    return [
      {
        setting: pinned.setting,
        version: pinned.version,
        sunsetAt,
        daysLeft,
        message: `${pinned.platforms} API version ${pinned.version} (${pinned.setting}) ${when}: set a newer version`,
      },
    ];
  });
}
