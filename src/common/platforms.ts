/** The platforms Soku publishes to, by their v1 `platform` values. */
export const PLATFORMS = [
  'x',
  'instagram',
  'facebook',
  'threads',
  'tiktok',
  'youtube',
  'linkedin',
  'snapchat',
] as const;

export type Platform = (typeof PLATFORMS)[number];

/** Accepted spellings that name the same platform. */
const ALIASES = new Map<string, Platform>([['facebook_pages', 'facebook']]);

/** Every value the API accepts in `platform`, aliases included. */
export const PLATFORM_VALUES: readonly string[] = [...PLATFORMS, ...ALIASES.keys()];

/** The canonical platform for an accepted value, or undefined for an unknown one. */
export function normalizePlatform(value: string): Platform | undefined {
  return (PLATFORMS as readonly string[]).includes(value)
    ? (value as Platform)
    : ALIASES.get(value);
}
