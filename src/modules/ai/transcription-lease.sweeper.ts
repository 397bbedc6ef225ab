import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { PeriodicSweeper } from '../../common/scheduling/periodic-sweeper';
import { APP_LOGGER } from '../../config/config.module';
import { TranscriptionService } from './transcription.service';

const INTERVAL_MS = 60_000;
const BATCH = 100;

/**
 * Refunds attempts whose process died between reserving and settling (their lease expired),
 * so a crash never keeps a user's credits. Concurrent sweepers are safe: only one can move a
 * job out of `processing`.
 */
@Injectable()
export class TranscriptionLeaseSweeper extends PeriodicSweeper {
  constructor(
    private readonly transcriptions: TranscriptionService,
    @Inject(APP_LOGGER) logger: Logger,
  ) {
    super(logger, INTERVAL_MS, 'interrupted transcriptions refunded;');
  }

  protected sweepOnce(): Promise<number> {
    return this.transcriptions.refundInterrupted(BATCH);
  }
}
