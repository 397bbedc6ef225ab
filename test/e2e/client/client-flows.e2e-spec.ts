import {
  createSokuClient,
  SokuApiError,
  unwrap,
  type Schemas,
  type SokuClient,
} from '../../../clients/typescript/index';
import { CreditsService } from '../../../src/modules/credits/credits.service';
import { startMediaOrigin, type MediaOrigin } from '../../fakes/media-origin';
import { png, wav } from '../../fakes/media-samples';
import {
  FAKE_API_KEY,
  startFakeOpenAi,
  transcriptReply,
  type FakeOpenAi,
} from '../../fakes/openai-server';
import { createUser, type TestUser } from '../../utils/identity';
import { freePort } from '../../utils/soku-process';
import { createTestApp, type TestApp } from '../../utils/test-app';

/** The main flows of the API, driven only through the generated client over real HTTP. */
describe('The TypeScript client against a running Soku', () => {
  let t: TestApp;
  let origin: MediaOrigin;
  let openai: FakeOpenAi;
  let baseUrl: string;
  let user: TestUser;

  beforeAll(async () => {
    origin = await startMediaOrigin();
    origin.serve('/podcast.wav', wav(2), { type: 'audio/wav' });
    openai = await startFakeOpenAi();
    openai.respond = () => transcriptReply('Welcome to my podcast.');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    t = await createTestApp({
      env: {
        SOKU_PUBLIC_URL: baseUrl,
        SOKU_MEDIA_ALLOWED_HOSTS: '127.0.0.1',
        OPENAI_API_KEY: FAKE_API_KEY,
        OPENAI_BASE_URL: openai.baseUrl,
        SOKU_RATE_LIMIT_ENABLED: 'false',
      },
    });
    await t.app.listen(port, '127.0.0.1');
    user = await createUser(t);
    await t.app.get(CreditsService).grant(user.userId, 10, 'client e2e');
  });

  afterAll(async () => {
    await t?.close();
    await origin?.close();
    await openai?.close();
  });

  it('should create a key, upload, render, publish, read back and transcribe', async () => {
    // Key management takes the ID token.
    const account = createSokuClient({ baseUrl, idToken: user.idToken });
    const { apiKey } = unwrap(
      await account.POST('/v1/api-keys', { body: { name: 'typescript client' } }),
    );
    expect(apiKey).toMatch(/^sk_live_/);
    const soku = createSokuClient({ baseUrl, apiKey });

    const sandbox = unwrap(
      await soku.POST('/v1/integrations/sandbox', {
        body: { platforms: ['x', 'instagram', 'threads'] },
      }),
    );
    expect(sandbox.integrations.map((i) => i.accountId).sort()).toEqual([
      'sandbox_instagram',
      'sandbox_threads',
      'sandbox_x',
    ]);

    const audio = unwrap(
      await soku.POST('/v1/media', { body: { url: origin.url('/podcast.wav') } }),
    );
    expect(audio.mimeType).toBe('audio/wav');

    const photo = await directUpload(soku, png(320, 240));
    expect(photo).toMatchObject({ mimeType: 'image/png', width: 320, height: 240 });

    const rendered = unwrap(
      await soku.POST('/v1/templates', {
        body: {
          templateSlug: 'tweetImage',
          config: { title: 'Big Announcement', author: '@mybrand', content: 'We launched!' },
          aspectRatio: '1:1',
        },
      }),
    );
    expect(rendered.url).toMatch(/\.png$/);

    const created = await soku.POST('/v1/posts', {
      params: { header: { 'Idempotency-Key': 'client-e2e-post-1' } },
      body: {
        post: {
          content: {
            text: 'Big news from the TypeScript client!',
            mediaIds: [photo.id, rendered.id],
            // Not Instagram: it publishes JPEG images only, and these are PNGs.
            platform: ['x', 'threads'],
          },
        },
      },
    });
    expect(created.response.status).toBe(201);
    expect(created.response.headers.get('Idempotency-Key')).toBe('client-e2e-post-1');
    const { postSubmissionId } = unwrap(created);

    const post = await settle(soku, postSubmissionId);
    expect(post.outcome).toBe('succeeded');
    expect(post.runs.map((run) => [run.platform, run.status])).toEqual(
      expect.arrayContaining([
        ['x', 'succeeded'],
        ['threads', 'succeeded'],
      ]),
    );
    const listed = unwrap(await soku.GET('/v1/posts', { params: { query: { limit: 5 } } }));
    expect(listed.data.map((p) => p.id)).toContain(postSubmissionId);

    const transcription = unwrap(
      await soku.POST('/v1/ai/transcribe', { body: { mediaId: audio.id, language: 'en' } }),
    );
    expect(transcription).toMatchObject({
      transcript: 'Welcome to my podcast.',
      creditsDebited: 1,
    });
    expect(unwrap(await soku.GET('/v1/credits')).balance).toBe(9);
  });

  it('should turn an error envelope into a SokuApiError', async () => {
    const soku = createSokuClient({ baseUrl, apiKey: user.apiKey });
    const missing = await soku.GET('/v1/posts/{id}', {
      params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
    });
    expect(missing.error?.error.code).toBe('not_found');
    expect(() => unwrap(missing)).toThrow(SokuApiError);

    const account = createSokuClient({ baseUrl, idToken: user.idToken });
    const { keys } = unwrap(await account.GET('/v1/api-keys'));
    // createUser's key, named "test"; the first test made a newer one.
    const key = keys.find((k) => k.name === 'test')!;
    const revoked = unwrap(
      await account.DELETE('/v1/api-keys/{id}', { params: { path: { id: key.id } } }),
    );
    expect(revoked).toEqual({ revoked: true });
    const refused = await createSokuClient({ baseUrl, apiKey: user.apiKey }).GET('/v1/credits');
    expect(refused.response.status).toBe(401);
    expect(refused.error?.error).toMatchObject({
      code: 'unauthorized',
      message: 'API key revoked',
    });
  });
});

/** Start, PUT, complete: the client's direct-upload flow. */
async function directUpload(soku: SokuClient, bytes: Buffer): Promise<Schemas['MediaDto']> {
  const ticket = unwrap(
    await soku.POST('/v1/media/uploads', {
      body: { filename: 'photo.png', mimeType: 'image/png', size: bytes.length },
    }),
  );
  const put = await fetch(ticket.uploadUrl, {
    method: ticket.method,
    headers: ticket.headers,
    body: bytes,
  });
  expect(put.status).toBe(200);
  return unwrap(
    await soku.POST('/v1/media/uploads/{mediaId}/complete', {
      params: { path: { mediaId: ticket.mediaId } },
    }),
  );
}

/** Reads the post back until every run is terminal (a guard of 30 s, not a measurement). */
async function settle(soku: SokuClient, id: string): Promise<Schemas['PostSubmissionDto']> {
  const deadline = Date.now() + 30_000;
  for (let pause = 50; ; pause = Math.min(pause * 1.5, 500)) {
    const post = unwrap(await soku.GET('/v1/posts/{id}', { params: { path: { id } } }));
    if (post.outcome !== 'pending') {
      return post;
    }
    if (Date.now() > deadline) {
      throw new Error(`post ${id} did not settle: ${JSON.stringify(post)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
