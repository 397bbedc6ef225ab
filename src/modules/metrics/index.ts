/** The metrics module's public API. */
export { MetricsModule } from './metrics.module';
export { HttpMetricsMiddleware } from './http-metrics.middleware';
