import { Global, Module } from '@nestjs/common';
import { SokuMetrics } from './soku-metrics';

/**
 * This process's one Prometheus registry. Global infrastructure, like the logger: every module
 * records into it; the metrics module only serves it on `GET /metrics`.
 */
@Global()
@Module({
  providers: [SokuMetrics],
  exports: [SokuMetrics],
})
export class MetricsRegistryModule {}
