import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Env } from '../../../src/config/env-slice';
import { startMediaOrigin, type MediaOrigin } from '../../fakes/media-origin';
import { jpeg, mp4 } from '../../fakes/media-samples';
import { addAccount } from '../../utils/accounts';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { getPost, waitForPost } from '../../utils/posts';
import { createTestApp, type TestApp } from '../../utils/test-app';

const FAST: Env = {
  SOKU_RECONCILE_INTERVAL_MS: '200',
  SOKU_RETRY_BASE_MS: '20',
  SOKU_PUBLISH_MAX_ATTEMPTS: '3',
};

const adapters: [string, Env | undefined][] = [
  ['the in-process queue', {}],
  ['Bull on Redis', process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : undefined],
];

describe.each(adapters)('publishing through %s', (_name, adapterEnv) => {
  const run = adapterEnv ? describe : describe.skip;
  run('', () => {
    let t: TestApp;
    let user: TestUser;
    let origin: MediaOrigin;

    beforeAll(async () => {
      origin = await startMediaOrigin();
      origin.serve('/photo.jpg', jpeg(1080, 1080));
      origin.serve('/image.jpg', jpeg(1200, 630));
      origin.serve('/video.mp4', mp4(12));
      t = await createTestApp({
        env: {
          ...FAST,
          ...adapterEnv,
          SOKU_QUEUE_PREFIX: `t${randomUUID().slice(0, 8)}`,
          SOKU_MEDIA_ALLOWED_HOSTS: '127.0.0.1',
        },
      });
    });
    beforeEach(async () => {
      await t.reset();
      user = await createUser(t);
    });
    afterAll(async () => {
      await t.close();
      await origin.close();
    });

    const post = (body: object) =>
      request(t.http).post('/v1/posts').set('soku-api-key', user.apiKey).send(body);
    const content = (extra: object) => ({ post: { content: extra } });

    it('text to X and Threads (reference example)', async () => {
      await addAccount(t, user.userId, 'x', 'x_main');
      await addAccount(t, user.userId, 'threads', 'threads_main');
      const res = await post(
        content({ text: 'Hello from the API!', platform: ['x', 'threads'] }),
      ).expect(201);
      expect(Object.keys(res.body)).toEqual(['postSubmissionId']);
      const done = await waitForPost(t, user.apiKey, res.body.postSubmissionId);
      expect(done.status).toBe('dispatched');
      expect(done.outcome).toBe('succeeded');
      expect(done.runs.map((r) => [r.targetId, r.status, r.attempts])).toEqual(
        [
          ['threads:threads_main', 'succeeded', 1],
          ['x:x_main', 'succeeded', 1],
        ].sort(),
      );
      for (const r of done.runs) {
        expect(r.platformPostId).toBeTruthy();
        expect(r.url).toBe(`${t.config.app.publicUrl}/sandbox/${r.platform}/${r.platformPostId}`);
      }
    });

    it('image to Instagram with accountId, video to TikTok and YouTube, multi-account (reference examples)', async () => {
      for (const [platform, accountId] of [
        ['instagram', 'ig_creator_main'],
        ['instagram', 'ig_personal'],
        ['instagram', 'ig_business'],
        ['facebook', 'fb_page_main'],
        ['tiktok', 'tt_creator'],
        ['youtube', 'yt_channel'],
      ] as const) {
        await addAccount(t, user.userId, platform, accountId);
      }
      const bodies = [
        content({
          text: 'Check out this photo!',
          imageUrls: [origin.url('/photo.jpg')],
          platform: [{ platform: 'instagram', accountId: 'ig_creator_main' }],
        }),
        content({
          text: 'New video is live!',
          videoUrl: origin.url('/video.mp4'),
          platform: [
            { platform: 'tiktok', accountId: 'tt_creator' },
            { platform: 'youtube', accountId: 'yt_channel' },
          ],
        }),
        content({
          text: 'Exciting announcement!',
          imageUrls: [origin.url('/image.jpg')],
          platform: [
            { platform: 'instagram', accountId: 'ig_personal' },
            { platform: 'instagram', accountId: 'ig_business' },
            { platform: 'facebook_pages', accountId: 'fb_page_main' },
          ],
        }),
      ];
      const expectedRuns = [1, 2, 3];
      for (const [i, body] of bodies.entries()) {
        const { postSubmissionId } = (await post(body).expect(201)).body;
        const done = await waitForPost(t, user.apiKey, postSubmissionId);
        expect(done.outcome).toBe('succeeded');
        expect(done.runs).toHaveLength(expectedRuns[i]);
      }
    });

    it('should import remote media once and hand connectors the stored copies', async () => {
      await addAccount(t, user.userId, 'instagram', 'ig_main');
      await addAccount(t, user.userId, 'facebook', 'fb_main');
      const { postSubmissionId } = (
        await post(
          content({
            text: 'two targets, one import',
            imageUrls: [origin.url('/photo.jpg')],
            platform: ['instagram', 'facebook'],
          }),
        ).expect(201)
      ).body;
      expect((await waitForPost(t, user.apiKey, postSubmissionId)).outcome).toBe('succeeded');
      const [{ media_ids: mediaIds }] = await t.dataSource.query(
        'SELECT media_ids FROM post_submissions WHERE id = $1',
        [postSubmissionId],
      );
      expect(mediaIds).toHaveLength(1);
      expect(
        origin.requests().filter((r) => r.endsWith('/photo.jpg')).length,
      ).toBeGreaterThanOrEqual(1);
      const [{ n }] = await t.dataSource.query(
        'SELECT count(*)::int AS n FROM media WHERE user_id = $1',
        [user.userId],
      );
      expect(n).toBe(1);
    });

    it('should fail every run with media_unavailable when a media URL cannot be imported', async () => {
      await addAccount(t, user.userId, 'instagram', 'ig_main');
      const { postSubmissionId } = (
        await post(
          content({ text: 'gone', imageUrls: [origin.url('/missing.jpg')], platform: 'instagram' }),
        ).expect(201)
      ).body;
      const done = await waitForPost(t, user.apiKey, postSubmissionId);
      expect(done.outcome).toBe('failed');
      expect(done.runs[0].error?.code).toBe('media_unavailable');
      expect(done.runs[0].error?.message).toContain('/missing.jpg');
    });

    it('should hold mediaIds against deletion until the post settles', async () => {
      await addAccount(t, user.userId, 'x', 'x_main');
      const media = (
        await request(t.http)
          .post('/v1/media')
          .set('soku-api-key', user.apiKey)
          .send({ url: origin.url('/image.jpg') })
          .expect(201)
      ).body;
      const scheduledTime = new Date(Date.now() + 3_600_000).toISOString();
      const { postSubmissionId: id } = (
        await post({
          ...content({ text: 'with media', mediaIds: [media.id], platform: 'x' }),
          scheduledTime,
        }).expect(201)
      ).body;
      expectEnvelope(
        await request(t.http).delete(`/v1/media/${media.id}`).set('soku-api-key', user.apiKey),
        409,
        'media_in_use',
      );
      await t.dataSource.query(`UPDATE post_submissions SET scheduled_time = now() WHERE id = $1`, [
        id,
      ]);
      expect((await waitForPost(t, user.apiKey, id)).outcome).toBe('succeeded');
      // The claim is released right after the last run settles.
      let status = 409;
      for (let tries = 0; status === 409 && tries < 100; tries++) {
        status = (
          await request(t.http).delete(`/v1/media/${media.id}`).set('soku-api-key', user.apiKey)
        ).status;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(status).toBe(200);
    });

    it('should retry a retryable failure and succeed', async () => {
      await addAccount(t, user.userId, 'x', 'x_main');
      const { postSubmissionId } = (
        await post(content({ text: 'flaky #sandbox-fail-once', platform: 'x' })).expect(201)
      ).body;
      const done = await waitForPost(t, user.apiKey, postSubmissionId);
      expect(done.outcome).toBe('succeeded');
      expect(done.runs[0].attempts).toBe(2);
    });

    it('should fail after the last attempt, keep the error, and retry on request', async () => {
      await addAccount(t, user.userId, 'x', 'x_main');
      await addAccount(t, user.userId, 'threads', 'threads_main');
      const { postSubmissionId: id } = (
        await post(content({ text: 'down #sandbox-fail', platform: ['x', 'threads'] })).expect(201)
      ).body;
      const failed = await waitForPost(t, user.apiKey, id);
      expect(failed.outcome).toBe('failed');
      expect(
        failed.runs.every((r) => r.attempts === 3 && r.error?.code === 'sandbox_failure'),
      ).toBe(true);

      const retried = await request(t.http)
        .post(`/v1/posts/${id}/retry`)
        .set('soku-api-key', user.apiKey)
        .expect(200);
      expect(retried.body.runs.every((r: { status: string }) => r.status !== 'failed')).toBe(true);
      expect((await waitForPost(t, user.apiKey, id)).outcome).toBe('failed');
    });

    it('should report a partial outcome when one platform fails', async () => {
      await addAccount(t, user.userId, 'x', 'x_main');
      await addAccount(t, user.userId, 'threads', 'threads_main');
      const { postSubmissionId } = (
        await post(content({ text: 'half #sandbox-fail:x', platform: ['x', 'threads'] })).expect(
          201,
        )
      ).body;
      const done = await waitForPost(t, user.apiKey, postSubmissionId);
      expect(done.outcome).toBe('partial');
      expect(Object.fromEntries(done.runs.map((r) => [r.platform, r.status]))).toEqual({
        x: 'failed',
        threads: 'succeeded',
      });
    });

    it('should publish a scheduled post when it falls due, and not before', async () => {
      await addAccount(t, user.userId, 'x', 'x_main');
      const scheduledTime = new Date(Date.now() + 61_000).toISOString();
      const { postSubmissionId: id } = (
        await post({ ...content({ text: 'Good morning!', platform: 'x' }), scheduledTime }).expect(
          201,
        )
      ).body;
      await new Promise((resolve) => setTimeout(resolve, 600));
      const waiting = await getPost(t, user.apiKey, id);
      expect(waiting.status).toBe('queued');
      expect(waiting.runs[0].status).toBe('queued');
      // Let time pass: move the due time to now, as the clock would.
      await t.dataSource.query(`UPDATE post_submissions SET scheduled_time = now() WHERE id = $1`, [
        id,
      ]);
      expect((await waitForPost(t, user.apiKey, id)).outcome).toBe('succeeded');
    });

    it('should cancel a scheduled post, and refuse to cancel a published one', async () => {
      await addAccount(t, user.userId, 'x', 'x_main');
      const scheduledTime = new Date(Date.now() + 3_600_000).toISOString();
      const { postSubmissionId: id } = (
        await post({ ...content({ text: 'later', platform: 'x' }), scheduledTime }).expect(201)
      ).body;
      const cancelled = await request(t.http)
        .delete(`/v1/posts/${id}`)
        .set('soku-api-key', user.apiKey)
        .expect(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', outcome: 'cancelled' });
      expect(cancelled.body.runs[0].status).toBe('cancelled');

      const { postSubmissionId: now } = (
        await post(content({ text: 'now', platform: 'x' })).expect(201)
      ).body;
      await waitForPost(t, user.apiKey, now);
      expectEnvelope(
        await request(t.http).delete(`/v1/posts/${now}`).set('soku-api-key', user.apiKey),
        409,
        'post_not_cancellable',
      );
      expectEnvelope(
        await request(t.http).post(`/v1/posts/${now}/retry`).set('soku-api-key', user.apiKey),
        409,
        'nothing_to_retry',
      );
    });
  });
});
