import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Publisher } from '../../../src/modules/publishing/publisher.service';
import { JobQueue } from '../../../src/infra/queue/job-queue';
import { startMediaOrigin, type MediaOrigin } from '../../fakes/media-origin';
import { jpeg } from '../../fakes/media-samples';
import { addAccount } from '../../utils/accounts';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { waitForPost } from '../../utils/posts';
import { queueAdapters } from '../../utils/soku-process';
import { createTestApp, type TestApp } from '../../utils/test-app';

const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

/** Redis database 12: nothing else lives there. */
describe.each(queueAdapters(12))('PATCH /v1/posts/:id, on %s', (_name, adapterEnv) => {
  const run = adapterEnv ? describe : describe.skip;
  run('', () => {
    let t: TestApp;
    let user: TestUser;
    let origin: MediaOrigin;

    beforeAll(async () => {
      origin = await startMediaOrigin();
      origin.serve('/a.jpg', jpeg(1080, 1080), { type: 'image/jpeg' });
      origin.serve('/b.jpg', jpeg(1200, 630), { type: 'image/jpeg' });
      t = await createTestApp({
        env: {
          ...adapterEnv,
          SOKU_QUEUE_PREFIX: `edit${randomUUID().slice(0, 8)}`,
          SOKU_RECONCILE_INTERVAL_MS: '200',
          SOKU_MEDIA_ALLOWED_HOSTS: '127.0.0.1',
        },
      });
    });
    beforeEach(async () => {
      await t.reset();
      user = await createUser(t);
      await addAccount(t, user.userId, 'x', 'x_main');
      await addAccount(t, user.userId, 'threads', 'threads_main');
    });
    afterAll(async () => {
      await t.close();
      await origin.close();
    });

    const schedule = async (content: Record<string, unknown>, at = inHours(1)) => {
      const res = await request(t.http)
        .post('/v1/posts')
        .set('soku-api-key', user.apiKey)
        .send({ post: { content }, scheduledTime: at })
        .expect(201);
      return res.body.postSubmissionId as string;
    };
    const patch = (id: string, body: object, apiKey = user.apiKey) =>
      request(t.http).patch(`/v1/posts/${id}`).set('soku-api-key', apiKey).send(body);
    const status = async (id: string): Promise<string> =>
      (await t.dataSource.query('SELECT status FROM post_submissions WHERE id = $1', [id]))[0]
        .status;

    it('moves the time, replaces text and overrides, and records post.updated', async () => {
      const id = await schedule({ text: 'first', platform: ['x', 'threads'] });
      const later = inHours(2);
      const res = await patch(id, {
        scheduledTime: later,
        post: { content: { text: 'second', platformOverrides: { x: { text: 'for x' } } } },
      }).expect(200);
      expect(res.body).toMatchObject({
        id,
        status: 'queued',
        scheduledTime: later,
        content: { text: 'second', platformOverrides: { x: { text: 'for x' } } },
      });
      const events = await t.dataSource.query(
        `SELECT data FROM events WHERE type = 'post.updated' AND user_id = $1`,
        [user.userId],
      );
      expect(events.map((e: { data: { scheduledTime: string } }) => e.data.scheduledTime)).toEqual([
        later,
      ]);
      // The runs' timers left for the first time are the post's no longer: its new time is
      // orchestration's, which imports the edited media first.
      const depths = await t.app.get(JobQueue).depths();
      expect([depths.publish.delayed, depths.orchestrate.delayed]).toEqual([2, 1]);
      const [row] = await t.dataSource.query(
        `SELECT runs_timed FROM post_submissions WHERE id = $1`,
        [id],
      );
      expect(row.runs_timed).toBe(false);
      const runs: { id: string }[] = await t.dataSource.query(
        `SELECT id FROM post_runs WHERE submission_id = $1`,
        [id],
      );
      await Promise.all(runs.map((r) => t.app.get(Publisher).publish(r.id, true)));
      expect(await status(id)).toBe('queued');
    });

    it('publishes an edited post at its new time (null: now), with the edited content', async () => {
      const id = await schedule({ text: 'old text', platform: 'x' });
      await patch(id, { scheduledTime: null, post: { content: { text: 'new text' } } }).expect(200);
      const done = await waitForPost(t, user.apiKey, id);
      expect(done.runs[0].status).toBe('succeeded');
      const [recorded] = await t.dataSource.query('SELECT content FROM sandbox_posts');
      expect(recorded.content.text).toBe('new text');
      expectEnvelope(
        await patch(id, { post: { content: { text: 'too late' } } }),
        409,
        'post_not_editable',
      );
    });

    it('checks the edit like a create: field paths, 404 for another user, the schedule rule', async () => {
      const id = await schedule({ text: 'ok', platform: ['x', 'threads'] });
      const long = await patch(id, {
        post: { content: { platformOverrides: { x: { text: 'x'.repeat(281) } } } },
      });
      expectEnvelope(long, 400, 'validation_error');
      expect(long.body.error.details[0].field).toBe('body.post.content.platformOverrides.x.text');
      const soon = await patch(id, { scheduledTime: new Date(Date.now() + 5_000).toISOString() });
      expectEnvelope(soon, 400, 'validation_error');
      expect(soon.body.error.details[0].field).toBe('body.scheduledTime');
      const targets = await patch(id, { post: { content: { platform: 'tiktok' } } });
      expectEnvelope(targets, 400, 'validation_error');
      const other = await createUser(t);
      expectEnvelope(await patch(id, { scheduledTime: null }, other.apiKey), 404, 'not_found');
      expectEnvelope(await patch('nope', { scheduledTime: null }), 404, 'not_found');
      expect(
        (await t.dataSource.query('SELECT content FROM post_submissions'))[0].content.text,
      ).toBe('ok');
    });

    it('moves the media claims to the new media', async () => {
      const media = async (path: string) =>
        (
          await request(t.http)
            .post('/v1/media')
            .set('soku-api-key', user.apiKey)
            .send({ url: origin.url(path) })
            .expect(201)
        ).body.id as string;
      const [a, b] = [await media('/a.jpg'), await media('/b.jpg')];
      const id = await schedule({ text: 'pic', mediaIds: [a], platform: 'x' });
      await patch(id, { post: { content: { mediaIds: [b] } } }).expect(200);
      const del = (m: string) =>
        request(t.http).delete(`/v1/media/${m}`).set('soku-api-key', user.apiKey);
      expectEnvelope(await del(b), 409, 'media_in_use');
      expect((await del(a)).status).toBe(200);
    });

    it('is refused once the post became due while the edit waited for its row', async () => {
      const id = await schedule({ text: 'racing', platform: 'x' });
      const runner = t.dataSource.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      // What beginOrchestration does when the post is due, held open.
      await runner.query(`UPDATE post_submissions SET status = 'orchestrating' WHERE id = $1`, [
        id,
      ]);
      const edit = patch(id, { post: { content: { text: 'late edit' } } }).then((res) => res);
      // The edit is queued behind the orchestration's row lock before it commits.
      while (
        (
          await t.dataSource.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE wait_event_type = 'Lock' AND datname = current_database()`,
          )
        )[0].n === 0
      ) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await runner.commitTransaction();
      await runner.release();
      const res = await edit;
      expectEnvelope(res, 409, 'post_not_editable');
      const [row] = await t.dataSource.query('SELECT content FROM post_submissions');
      expect(row.content.text).toBe('racing');
    });

    it('replays an edit sent again with the same Idempotency-Key', async () => {
      const id = await schedule({ text: 'v1', platform: 'x' });
      const send = () =>
        patch(id, { post: { content: { text: 'v2' } } }).set('Idempotency-Key', 'edit-1');
      const first = await send().expect(200);
      const again = await send().expect(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
    });
  });
});
