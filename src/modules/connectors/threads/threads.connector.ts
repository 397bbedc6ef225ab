import { Injectable } from '@nestjs/common';
import { SokuConfig } from '../../../config/soku-config';
import type { ContainerDialect } from '../meta/container-dialect';
import { ContainerPublisher } from '../meta/container-publisher';
import { graphClientFor } from '../meta/graph-client';
import { requireFormats } from '../meta/media-formats';
import type {
  PlatformConnector,
  PublishMedia,
  PublishRequest,
  PublishResult,
} from '../platform-connector';

export const THREADS_FORMATS = {
  image: ['image/jpeg', 'image/png'],
  video: ['video/mp4', 'video/quicktime'],
} as const;

const mediaParams = (media: PublishMedia): Record<string, string> =>
  media.kind === 'video'
    ? { media_type: 'VIDEO', video_url: media.url }
    : { media_type: 'IMAGE', image_url: media.url };

/** How Threads spells Meta's container model: posts here, replies in ThreadsPartPublisher. */
export const THREADS_DIALECT: ContainerDialect = {
  createEdge: 'threads',
  publishEdge: 'threads_publish',
  statusField: 'status',
  errorField: 'error_message',
  textField: 'text',
  userIdKey: 'threadsUserId',
  singleParams: (media) => (media ? mediaParams(media) : { media_type: 'TEXT' }),
  carouselItemParams: mediaParams,
};

/**
 * Threads publishing: a TEXT, IMAGE or VIDEO container, or a CAROUSEL of item containers, then
 * `threads_publish`; Threads fetches the media from the public URL of Soku's stored copy.
 */
@Injectable()
export class ThreadsConnector implements PlatformConnector {
  readonly platform = 'threads';
  private readonly containers: ContainerPublisher;

  constructor(config: SokuConfig) {
    const graph = graphClientFor(config, 'threads', config.platformApi.threadsVersion, 'Threads');
    this.containers = new ContainerPublisher(graph, THREADS_DIALECT, config.platformApi);
  }

  publish(request: PublishRequest): Promise<PublishResult> {
    requireFormats(request.media, 'Threads', THREADS_FORMATS);
    return this.containers.publish(request);
  }

  findPublished(request: PublishRequest): Promise<PublishResult | null | undefined> {
    return this.containers.findPublished(request);
  }
}
