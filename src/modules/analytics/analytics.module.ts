import { Module } from '@nestjs/common';
import { ConnectorsModule } from '../connectors';
import { IntegrationsModule } from '../integrations';
import { PublishingModule } from '../publishing';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsService } from './analytics.service';
import { MetricReadsRepository } from './metric-reads.repository';
import { MetricSamplesRepository } from './metric-samples.repository';
import { MetricsCollector } from './metrics-collector';
import { MetricsProcessor } from './metrics.processor';
import { MetricsReaderService } from './metrics-reader.service';

/**
 * Per-post metrics: the collector (a pass on workers and the `metrics` queue) reads published
 * runs through publishing's PublishedRunsReader and the connectors' metrics readers, and the
 * analytics routes answer from the samples it stored.
 */
@Module({
  imports: [PublishingModule, ConnectorsModule, IntegrationsModule],
  controllers: [AnalyticsController],
  providers: [
    MetricReadsRepository,
    MetricSamplesRepository,
    MetricsReaderService,
    MetricsCollector,
    MetricsProcessor,
    AnalyticsService,
  ],
})
export class AnalyticsModule {}
