import { Inject, Injectable } from '@nestjs/common';
import type { Platform } from '../../../common/platforms';
import type { PostMetricsReader } from './post-metrics-reader';
import { SandboxMetricsReader } from './sandbox-metrics.reader';

/** Multi-provider token: every real platform's metrics reader is registered under it. */
export const POST_METRICS_READERS = Symbol('POST_METRICS_READERS');

/** The metrics reader of an account, like ConnectorRegistry for publishing. */
@Injectable()
export class MetricsReaderRegistry {
  private readonly byPlatform: Map<string, PostMetricsReader>;

  constructor(
    @Inject(POST_METRICS_READERS) readers: PostMetricsReader[],
    private readonly sandbox: SandboxMetricsReader,
  ) {
    this.byPlatform = new Map(readers.map((reader) => [reader.platform, reader]));
  }

  /** Undefined where the platform has no metrics API Soku reads (Snapchat's posts). */
  get(platform: Platform, sandbox: boolean): PostMetricsReader | undefined {
    return sandbox ? this.sandbox : this.byPlatform.get(platform);
  }
}
