import { Injectable } from '@nestjs/common';
import { SokuConfig } from '../../../config/soku-config';
import { PostMetricsReader } from './post-metrics-reader';

/** A platform's metrics reader with the configuration (API base, version, timeouts) it calls with. */
@Injectable()
export abstract class ConfiguredMetricsReader extends PostMetricsReader {
  constructor(protected readonly config: SokuConfig) {
    super();
  }
}
