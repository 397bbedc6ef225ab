/** The connectors' public API: other modules import only what is exported here. */
export { ConnectorsModule } from './connectors.module';
export { ConnectorRegistry, PLATFORM_CONNECTORS } from './connector.registry';
export {
  type PlatformConnector,
  type PublishFailureKind,
  type PublishMedia,
  type PublishRequest,
  type PublishResult,
  PublishError,
} from './platform-connector';
export { UnansweredCallError } from './unanswered-call';
export { withCallDeadline } from './call-deadline';
export * from './post-content';
export * from './platform-options';
export { platformProblems, takesJpegOnly } from './platform-rules';
export { DeleterRegistry } from './deletion/deleter.registry';
export {
  type DeleteOutcome,
  type DeleteRequest,
  DELETION_UNSUPPORTED,
  PostDeleter,
} from './post-deleter';
export { MetricsReaderRegistry } from './metrics/metrics-reader.registry';
export {
  METRIC_NAMES,
  type MetricFigures,
  type MetricName,
  type MetricsReadRequest,
  PostMetricsReader,
  type PostMetricsResult,
  type PublishedPost,
} from './metrics/post-metrics-reader';
export * from './platform-overrides';
export { platformName, type TextLength, textLengthOf, textLengthProblem } from './platform-rules';
export * from './post-parts';
export { partMediaProblems } from './part-media-rules';
export { PartPublisher, type PartRequest } from './part-publisher';
export { PartPublisherRegistry } from './part-publisher.registry';
export { TEXT_COUNTER_SOURCE } from './text-counter-source';
