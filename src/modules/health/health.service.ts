import { Injectable } from '@nestjs/common';
import { withTimeout } from '../../common/async/with-timeout';
import { ServiceUnavailableError } from '../../common/errors';
import { PACKAGE } from '../../common/package-info';
import { apiVersionNotices, type ApiVersionNotice } from '../../config/api-version-sunsets';
import { SokuConfig } from '../../config/soku-config';
import { DatabaseProbe } from '../../database/database-probe';
import { RedisConnection } from '../../infra/redis/redis-connection';
import { WorkerHeartbeat } from '../publishing';

export type DependencyState = 'up' | 'down' | 'disabled';
/**
 * `degraded`: Redis does not answer, but this API process keeps serving without it (keys resolve
 * from PostgreSQL, limits fall back to memory, the reconciler enqueues what the queue missed).
 */
export type RedisState = DependencyState | 'degraded';
/** `starting`: a worker process younger than the staleness window has not beaten yet. */
export type WorkerState = DependencyState | 'starting';

export interface Readiness {
  status: 'ok';
  checks: { database: DependencyState; redis: RedisState; workers: WorkerState };
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
    private readonly database: DatabaseProbe,
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
    const runsWorkers = this.config.app.role !== 'api';
    const [database, redis, workers] = await Promise.all([
      probe(() => this.database.ping(), CHECK_TIMEOUT_MS),
      this.redisState(runsWorkers),
      this.workers(),
    ]);
    const checks = { database, redis, workers };
    if (database === 'down' || redis === 'down' || (runsWorkers && workers === 'down')) {
      throw new ServiceUnavailableError('A dependency is unavailable', checks);
    }
    // A version near its sunset still works: it is reported, it does not make the process unready.
    const apiVersions = apiVersionNotices(this.config.platformApi, new Date());
    return apiVersions.length ? { status: 'ok', checks, apiVersions } : { status: 'ok', checks };
  }

  /** Workers cannot run without Redis; an API process can, so for it Redis is only degraded. */
  private async redisState(runsWorkers: boolean): Promise<RedisState> {
    const client = this.redis.client;
    if (!client) {
      return 'disabled';
    }
    const state = await probe(() => client.ping(), this.config.redis.commandTimeoutMs);
    return state === 'down' && !runsWorkers ? 'degraded' : state;
  }

  private async workers(): Promise<WorkerState> {
    if (!this.heartbeat.visible) {
      return 'disabled';
    }
    const staleMs = MISSED_BEATS * this.config.orchestration.heartbeatMs;
    let last: Date | null;
    try {
      last = await withTimeout(this.heartbeat.last(), this.config.redis.commandTimeoutMs);
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

async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<'up' | 'down'> {
  try {
    await withTimeout(check(), timeoutMs, () => new Error('timeout'));
    return 'up';
  } catch {
    return 'down';
  }
}
