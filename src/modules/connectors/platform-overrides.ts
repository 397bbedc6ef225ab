import type { Platform } from '../../common/platforms';
import { type PlatformOverride, type PostContent, remoteMediaUrls } from './post-content';
import type { PartMedia, PostPartsContent } from './post-parts';

/** The override fields that carry media. */
export const OVERRIDE_MEDIA_FIELDS = ['mediaIds', 'imageUrls', 'videoUrl'] as const;

/**
 * What a run on `platform` publishes: the post's content with that platform's override in place
 * of the fields it names. An override that names any media field replaces all of the post's
 * media, so an X override with one image never also carries the post's video.
 */
export function effectiveContent(content: PostContent, platform: string): PostContent {
  const { platformOverrides, ...base } = content;
  const override = platformOverrides?.[platform as Platform];
  if (!override) {
    return base;
  }
  const effective: PostContent = { ...base };
  if (override.text !== undefined) {
    effective.text = override.text;
  }
  if (overridesMedia(override)) {
    delete effective.videoUrl;
    delete effective.imageUrls;
    delete effective.mediaUrls;
    delete effective.mediaIds;
    for (const field of OVERRIDE_MEDIA_FIELDS) {
      if (override[field] !== undefined) {
        Object.assign(effective, { [field]: override[field] });
      }
    }
  }
  return effective;
}

export function overridesMedia(override: PlatformOverride): boolean {
  return OVERRIDE_MEDIA_FIELDS.some((field) => override[field] !== undefined);
}

/** One stored medium of a submission: a remote URL to import, or one of the user's media. */
export type MediaSource = { url: string } | { mediaId: string };

const keyOf = (source: MediaSource): string =>
  'url' in source ? `url:${source.url}` : `id:${source.mediaId}`;

function sourcesOf(content: PostContent): MediaSource[] {
  return [
    ...remoteMediaUrls(content).map((url) => ({ url })),
    ...(content.mediaIds ?? []).map((mediaId) => ({ mediaId })),
  ];
}

/** A part's media in the order it publishes them: its images, then the user's own media. */
function partSourcesOf(part: PartMedia): MediaSource[] {
  return [
    ...(part.imageUrls ?? []).map((url) => ({ url })),
    ...(part.mediaIds ?? []).map((mediaId) => ({ mediaId })),
  ];
}

/**
 * The layout of a submission's stored `media_ids`: the post's own media in post order (remote
 * URLs, then media ids, as before overrides existed), then each override's media not already
 * there, platforms in name order, then the parts' (thread in order, first comment last). Each URL
 * appears in it once per position, so it is imported once.
 */
export function storedMediaSources(content: PostContent): MediaSource[] {
  const { thread = [], firstComment } = content as PostContent & PostPartsContent;
  const layout = sourcesOf(content);
  const seen = new Set(layout.map(keyOf));
  const platforms = Object.keys(content.platformOverrides ?? {}).sort();
  const later = [
    ...platforms.flatMap((platform) => sourcesOf(effectiveContent(content, platform))),
    ...[...thread, ...(firstComment ? [firstComment] : [])].flatMap(partSourcesOf),
  ];
  for (const source of later) {
    if (!seen.has(keyOf(source))) {
      seen.add(keyOf(source));
      layout.push(source);
    }
  }
  return layout;
}

/** Every one of the user's own media a submission uses, its overrides' included, once each. */
export function ownMediaIds(content: PostContent): string[] {
  return [
    ...new Set(
      storedMediaSources(content).flatMap((source) =>
        'mediaId' in source ? [source.mediaId] : [],
      ),
    ),
  ];
}

/** Whether the submission has remote URLs to import, its overrides' included. */
export function importsRemoteMedia(content: PostContent): boolean {
  return storedMediaSources(content).some((source) => 'url' in source);
}

/**
 * The stored media a run on `platform` publishes, in its effective post order. `stored` is laid
 * out by storedMediaSources; anything else (no import yet, or a failed one) is passed through, so
 * the publisher's own check of the count refuses it.
 */
export function runMediaIds(content: PostContent, platform: string, stored: string[]): string[] {
  const layout = storedMediaSources(content);
  if (stored.length !== layout.length) {
    return stored;
  }
  const override = content.platformOverrides?.[platform as Platform];
  if (!override || !overridesMedia(override)) {
    return stored.slice(0, sourcesOf(content).length);
  }
  const keys = layout.map(keyOf);
  return sourcesOf(effectiveContent(content, platform)).map(
    (source) => stored[keys.indexOf(keyOf(source))],
  );
}

/**
 * The stored media one part publishes, in its order; empty when `stored` is not laid out by
 * storedMediaSources (no import yet), so the caller's count check refuses the part.
 */
export function partMediaIds(content: PostContent, part: PartMedia, stored: string[]): string[] {
  const layout = storedMediaSources(content);
  if (stored.length !== layout.length) {
    return [];
  }
  const keys = layout.map(keyOf);
  return partSourcesOf(part).map((source) => stored[keys.indexOf(keyOf(source))]);
}

/** How many media a part publishes with. */
export function partMediaCount(part: PartMedia): number {
  return partSourcesOf(part).length;
}
