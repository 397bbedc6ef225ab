import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withTimeout } from '../../common/async/with-timeout';
import { ServiceUnavailableError } from '../../common/errors';
import { PACKAGE } from '../../common/package-info';
import { apiVersionNotices, type ApiVersionNotice } from '../../config/api-version-sunsets';
import { SokuConfig } from '../../config/soku-config';
import { RedisConnection } from '../../infra/redis/redis-connection';
import { WorkerHeartbeat } from '../orchestration/heartbeat/worker-heartbeat';

export type DependencyState = 'up' | 'down' | 'disabled';
/** `starting`: a worker process younger than the staleness window has not beaten yet. */
export type WorkerState = DependencyState | 'starting';

export interface Readiness {
  status: 'ok';
  checks: { database: DependencyState; redis: DependencyState; workers: WorkerState };
  /** Pinned platform API versions near or past their sunset; absent when there are none. */
  apiVersions?: ApiVersionNotice[];
}

const CHECK_TIMEOUT_MS = 2000;
/** Missed heartbeats before the workers count as stuck. */
const MISSED_BEATS = 3;

@Injectable()
export class HealthService {
  private readonly startedAt = Date.now();

  constructor(
    private readonly dataSource: DataSource,
    private readonly redis: RedisConnection,
    private readonly heartbeat: WorkerHeartbeat,
    private readonly config: SokuConfig,
  ) {}

  liveness(): { status: 'ok'; version: string; timestamp: string } {
    return { status: 'ok', version: PACKAGE.version, timestamp: new Date().toISOString() };
  }

  /**
   * Every configured dependency answers and, in a process that runs workers, they consume jobs;
   * or a 503 saying what does not. An API process reports whether any worker consumed recently
   * (through Redis) but stays ready without one: posts wait in the queue until a worker is back.
   */
  async readiness(): Promise<Readiness> {
    const [database, redis, workers] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      this.redis.client
        ? probe(() => this.redis.client!.ping())
        : Promise.resolve('disabled' as const),
      this.workers(),
    ]);
    const checks = { database, redis, workers };
    const runsWorkers = this.config.app.role !== 'api';
    if (database === 'down' || redis === 'down' || (runsWorkers && workers === 'down')) {
      throw new ServiceUnavailableError('A dependency is unavailable', checks);
    }
    // A version near its sunset still works: it is reported, it does not make the process unready.
    const apiVersions = apiVersionNotices(this.config.platformApi, new Date());
    return apiVersions.length ? { status: 'ok', checks, apiVersions } : { status: 'ok', checks };
  }

  private async workers(): Promise<WorkerState> {
    if (!this.heartbeat.visible) {
      return 'disabled';
    }
    const staleMs = MISSED_BEATS * this.config.orchestration.heartbeatMs;
    let last: Date | null;
    try {
      last = await withTimeout(this.heartbeat.last(), CHECK_TIMEOUT_MS);
    } catch {
      return 'down';
    }
    if (last && Date.now() - last.getTime() <= staleMs) {
      return 'up';
    }
    const young = Date.now() - this.startedAt <= staleMs;
    return young && this.config.app.role !== 'api' ? 'starting' : 'down';
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
