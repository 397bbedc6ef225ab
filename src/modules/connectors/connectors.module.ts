import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConnectorRegistry, PLATFORM_CONNECTORS } from './connector.registry';
import { SandboxPostEntity } from './entities/sandbox-post.entity';
import { FacebookConnector } from './facebook/facebook.connector';
import { InstagramConnector } from './instagram/instagram.connector';
import { LinkedinConnector } from './linkedin/linkedin.connector';
import type { PlatformConnector } from './platform-connector';
import { SandboxConnector } from './sandbox.connector';
import { SandboxPostsController } from './sandbox/sandbox-posts.controller';
import { SandboxPostsRepository } from './sandbox/sandbox-posts.repository';
import { DELETERS } from './deletion/deleters';
import { DeleterRegistry, POST_DELETERS } from './deletion/deleter.registry';
import type { PostDeleter } from './post-deleter';
import { SandboxDeleter } from './sandbox/sandbox-deleter';
import { SnapchatConnector } from './snapchat/snapchat.connector';
import { ThreadsConnector } from './threads/threads.connector';
import { TiktokConnector } from './tiktok/tiktok.connector';
import { XConnector } from './x/x.connector';
import { MetricsReaderRegistry, POST_METRICS_READERS } from './metrics/metrics-reader.registry';
import type { PostMetricsReader } from './metrics/post-metrics-reader';
import { SandboxMetricsReader } from './metrics/sandbox-metrics.reader';
import { XMetricsReader } from './x/x-metrics.reader';
import { InstagramMetricsReader } from './instagram/instagram-metrics.reader';
import { ThreadsMetricsReader } from './threads/threads-metrics.reader';
import { TiktokMetricsReader } from './tiktok/tiktok-metrics.reader';
import { YoutubeMetricsReader } from './youtube/youtube-metrics.reader';
import { FacebookMetricsReader } from './facebook/facebook-metrics.reader';
import { LinkedinMetricsReader } from './linkedin/linkedin-metrics.reader';
import { YoutubeConnector } from './youtube/youtube.connector';
import { PartPublisherRegistry, PART_PUBLISHERS } from './part-publisher.registry';
import type { PartPublisher } from './part-publisher';
import { SandboxPartPublisher } from './sandbox/sandbox-part-publisher';
import { XPartPublisher } from './x/x-part-publisher';
import { ThreadsPartPublisher } from './threads/threads-part-publisher';
import { InstagramPartPublisher } from './instagram/instagram-part-publisher';
import { FacebookPartPublisher } from './facebook/facebook-part-publisher';
import { LinkedinPartPublisher } from './linkedin/linkedin-part-publisher';
import { YoutubePartPublisher } from './youtube/youtube-part-publisher';

/** The platforms' replies-and-comments publishers (the PartPublisher port). */
const PART_PUBLISHER_CLASSES = [
  XPartPublisher,
  ThreadsPartPublisher,
  InstagramPartPublisher,
  FacebookPartPublisher,
  LinkedinPartPublisher,
  YoutubePartPublisher,
];

/** The real platforms' connectors, one list for the providers and PLATFORM_CONNECTORS. */
const CONNECTORS = [
  XConnector,
  InstagramConnector,
  FacebookConnector,
  ThreadsConnector,
  TiktokConnector,
  YoutubeConnector,
  LinkedinConnector,
  SnapchatConnector,
];

/** The real platforms' metrics readers (Snapchat has none: its posts read as unavailable). */
const METRICS_READERS = [
  XMetricsReader,
  InstagramMetricsReader,
  ThreadsMetricsReader,
  TiktokMetricsReader,
  YoutubeMetricsReader,
  FacebookMetricsReader,
  LinkedinMetricsReader,
];

/**
 * The platform connectors, looked up by platform through ConnectorRegistry, and the sandbox
 * connector with its recorded posts and their public page. Imports no feature module: it sits
 * below publishing, which is the only caller of `publish` and `findPublished`.
 */
@Module({
  imports: [TypeOrmModule.forFeature([SandboxPostEntity])],
  controllers: [SandboxPostsController],
  providers: [
    ...CONNECTORS,
    {
      provide: PLATFORM_CONNECTORS,
      inject: CONNECTORS,
      useFactory: (...connectors: PlatformConnector[]) => connectors,
    },
    SandboxPostsRepository,
    SandboxConnector,
    ConnectorRegistry,
    ...DELETERS,
    {
      provide: POST_DELETERS,
      inject: DELETERS,
      useFactory: (...deleters: PostDeleter[]) => deleters,
    },
    SandboxDeleter,
    DeleterRegistry,
    ...METRICS_READERS,
    {
      provide: POST_METRICS_READERS,
      inject: METRICS_READERS,
      useFactory: (...readers: PostMetricsReader[]) => readers,
    },
    SandboxMetricsReader,
    MetricsReaderRegistry,
    ...PART_PUBLISHER_CLASSES,
    {
      provide: PART_PUBLISHERS,
      inject: PART_PUBLISHER_CLASSES,
      useFactory: (...publishers: PartPublisher[]) => publishers,
    },
    SandboxPartPublisher,
    PartPublisherRegistry,
  ],
  exports: [ConnectorRegistry, DeleterRegistry, MetricsReaderRegistry, PartPublisherRegistry],
})
export class ConnectorsModule {}
