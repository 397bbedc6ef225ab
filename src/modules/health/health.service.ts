import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withTimeout } from '../../common/async/with-timeout';
import { ServiceUnavailableError } from '../../common/errors';
import { PACKAGE } from '../../common/package-info';
import { RedisConnection } from '../../infra/redis/redis-connection';

export type DependencyState = 'up' | 'down' | 'disabled';

export interface Readiness {
  status: 'ok';
  checks: { database: DependencyState; redis: DependencyState };
}

const CHECK_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly redis: RedisConnection,
  ) {}

  liveness(): { status: 'ok'; version: string; timestamp: string } {
    return { status: 'ok', version: PACKAGE.version, timestamp: new Date().toISOString() };
  }

  /** Every configured dependency answers, or a 503 saying which does not. */
  async readiness(): Promise<Readiness> {
    const [database, redis] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      this.redis.client
        ? probe(() => this.redis.client!.ping())
        : Promise.resolve('disabled' as const),
    ]);
    const checks = { database, redis };
    if (database === 'down' || redis === 'down') {
      throw new ServiceUnavailableError('A dependency is unavailable', checks);
    }
    return { status: 'ok', checks };
  }
}

async function probe(check: () => Promise<unknown>): Promise<DependencyState> {
  try {
    await withTimeout(check(), CHECK_TIMEOUT_MS, () => new Error('timeout'));
    return 'up';
  } catch {
    return 'down';
  }
}
