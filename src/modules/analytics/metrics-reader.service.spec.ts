import type { Logger } from 'pino';
import type { SokuConfig } from '../../config/soku-config';
import {
  type MetricsReaderRegistry,
  type MetricsReadRequest,
  PostMetricsReader,
  type PostMetricsResult,
  PublishError,
} from '../connectors';
import type { AccountDirectory, PublishCredentials } from '../integrations';
import type { MetricReadsRepository, ReadOutcome, ScheduledRead } from './metric-reads.repository';
import { MetricsReaderService } from './metrics-reader.service';

const HOUR = 3_600_000;

class ScriptedReader extends PostMetricsReader {
  readonly platform = 'x';
  readonly batchSize = 100;
  calls: MetricsReadRequest[] = [];
  /** Call numbers (1-based) answered with a 429. */
  limited = new Set<number>();

  read(request: MetricsReadRequest): Promise<PostMetricsResult[]> {
    this.calls.push(request);
    if (this.limited.has(this.calls.length)) {
      return Promise.reject(new PublishError('deferred', 'rate_limited', 'X: Too Many', 600_000));
    }
    return Promise.resolve(
      request.posts.map((post) => ({
        runId: post.runId,
        status: 'read',
        figures: { likes: 1 },
        raw: { like_count: 1 },
      })),
    );
  }
}

describe('MetricsReaderService', () => {
  const published = new Date(Date.now() - 2 * HOUR);
  const due: ScheduledRead[] = Array.from({ length: 150 }, (_, i) => ({
    runId: `run-${i}`,
    platform: 'x',
    accountId: 'x_main',
    platformPostId: `tweet-${i}`,
    publishedAt: published,
    nextReadAt: new Date(),
    unavailable: null,
  }));
  let reader: ScriptedReader;
  let recorded: ReadOutcome[];
  let postponed: { runIds: string[]; until: Date }[];
  let hasReader: boolean;

  const service = () => {
    const reads = {
      dueFor: () => Promise.resolve(due),
      record: (_user: string, outcomes: ReadOutcome[]) => {
        recorded.push(...outcomes);
        return Promise.resolve();
      },
      postpone: (_u: string, _i: string, runIds: string[], until: Date) => {
        postponed.push({ runIds, until });
        return Promise.resolve();
      },
      release: () => Promise.resolve(),
    } as unknown as MetricReadsRepository;
    const credentials: PublishCredentials = {
      account: {
        id: 'integration-1',
        profileId: 'user-1',
        platform: 'x',
        accountId: 'x_main',
        displayName: null,
        status: 'connected',
        sandbox: false,
      },
      accessToken: 'token',
      metadata: {},
    };
    const accounts = {
      getPublishCredentials: () => Promise.resolve(credentials),
    } as unknown as AccountDirectory;
    const registry = {
      get: () => (hasReader ? reader : undefined),
    } as unknown as MetricsReaderRegistry;
    const config = { analytics: { scheduleMs: [HOUR, 6 * HOUR], concurrency: 1 } } as SokuConfig;
    const logger = { warn: () => undefined } as unknown as Logger;
    return new MetricsReaderService(registry, accounts, reads, config, logger);
  };

  beforeEach(() => {
    reader = new ScriptedReader();
    recorded = [];
    postponed = [];
    hasReader = true;
  });

  it('reads 150 due X posts in two calls of at most 100 ids, then schedules the next read', async () => {
    await service().readAccount('user-1', 'integration-1');
    expect(reader.calls.map((call) => call.posts.length)).toEqual([100, 50]);
    expect(recorded).toHaveLength(150);
    expect(recorded[0]).toMatchObject({
      sample: { figures: { likes: 1 } },
      nextReadAt: new Date(published.getTime() + 6 * HOUR),
    });
  });

  it('postpones the rest of the account until the window a 429 names', async () => {
    reader.limited.add(2);
    const before = Date.now();
    await service().readAccount('user-1', 'integration-1');
    expect(recorded).toHaveLength(100);
    expect(postponed).toHaveLength(1);
    expect(postponed[0].runIds).toEqual(due.slice(100).map((read) => read.runId));
    expect(postponed[0].until.getTime()).toBeGreaterThanOrEqual(before + 600_000);
  });

  it('marks every post unavailable on a platform without a metrics API', async () => {
    hasReader = false;
    await service().readAccount('user-1', 'integration-1');
    expect(reader.calls).toHaveLength(0);
    expect(recorded).toHaveLength(150);
    expect(recorded[0]).toMatchObject({
      unavailable: { code: 'metrics_unavailable', reason: 'x offers no post metrics to apps' },
    });
  });
});
