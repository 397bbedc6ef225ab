import { createHash } from 'node:crypto';
import type { Scope } from '../../common/auth/route-auth';
import type { ImageFormat } from './render/image-format';

/** Bump when a layout or font change makes stored renders out of date. */
export const RENDER_VERSION = 1;

/**
 * The media id of a render, derived from everything that decides its bytes (template, size,
 * validated config with defaults applied, format) and its owner, user and profile: the same
 * request always maps to the same media, which is what lets the second one skip rendering.
 * PNG, the default, is left out of the key, and so is the default profile, so renders stored
 * before formats or profiles existed keep their ids.
 */
export function renderMediaId(
  { userId, profileId }: Scope,
  slug: string,
  ratio: string,
  config: object,
  format: ImageFormat = 'png',
): string {
  const owner = profileId === userId ? [userId] : [userId, profileId];
  const key = [RENDER_VERSION, ...owner, slug, ratio, canonical(config)];
  if (format !== 'png') {
    key.push(format);
  }
  const hex = createHash('sha256').update(JSON.stringify(key)).digest('hex');
  // Shaped as an RFC 4122 name-based UUID (version 5 bits, variant 10), as media ids are UUIDs.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Plain data with object keys sorted, so key order in the request does not matter. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(canonical);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
