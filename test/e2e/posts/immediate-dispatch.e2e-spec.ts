import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Env } from '../../../src/config/env-slice';
import { JobQueue } from '../../../src/infra/queue/job-queue';
import type { QueueName } from '../../../src/infra/queue/queues';
import { startMediaOrigin, type MediaOrigin } from '../../fakes/media-origin';
import { jpeg } from '../../fakes/media-samples';
import { addAccount } from '../../utils/accounts';
import { createUser, type TestUser } from '../../utils/identity';
import { recordEnqueued } from '../../utils/enqueued';
import { waitForPost } from '../../utils/posts';
import { createTestApp, type TestApp } from '../../utils/test-app';

const adapters: [string, Env | undefined][] = [
  ['the in-process queue', {}],
  ['Bull on Redis', process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : undefined],
];

/**
 * A post due now with nothing to import skips orchestration: it is stored `dispatched` and its
 * runs go straight to the publish queue. A scheduled one with nothing to import skips it too
 * (its runs' jobs wait for its time: timed-runs.e2e-spec). Posts with remote media still get
 * their orchestrate job.
 */
describe.each(adapters)('immediate posts through %s', (_name, adapterEnv) => {
  const run = adapterEnv ? describe : describe.skip;
  run('', () => {
    let t: TestApp;
    let user: TestUser;
    let origin: MediaOrigin;
    let enqueued: QueueName[];

    beforeAll(async () => {
      origin = await startMediaOrigin();
      origin.serve('/photo.jpg', jpeg(1080, 1080));
      t = await createTestApp({
        env: {
          ...adapterEnv,
          SOKU_QUEUE_PREFIX: `t${randomUUID().slice(0, 8)}`,
          SOKU_MEDIA_ALLOWED_HOSTS: '127.0.0.1',
        },
      });
      enqueued = recordEnqueued(t);
    });
    beforeEach(async () => {
      await t.reset();
      user = await createUser(t);
      await addAccount(t, user.userId, 'x', 'x_main');
      await addAccount(t, user.userId, 'instagram', 'ig_main');
      enqueued.length = 0;
    });
    afterAll(async () => {
      await t.close();
      await origin.close();
    });

    const create = async (content: object, scheduledTime?: string) => {
      const res = await request(t.http)
        .post('/v1/posts')
        .set('soku-api-key', user.apiKey)
        .send({ post: { content }, scheduledTime })
        .expect(201);
      const id = res.body.postSubmissionId as string;
      const [row] = await t.dataSource.query(
        'SELECT status, media_ids FROM post_submissions WHERE id = $1',
        [id],
      );
      return { id, row: row as { status: string; media_ids: string[] | null } };
    };

    it('should store a text post due now dispatched, with only its publish jobs enqueued', async () => {
      const { id, row } = await create({ text: 'straight to the platform', platform: ['x'] });
      expect(row).toEqual({ status: 'dispatched', media_ids: [] });
      expect(enqueued).toEqual(['publish']);
      const done = await waitForPost(t, user.apiKey, id);
      expect(done.outcome).toBe('succeeded');
      expect(done.runs.map((r) => [r.status, r.attempts])).toEqual([['succeeded', 1]]);
      expect(enqueued).toEqual(['publish']);
    });

    it('should still orchestrate a post due now whose media must be imported', async () => {
      const { id, row } = await create({
        text: 'a photo to import',
        imageUrls: [origin.url('/photo.jpg')],
        platform: ['instagram'],
      });
      expect(row.status).not.toBe('dispatched');
      expect(enqueued).toEqual(['orchestrate']);
      // Orchestration imported the photo (or failed the run with its reason) and dispatched it.
      expect((await waitForPost(t, user.apiKey, id)).status).toBe('dispatched');
    });

    it('should leave a scheduled post queued on its runs timers, needing no orchestration', async () => {
      const scheduledTime = new Date(Date.now() + 120_000).toISOString();
      const { row } = await create({ text: 'later', platform: ['x'] }, scheduledTime);
      expect(row).toEqual({ status: 'queued', media_ids: [] });
      expect(enqueued).toEqual(['publish']);
      expect((await t.app.get(JobQueue).depths()).publish.delayed).toBe(1);
    });

    it('should orchestrate a scheduled post whose media must be imported', async () => {
      const scheduledTime = new Date(Date.now() + 120_000).toISOString();
      const content = { text: 'later', imageUrls: [origin.url('/photo.jpg')], platform: ['x'] };
      const { row } = await create(content, scheduledTime);
      expect(row).toEqual({ status: 'queued', media_ids: null });
      expect(enqueued).toEqual(['orchestrate']);
    });
  });
});
