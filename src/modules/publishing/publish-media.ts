import type { Scope } from '../../common/auth/route-auth';
import { mediaKindOf, PublishError, type PublishMedia } from '../connectors';
import { MediaNotFoundError, type MediaService } from '../media';

export const MEDIA_NOT_IMPORTED =
  "The post's media were not imported: retry the post to import them";

/** One stored medium as a connector takes it; one deleted meanwhile fails the attempt for good. */
export async function publishMedia(
  media: MediaService,
  scope: Scope,
  id: string,
): Promise<PublishMedia> {
  const found = await media.get(scope, id).catch((error: unknown) => {
    throw error instanceof MediaNotFoundError
      ? new PublishError(
          'permanent',
          'media_unavailable',
          `Media ${id} was deleted before publishing`,
        )
      : error;
  });
  return {
    id,
    kind: mediaKindOf(found.mimeType),
    mimeType: found.mimeType,
    size: found.size,
    width: found.width,
    height: found.height,
    durationSeconds: found.durationSeconds,
    url: media.publicUrl(found),
    open: () => media.open(scope, id),
  };
}
