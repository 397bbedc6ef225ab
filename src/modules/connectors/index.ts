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
export { platformName, textLengthProblem } from './platform-rules';
export * from './post-parts';
export { PartPublisher, type PartRequest } from './part-publisher';
export { PartPublisherRegistry } from './part-publisher.registry';
