import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_LOGGER } from '../../config/config.module';
import { SokuConfig } from '../../config/soku-config';
import { TokenRefresher } from './token-refresher';

/**
 * The proactive refresh job: a plain interval on processes that run workers (`SOKU_ROLE` all or
 * worker). Ticks never overlap; several processes are safe because each refresh locks its row.
 */
@Injectable()
export class TokenRefreshScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly refresher: TokenRefresher,
    private readonly config: SokuConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.integrations.refreshIntervalSeconds;
    if (this.config.app.role === 'api' || seconds === 0) {
      return;
    }
    this.timer = setInterval(() => void this.tick(), seconds * 1000);
    this.timer.unref();
  }

  async tick(): Promise<void> {
    if (this.running) {
      return;
    }
    this.running = this.refresher
      .refreshDue()
      .then((counts) => {
        if (counts.refreshed + counts.needsReauth + counts.failed + counts.expired > 0) {
          this.logger.info(counts, 'proactive token refresh');
        }
      })
      .catch((error: unknown) =>
        this.logger.error({ err: error }, 'proactive token refresh failed'),
      )
      .finally(() => (this.running = undefined));
    await this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
