import request from 'supertest';
import type { TestApp } from './test-app';

export interface PostView {
  id: string;
  status: string;
  outcome: string;
  runs: {
    platform: string;
    accountId: string;
    targetId: string;
    status: string;
    attempts: number;
    platformPostId: string | null;
    url: string | null;
    error: { code: string; message: string } | null;
  }[];
}

export function getPost(t: TestApp, apiKey: string, id: string): Promise<PostView> {
  return request(t.http)
    .get(`/v1/posts/${id}`)
    .set('soku-api-key', apiKey)
    .expect(200)
    .then((res) => res.body as PostView);
}

/** Polls GET /v1/posts/:id until `done` holds (at most `timeoutMs`; a guard, not a measurement). */
export async function waitForPost(
  t: TestApp,
  apiKey: string,
  id: string,
  done: (post: PostView) => boolean = (post) => post.outcome !== 'pending',
  timeoutMs = 30_000,
): Promise<PostView> {
  const deadline = Date.now() + timeoutMs;
  let post = await getPost(t, apiKey, id);
  // Backing off keeps a slow run well inside the caller's rate limit (200 a minute).
  let pause = 50;
  while (!done(post)) {
    if (Date.now() > deadline) {
      throw new Error(`post ${id} did not settle: ${JSON.stringify(post)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 1.5, 500);
    post = await getPost(t, apiKey, id);
  }
  return post;
}
