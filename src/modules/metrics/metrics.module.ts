import { Global, Module } from '@nestjs/common';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { SokuMetrics } from './soku-metrics';

/** The Prometheus registry every module records into, and `GET /metrics`. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [SokuMetrics, MetricsService, HttpMetricsMiddleware],
  exports: [SokuMetrics, HttpMetricsMiddleware],
})
export class MetricsModule {}
