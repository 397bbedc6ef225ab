import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { PeriodicSweeper } from '../../common/scheduling/periodic-sweeper';
import { APP_LOGGER } from '../../config/config.module';
import { IdempotencyService } from './idempotency.service';

/** Deletes expired idempotency keys every five minutes, in batches. */
@Injectable()
export class IdempotencySweeper extends PeriodicSweeper {
  constructor(
    private readonly idempotency: IdempotencyService,
    @Inject(APP_LOGGER) logger: Logger,
  ) {
    super(logger, 5 * 60_000, 'expired idempotency keys');
  }

  protected sweepOnce(): Promise<number> {
    return this.idempotency.sweepExpired();
  }
}
