import { PublishError, type PublishMedia } from '../platform-connector';

/**
 * Refuses, before any call, media the platform documents it cannot take (checked again here
 * because a URL's extension at request time may not match the stored file's real type).
 */
export function requireFormats(
  media: PublishMedia[],
  platformName: string,
  accepted: { image: readonly string[]; video: readonly string[] },
): void {
  for (const item of media) {
    const allowed = item.kind === 'audio' ? [] : accepted[item.kind];
    if (!allowed.includes(item.mimeType)) {
      throw new PublishError(
        'permanent',
        'unsupported_media_type',
        `${platformName} does not take ${item.mimeType} ${item.kind === 'audio' ? 'audio' : item.kind + 's'}; it takes ${[...accepted.image, ...accepted.video].join(', ')}`,
      );
    }
  }
}
