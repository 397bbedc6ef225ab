import { randomUUID } from 'node:crypto';
import { Processor } from '@nestjs/bull';
import { type INestApplicationContext, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createLogger } from '../../../src/common/logging/logger';
import { ConfigModule } from '../../../src/config/config.module';
import { loadConfig, SokuConfig } from '../../../src/config/soku-config';
import { JobQueue } from '../../../src/infra/queue/job-queue';
import { QueueModule } from '../../../src/infra/queue/queue.module';
import { QueueProcessor } from '../../../src/infra/queue/queue-processor';
import type { JobPayloads } from '../../../src/infra/queue/queues';
import { queueAdapters } from '../../utils/soku-process';
import { waitFor } from '../../utils/wait';

const CONCURRENCY = 3;
const JOBS = 6;

/** Records the runs it is given and holds each until released: a publish processor stand-in. */
@Injectable()
class HeldRuns {
  readonly started: string[] = [];
  private released = false;
  private releases: (() => void)[] = [];

  hold(runId: string): Promise<void> {
    this.started.push(runId);
    return this.released
      ? Promise.resolve()
      : new Promise((resolve) => this.releases.push(resolve));
  }

  /** Ends the held runs; the next ones end at once. */
  releaseAll(): void {
    this.released = true;
    this.releases.forEach((release) => release());
    this.releases = [];
  }
}

@Processor('publish')
class RecordingPublishProcessor extends QueueProcessor<'publish'> {
  constructor(
    private readonly runs: HeldRuns,
    config: SokuConfig,
  ) {
    super('publish', config);
  }

  handle({ runId }: JobPayloads['publish']): Promise<void> {
    return this.runs.hold(runId);
  }
}

@Module({ providers: [HeldRuns, RecordingPublishProcessor] })
class RecordingModule {}

async function start(env: Record<string, string>): Promise<INestApplicationContext> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SOKU_QUEUE_PREFIX: `proc${randomUUID().slice(0, 8)}`,
    SOKU_PUBLISH_CONCURRENCY: String(CONCURRENCY),
    ...env,
  });
  const logger = createLogger(config.app);
  return NestFactory.createApplicationContext(
    {
      module: RecordingModule,
      imports: [ConfigModule.forRoot(config, logger), QueueModule.forRoot(config)],
    },
    { logger: false },
  );
}

/** Redis database 13: nothing else of the suite lives there. */
describe.each(queueAdapters(13))('the same @Processor class, on %s', (_name, adapterEnv) => {
  const run = adapterEnv ? describe : describe.skip;
  run('', () => {
    let app: INestApplicationContext | undefined;
    afterEach(async () => {
      app?.get(HeldRuns).releaseAll();
      await app?.close();
      app = undefined;
    });

    it('should consume its queue with the configured concurrency, each job once', async () => {
      app = await start({ ...adapterEnv, SOKU_ROLE: 'worker' });
      const queue = app.get(JobQueue);
      const runs = app.get(HeldRuns);
      for (let i = 0; i < JOBS; i++) {
        await queue.add('publish', `publish-run${i}-1`, { runId: `run${i}` });
        // The same job id again is a no-op on either adapter.
        await queue.add('publish', `publish-run${i}-1`, { runId: `run${i}` });
      }
      const held = await waitFor(
        'the configured number of jobs to run while the rest wait',
        () => queue.depths(),
        ({ publish }) => publish.active === CONCURRENCY && publish.waiting === JOBS - CONCURRENCY,
      );
      expect(held.publish).toEqual({
        active: CONCURRENCY,
        waiting: JOBS - CONCURRENCY,
        delayed: 0,
      });
      expect(runs.started).toHaveLength(CONCURRENCY);

      runs.releaseAll();
      await waitFor(
        'every job to be consumed',
        () => queue.depths(),
        ({ publish }) => publish.active + publish.waiting === 0,
      );
      expect([...runs.started].sort()).toEqual(
        Array.from({ length: JOBS }, (_, i) => `run${i}`).sort(),
      );
    });

    it('should consume nothing in role api', async () => {
      app = await start({ ...adapterEnv, SOKU_ROLE: 'api' });
      expect(app.get(RecordingPublishProcessor).consumption).toBeUndefined();
      const queue = app.get(JobQueue);
      await queue.add('publish', 'publish-api-1', { runId: 'api' });
      expect((await queue.depths()).publish).toEqual({ waiting: 1, active: 0, delayed: 0 });
      expect(app.get(HeldRuns).started).toEqual([]);
    });
  });
});
