import { Injectable } from '@nestjs/common';
import { SokuConfig } from '../../../config/soku-config';
import { ContainerPublisher } from '../meta/container-publisher';
import { graphClientFor } from '../meta/graph-client';
import { requireFormats } from '../meta/media-formats';
import {
  type PlatformConnector,
  PublishError,
  type PublishMedia,
  type PublishRequest,
  type PublishResult,
} from '../platform-connector';

/** JPEG is the only image format Instagram officially supports; Reels are MP4 or MOV. */
export const INSTAGRAM_FORMATS = {
  image: ['image/jpeg'],
  video: ['video/mp4', 'video/quicktime'],
} as const;

const videoOrImage = (media: PublishMedia): Record<string, string> =>
  media.kind === 'video' ? { media_type: 'VIDEO', video_url: media.url } : { image_url: media.url };

/**
 * Instagram content publishing (Instagram API with Facebook Login, the Page's token): one image,
 * a Reel for a video, or a carousel of 2–10 images and videos, each through container → status →
 * `media_publish`; Instagram fetches the media from the public URL of Soku's stored copy.
 */
@Injectable()
export class InstagramConnector implements PlatformConnector {
  readonly platform = 'instagram';
  private readonly containers: ContainerPublisher;

  constructor(config: SokuConfig) {
    const graph = graphClientFor(
      config,
      'instagram',
      config.platformApi.metaGraphVersion,
      'Instagram',
    );
    this.containers = new ContainerPublisher(
      graph,
      {
        createEdge: 'media',
        publishEdge: 'media_publish',
        statusField: 'status_code',
        errorField: 'status',
        textField: 'caption',
        userIdKey: 'igUserId',
        singleParams: (media): Record<string, string> =>
          media?.kind === 'video'
            ? { media_type: 'REELS', video_url: media.url, share_to_feed: 'true' }
            : { image_url: media?.url ?? '' },
        carouselItemParams: videoOrImage,
      },
      config.platformApi,
    );
  }

  publish(request: PublishRequest): Promise<PublishResult> {
    if (request.media.length === 0) {
      throw new PublishError('permanent', 'media_required', 'Instagram needs an image or a video');
    }
    requireFormats(request.media, 'Instagram', INSTAGRAM_FORMATS);
    return this.containers.publish(request);
  }

  findPublished(request: PublishRequest): Promise<PublishResult | null | undefined> {
    return this.containers.findPublished(request);
  }
}
