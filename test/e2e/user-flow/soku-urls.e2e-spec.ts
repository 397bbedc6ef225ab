import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { expectEnvelope } from '../../utils/assertions';
import { addAccount } from '../../utils/accounts';
import { createUser, type TestUser } from '../../utils/identity';
import { waitForPost } from '../../utils/posts';
import { freePort } from '../../utils/soku-process';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { startMediaOrigin, type MediaOrigin } from '../../fakes/media-origin';
import { jpeg } from '../../fakes/media-samples';

/**
 * What a user of the default install meets (issue 18): data under a `.soku/` dir, the URLs Soku
 * hands out fetched and posted back, a failed import retried, and sandbox run URLs opened.
 */
describe('Soku URLs on the default install', () => {
  let t: TestApp;
  let origin: MediaOrigin;
  let alice: TestUser;
  let bob: TestUser;
  let scratch: string;

  const api = (user: TestUser) => ({
    post: (url: string, body: object) =>
      request(t.http).post(url).set('soku-api-key', user.apiKey).send(body),
  });
  const instagramPost = (user: TestUser, imageUrls: string[]) =>
    api(user)
      .post('/v1/posts', {
        post: {
          content: { text: 'Photo', imageUrls, platform: ['instagram'] },
        },
      })
      .expect(201)
      .then((res) => res.body.postSubmissionId as string);
  const sandboxView = (url: string) =>
    fetch(url, { headers: { accept: 'application/json' } }).then(async (res) => {
      expect(res.status).toBe(200);
      return (await res.json()) as { text: string; media: { url: string }[] };
    });

  beforeAll(async () => {
    origin = await startMediaOrigin();
    // The default data dir is `./.soku/`: a dot segment in the path, as users have it.
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'soku-urls-'));
    const port = await freePort();
    t = await createTestApp({
      env: {
        SOKU_DATA_DIR: path.join(scratch, '.soku'),
        // Soku's own URLs are on a loopback name the SSRF guard refuses, as on a laptop.
        SOKU_PUBLIC_URL: `http://localhost:${port}`,
        SOKU_MEDIA_ALLOWED_HOSTS: '127.0.0.1',
        SOKU_RECONCILE_INTERVAL_MS: '200',
      },
    });
    await t.app.listen(port, '127.0.0.1');
    alice = await createUser(t);
    bob = await createUser(t);
    await addAccount(t, alice.userId, 'instagram', 'ig_alice');
    await addAccount(t, bob.userId, 'instagram', 'ig_bob');
    origin.serve('/photo.jpg', jpeg(1080, 1350));
  });

  afterAll(async () => {
    await t?.close();
    await origin?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('serves imported media from a data dir under a dot segment', async () => {
    const media = await api(alice)
      .post('/v1/media', { url: origin.url('/photo.jpg') })
      .expect(201);
    const res = await fetch(media.body.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await res.arrayBuffer()).equals(jpeg(1080, 1350))).toBe(true);
  });

  it("publishes the user's own Soku media URL as that media, downloading nothing", async () => {
    const media = await api(alice)
      .post('/v1/media', { url: origin.url('/photo.jpg') })
      .expect(201);
    const requestsBefore = origin.requests().length;
    const id = await instagramPost(alice, [media.body.url]);
    const done = await waitForPost(t, alice.apiKey, id);
    expect(done.runs.map((run) => [run.status, run.error])).toEqual([['succeeded', null]]);
    expect((await sandboxView(done.runs[0].url!)).media.map((item) => item.url)).toEqual([
      media.body.url,
    ]);
    expect(origin.requests().length).toBe(requestsBefore);
    const again = await api(alice).post('/v1/media', { url: media.body.url }).expect(201);
    expect(again.body.id).toBe(media.body.id);
  });

  it("refuses another user's media URL, in a post and as an import", async () => {
    const media = await api(alice)
      .post('/v1/media', { url: origin.url('/photo.jpg') })
      .expect(201);
    const id = await instagramPost(bob, [media.body.url]);
    const done = await waitForPost(t, bob.apiKey, id);
    expect(done.runs[0].status).toBe('failed');
    expect(done.runs[0].error).toEqual({
      code: 'media_unavailable',
      message: `${media.body.url}: ${media.body.url} is another user's media: post your own media (its URL or mediaIds)`,
    });
    const refused = await api(bob).post('/v1/media', { url: media.body.url });
    expectEnvelope(refused, 400, 'upload_failed');
  });

  it('retries a failed import, and publishes with the media it was created with', async () => {
    const id = await instagramPost(alice, [origin.url('/later.jpg')]);
    const failed = await waitForPost(t, alice.apiKey, id);
    expect(failed.runs[0].error?.code).toBe('media_unavailable');

    origin.serve('/later.jpg', jpeg(800, 800));
    await api(alice).post(`/v1/posts/${id}/retry`, {}).expect(200);
    const done = await waitForPost(t, alice.apiKey, id);
    expect(done.runs.map((run) => [run.status, run.error])).toEqual([['succeeded', null]]);
    expect(origin.requests().filter((seen) => seen.endsWith('/later.jpg'))).toHaveLength(2);
    const shown = await sandboxView(done.runs[0].url!);
    expect(shown.media).toHaveLength(1);
    const image = await fetch(shown.media[0].url);
    expect([image.status, image.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
  });

  it('never publishes a run whose media were not imported, whoever re-queues it', async () => {
    const id = await instagramPost(alice, [origin.url('/never.jpg')]);
    expect((await waitForPost(t, alice.apiKey, id)).runs[0].error?.code).toBe('media_unavailable');
    // What retry did before: the run queued again, the import not redone. The reconciler drives it.
    await t.dataSource.query(
      `UPDATE post_runs SET status = 'queued', attempts = 0, finished_at = NULL WHERE submission_id = $1`,
      [id],
    );
    const done = await waitForPost(
      t,
      alice.apiKey,
      id,
      (post) =>
        post.runs[0].attempts > 0 && !['queued', 'processing'].includes(post.runs[0].status),
    );
    expect(done.runs[0].status).toBe('failed');
    expect(done.runs[0].error).toEqual({
      code: 'media_unavailable',
      message: "The post's media were not imported: retry the post to import them",
    });
  });

  it('opens sandbox run URLs as a page, as JSON, and 404s unknown ones', async () => {
    const id = await instagramPost(alice, [origin.url('/photo.jpg')]);
    const done = await waitForPost(t, alice.apiKey, id);
    const url = done.runs[0].url!;
    expect(url).toMatch(/\/sandbox\/instagram\/[0-9a-f-]{36}$/);

    const page = await fetch(url, { headers: { accept: 'text/html' } });
    expect([page.status, page.headers.get('content-type')]).toEqual([
      200,
      'text/html; charset=utf-8',
    ]);
    const html = await page.text();
    expect(html).toContain('Photo');
    expect(html).toContain('<img alt="" src="http://localhost:');
    expect((await sandboxView(url)).text).toBe('Photo');

    const path404 = new URL(url).pathname;
    for (const unknown of [
      `/sandbox/instagram/${randomUUID()}`,
      path404.replace('/instagram/', '/x/'),
      '/sandbox/instagram/not-a-uuid',
    ]) {
      expectEnvelope(await request(t.http).get(unknown), 404, 'not_found');
    }
  });
});
