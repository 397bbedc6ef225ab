import { QueueUnavailableError } from '../../common/errors';
import { JobBatcher } from './job-batcher';
import type { JobQueue, JobSpec } from './job-queue';

const publish = (runId: string): JobSpec => ({
  queue: 'publish',
  jobId: `publish-${runId}-0`,
  payload: { runId },
});

describe('JobBatcher', () => {
  const bulks: JobSpec[][] = [];
  let failWith: Error | undefined;
  const queue = {
    addBulk: (jobs: JobSpec[]) => {
      bulks.push(jobs);
      return failWith ? Promise.reject(failWith) : Promise.resolve();
    },
  } as unknown as JobQueue;

  beforeEach(() => {
    bulks.length = 0;
    failWith = undefined;
  });

  it('should hand the jobs of concurrent callers to the queue in one bulk add', async () => {
    const batcher = new JobBatcher(queue);
    await Promise.all([
      batcher.add([publish('a'), publish('b')]),
      batcher.add([publish('c')]),
      batcher.add([]),
    ]);
    expect(bulks).toEqual([[publish('a'), publish('b'), publish('c')]]);
    await batcher.add([publish('d')]);
    expect(bulks).toEqual([[publish('a'), publish('b'), publish('c')], [publish('d')]]);
  });

  it('should settle no caller before its bulk add was taken', async () => {
    let take!: () => void;
    const slow = {
      addBulk: () => new Promise<void>((resolve) => (take = resolve)),
    } as unknown as JobQueue;
    const batcher = new JobBatcher(slow);
    let answered = false;
    const adding = batcher.add([publish('a')]).then(() => (answered = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    take();
    await adding;
    expect(answered).toBe(true);
  });

  it('should reject every caller of a batch the queue did not take', async () => {
    failWith = new QueueUnavailableError('Redis is reconnecting');
    const batcher = new JobBatcher(queue);
    const results = await Promise.allSettled([
      batcher.add([publish('a')]),
      batcher.add([publish('b')]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(bulks).toHaveLength(1);
  });
});
