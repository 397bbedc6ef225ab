import request from 'supertest';
import type { PostRunPartView } from '../../../src/modules/publishing/post-view';
import type { TestUser } from '../../utils/identity';
import { waitForPost, type PostView } from '../../utils/posts';
import type { TestApp } from '../../utils/test-app';
import { waitFor } from '../../utils/wait';

/** A run of GET /v1/posts/:id with its `parts[]` (the view's type, with the test's run shape). */
export type RunWithParts = PostView['runs'][number] & {
  parts?: PostRunPartView[];
  partial?: boolean;
};

/** Env that keeps retries and re-drives short, so a part's retry comes back at once. */
export const FAST_PARTS_ENV = {
  SOKU_RETRY_BASE_MS: '20',
  SOKU_RECONCILE_INTERVAL_MS: '200',
  SOKU_RATE_LIMIT_ENABLED: 'false',
  SOKU_MEDIA_ALLOWED_HOSTS: '127.0.0.1',
};

/** Whether every run has `count` parts, each succeeded or failed. */
export const partsSettled = (count: number) => (post: PostView) =>
  (post.runs as RunWithParts[]).every(
    (run) =>
      run.parts?.length === count &&
      run.parts.every((part) => part.status === 'succeeded' || part.status === 'failed'),
  );

/**
 * Creates the post and waits until its one run succeeded and all `parts` of it settled
 * (succeeded or failed); answers that run.
 */
export async function publishWithParts(
  t: TestApp,
  user: TestUser,
  content: Record<string, unknown>,
  parts: number,
): Promise<RunWithParts> {
  const res = await request(t.http)
    .post('/v1/posts')
    .set('soku-api-key', user.apiKey)
    .send({ post: { content } })
    .expect(201);
  const post = await waitForPost(t, user.apiKey, res.body.postSubmissionId as string, (view) =>
    (view.runs as RunWithParts[]).every(
      (run) =>
        run.status === 'succeeded' &&
        run.parts?.length === parts &&
        run.parts.every((part) => part.status === 'succeeded' || part.status === 'failed'),
    ),
  );
  return post.runs[0];
}

/** The `post.run.part_failed` events written so far. */
export function partFailedEvents(
  t: TestApp,
): Promise<{ data: { runId: string; partPosition: number } }[]> {
  return t.dataSource.query(`SELECT data FROM events WHERE type = 'post.run.part_failed'`);
}

/**
 * Waits until the post holds no media: the last part out releases them in the transaction after
 * it settles, which may commit just after GET shows the parts settled.
 */
export function mediaReleased(t: TestApp, postId: string): Promise<number> {
  return waitFor(
    'the media released',
    async () =>
      (
        await t.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM media_usages WHERE holder = 'post:' || $1`,
          [postId],
        )
      )[0].n,
    (n) => n === 0,
  );
}
