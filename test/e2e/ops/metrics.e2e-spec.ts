import { randomUUID } from 'node:crypto';
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';
import request from 'supertest';
import type { Env } from '../../../src/config/env-slice';
import { QUEUE_NAMES } from '../../../src/infra/queue/queues';
import { addAccount } from '../../utils/accounts';
import { expectEnvelope } from '../../utils/assertions';
import { createUser } from '../../utils/identity';
import { waitForPost } from '../../utils/posts';
import { createTestApp, type TestApp } from '../../utils/test-app';

const TOKEN = 'metrics-token-0123456789';

const adapters: [string, Env | undefined][] = [
  ['the in-process queue', {}],
  ['Bull on Redis', process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : undefined],
];

/** One sample's value, matching every given label; 0 when the series does not exist yet. */
function sample(families: PrometheusFamily[], name: string, labels: Record<string, string>) {
  const family = families.find((f) => f.name === name);
  const found = family?.metrics.find((m) =>
    Object.entries(labels).every(([key, value]) => m.labels?.[key] === value),
  );
  return found ? Number(found.value ?? found.count) : 0;
}

describe.each(adapters)('GET /metrics with %s', (_name, adapterEnv) => {
  const run = adapterEnv ? describe : describe.skip;
  run('', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp({
        env: {
          ...adapterEnv,
          SOKU_METRICS_TOKEN: TOKEN,
          SOKU_QUEUE_PREFIX: `m${randomUUID().slice(0, 8)}`,
          SOKU_WORKER_HEARTBEAT_MS: '200',
        },
      });
    });
    beforeEach(() => t.reset());
    afterAll(() => t.close());

    async function scrapeText(): Promise<string> {
      const res = await request(t.http)
        .get('/metrics')
        .set('Authorization', `Bearer ${TOKEN}`)
        .expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      return res.text;
    }
    const scrape = async () => parsePrometheusTextFormat(await scrapeText());

    /** The parser folds labelled histograms into one sample, so their counts are read from the text. */
    function histogramCount(text: string, name: string, labels: string): number {
      const line = text.split('\n').find((l) => l.startsWith(`${name}_count{${labels}}`));
      return line ? Number(line.split(' ').pop()) : 0;
    }

    it('should parse as Prometheus text and count a published post', async () => {
      const user = await createUser(t);
      await addAccount(t, user.userId, 'x', 'x_main');
      const beforeText = await scrapeText();
      const before = parsePrometheusTextFormat(beforeText);
      const res = await request(t.http)
        .post('/v1/posts')
        .set('soku-api-key', user.apiKey)
        .send({ post: { content: { text: 'metrics', platform: 'x' } } })
        .expect(201);
      await waitForPost(t, user.apiKey, res.body.postSubmissionId as string);
      const afterText = await scrapeText();
      const after = parsePrometheusTextFormat(afterText);

      const runs = { platform: 'x', outcome: 'succeeded' };
      expect(sample(after, 'soku_post_runs_finished_total', runs)).toBe(
        sample(before, 'soku_post_runs_finished_total', runs) + 1,
      );
      const posted = { method: 'POST', route: '/v1/posts', status: '201' };
      expect(sample(after, 'soku_http_requests_total', posted)).toBe(
        sample(before, 'soku_http_requests_total', posted) + 1,
      );
      const timed = 'method="POST",route="/v1/posts",status="201"';
      expect(histogramCount(afterText, 'soku_http_request_duration_seconds', timed)).toBe(
        histogramCount(beforeText, 'soku_http_request_duration_seconds', timed) + 1,
      );
      const names = after.map((f) => f.name);
      for (const name of [
        'soku_queue_jobs',
        'soku_queue_job_failures_total',
        'soku_rate_limit_rejections_total',
        'soku_webhook_delivery_attempts_total',
        'soku_credits_debited_total',
        'soku_process_resident_memory_bytes',
      ]) {
        expect(names).toContain(name);
      }
      for (const state of ['waiting', 'active', 'delayed']) {
        expect(
          sample(after, 'soku_queue_jobs', { queue: 'publish', state }),
        ).toBeGreaterThanOrEqual(0);
      }
      // Three states of every queue in the job table.
      expect(after.find((f) => f.name === 'soku_queue_jobs')!.metrics.length).toBe(
        QUEUE_NAMES.length * 3,
      );
    });

    it('should group unknown paths under one route label', async () => {
      await request(t.http).get(`/nothing-${randomUUID()}`).expect(404);
      const families = await scrape();
      expect(
        sample(families, 'soku_http_requests_total', { route: '(unmatched)', status: '404' }),
      ).toBeGreaterThanOrEqual(1);
    });

    it('should answer 401 in the envelope without the token or with a wrong one', async () => {
      expectEnvelope(await request(t.http).get('/metrics'), 401, 'unauthorized');
      const wrong = await request(t.http).get('/metrics').set('Authorization', 'Bearer nope');
      expectEnvelope(wrong, 401, 'unauthorized');
      expect(wrong.body.error.message).toBe('Invalid metrics token');
    });

    it('should report the workers consuming jobs in readiness', async () => {
      const res = await request(t.http).get('/health/ready').expect(200);
      expect(['up', 'starting']).toContain(res.body.checks.workers);
    });
  });
});

describe('GET /metrics without SOKU_METRICS_TOKEN', () => {
  it('should answer 404 in the envelope: metrics are disabled', async () => {
    const t = await createTestApp();
    try {
      const res = await request(t.http).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
      expectEnvelope(res, 404, 'not_found');
      expect(res.body.error.message).toMatch(/SOKU_METRICS_TOKEN/);
    } finally {
      await t.close();
    }
  });
});
