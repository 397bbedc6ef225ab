import type Redis from 'ioredis';

/**
 * When a worker last consumed a heartbeat job: liveness measured as "jobs are being consumed",
 * not "the process is up". Adapters: Redis (shared, so an API process sees every worker's beat)
 * and memory (this process's own workers, embedded mode).
 */
export abstract class WorkerHeartbeat {
  /** Whether this process can see any worker's beat (its own, or any through Redis). */
  abstract readonly visible: boolean;
  abstract beat(at?: Date): Promise<void>;
  abstract last(): Promise<Date | null>;
}

export class MemoryWorkerHeartbeat extends WorkerHeartbeat {
  private lastBeat: Date | null = null;

  constructor(readonly visible: boolean) {
    super();
  }

  beat(at = new Date()): Promise<void> {
    this.lastBeat = at;
    return Promise.resolve();
  }

  last(): Promise<Date | null> {
    return Promise.resolve(this.lastBeat);
  }
}

export class RedisWorkerHeartbeat extends WorkerHeartbeat {
  readonly visible = true;
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    super();
    this.key = `${prefix}:worker-heartbeat`;
  }

  async beat(at = new Date()): Promise<void> {
    await this.redis.set(this.key, String(at.getTime()));
  }

  async last(): Promise<Date | null> {
    const value = await this.redis.get(this.key);
    return value === null ? null : new Date(Number(value));
  }
}
