import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { PeriodicSweeper } from '../../common/scheduling/periodic-sweeper';
import { APP_LOGGER } from '../../config/config.module';
import { RequestsService } from './requests.service';

/** Applies the request log's retention once an hour, in batches. */
@Injectable()
export class RequestsSweeper extends PeriodicSweeper {
  constructor(
    private readonly requests: RequestsService,
    @Inject(APP_LOGGER) logger: Logger,
  ) {
    super(logger, 60 * 60_000, 'request log entries past retention');
  }

  protected sweepOnce(): Promise<number> {
    return this.requests.sweepExpired();
  }
}
