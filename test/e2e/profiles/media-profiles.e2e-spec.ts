import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { PublishedRunsReader } from '../../../src/modules/publishing/published-runs.reader';
import { CreditsService } from '../../../src/modules/credits/credits.service';
import { MediaService } from '../../../src/modules/media/media.service';
import { startMediaOrigin, type MediaOrigin } from '../../fakes/media-origin';
import { png, wav } from '../../fakes/media-samples';
import { FAKE_API_KEY, startFakeOpenAi, type FakeOpenAi } from '../../fakes/openai-server';
import { addAccount } from '../../utils/accounts';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { waitForPost } from '../../utils/posts';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { createProfile } from '../../utils/profiles';

const TWEET_CARD = {
  templateSlug: 'tweetImage',
  config: { title: 'My Tweet', author: '@username', content: 'Tweet text here' },
};

describe('media, templates, transcription and analytics in profiles (Soku-Profile)', () => {
  let t: TestApp;
  let origin: MediaOrigin;
  let openai: FakeOpenAi;
  let user: TestUser;
  let profileB: string;

  const as = (profile?: string) => {
    const headers: Record<string, string> = { 'soku-api-key': user.apiKey };
    if (profile !== undefined) {
      headers['soku-profile'] = profile;
    }
    return headers;
  };
  // A fresh Idempotency-Key per call: each request here must do its work, not replay another's.
  const create = (path: string, profile?: string) =>
    request(t.http).post(path).set(as(profile)).set('Idempotency-Key', randomUUID());
  const importMedia = async (file: string, profile?: string) => {
    const res = await create('/v1/media', profile).send({ url: origin.url(file) });
    expect(res.status).toBe(201);
    return res.body as { id: string; url: string };
  };
  const profileOf = async (table: string, id: string): Promise<string> => {
    const rows = await t.dataSource.query<{ profile_id: string }[]>(
      `SELECT profile_id FROM ${table} WHERE id = $1`,
      [id],
    );
    return rows[0].profile_id;
  };

  beforeAll(async () => {
    openai = await startFakeOpenAi();
    origin = await startMediaOrigin();
    origin.serve('/photo.png', png(64, 48));
    origin.serve('/voice.wav', wav(2));
    t = await createTestApp({
      env: {
        OPENAI_API_KEY: FAKE_API_KEY,
        OPENAI_BASE_URL: openai.baseUrl,
        SOKU_MEDIA_ALLOWED_HOSTS: '127.0.0.1',
        SOKU_METRICS_SCHEDULE: '1ms,1h',
        SOKU_METRICS_PASS_INTERVAL_MS: '100',
      },
    });
  });
  beforeEach(async () => {
    await t.reset();
    user = await createUser(t);
    profileB = await createProfile(t, user, 'Client B');
  });
  afterAll(async () => {
    await t?.close();
    await openai?.close();
    await origin?.close();
  });

  describe('media', () => {
    it('should store the same content once per profile, each in its own profile', async () => {
      const inDefault = await importMedia('/photo.png');
      const inB = await importMedia('/photo.png', profileB);
      expect(inB.id).not.toBe(inDefault.id);
      expect(await profileOf('media', inDefault.id)).toBe(user.userId);
      expect(await profileOf('media', inB.id)).toBe(profileB);
      // Importing again in B dedupes to B's copy, never to the default profile's.
      expect((await importMedia('/photo.png', profileB)).id).toBe(inB.id);
      expect((await importMedia('/photo.png')).id).toBe(inDefault.id);
    });

    it("should list, get and delete only the profile's media", async () => {
      const inDefault = await importMedia('/photo.png');
      const inB = await importMedia('/voice.wav', profileB);
      const listB = await request(t.http).get('/v1/media').set(as(profileB)).expect(200);
      expect(listB.body.data.map((m: { id: string }) => m.id)).toEqual([inB.id]);
      const listDefault = await request(t.http).get('/v1/media').set(as()).expect(200);
      expect(listDefault.body.data.map((m: { id: string }) => m.id)).toEqual([inDefault.id]);

      for (const [id, profile] of [
        [inDefault.id, profileB],
        [inB.id, undefined],
      ] as const) {
        expectEnvelope(
          await request(t.http).get(`/v1/media/${id}`).set(as(profile)),
          404,
          'not_found',
        );
        expectEnvelope(
          await request(t.http).delete(`/v1/media/${id}`).set(as(profile)),
          404,
          'not_found',
        );
      }
      await request(t.http).get(`/v1/media/${inB.id}`).set(as(profileB)).expect(200);
      await request(t.http).get(`/v1/media/${inDefault.id}`).set(as()).expect(200);
      // The refused deletes changed nothing; a URL handed out keeps working.
      const file = new URL(inDefault.url).pathname;
      await request(t.http).get(file).expect(200);
      await request(t.http).delete(`/v1/media/${inB.id}`).set(as(profileB)).expect(200);
      await request(t.http).get(`/v1/media/${inDefault.id}`).set(as()).expect(200);
    });

    it("should refuse another profile's media URL and its ids in a post's claim", async () => {
      const inDefault = await importMedia('/photo.png');
      const res = await create('/v1/media', profileB).send({ url: inDefault.url });
      expectEnvelope(res, 400, 'upload_failed');
      const media = t.app.get(MediaService);
      const scopeB = { userId: user.userId, profileId: profileB };
      await expect(
        t.dataSource.transaction((m) => media.acquireUsage(m, scopeB, [inDefault.id], 'post:p')),
      ).rejects.toMatchObject({ status: 404 });
      await expect(media.get(scopeB, inDefault.id)).rejects.toMatchObject({ status: 404 });
    });
  });

  it("should store a template's render in the request's profile", async () => {
    const inB = await create('/v1/templates', profileB).send(TWEET_CARD);
    expect(inB.status).toBe(200);
    const inDefault = await create('/v1/templates').send(TWEET_CARD);
    expect(inDefault.status).toBe(200);
    expect(inB.body.id).not.toBe(inDefault.body.id);
    expect(await profileOf('media', inB.body.id)).toBe(profileB);
    expect(await profileOf('media', inDefault.body.id)).toBe(user.userId);
    await request(t.http).get(`/v1/media/${inB.body.id}`).set(as(profileB)).expect(200);
    await request(t.http).get(`/v1/media/${inB.body.id}`).set(as()).expect(404);
    // The same request again returns the stored render of its profile.
    const again = await create('/v1/templates', profileB).send(TWEET_CARD);
    expect(again.body.id).toBe(inB.body.id);
  });

  it("should keep transcription jobs in the profile and charge the user's one balance", async () => {
    await t.app.get(CreditsService).grant(user.userId, 10, 'test');
    const voiceB = await importMedia('/voice.wav', profileB);
    const voiceDefault = await importMedia('/voice.wav');
    const done = await create('/v1/ai/transcribe', profileB).send({ mediaId: voiceB.id });
    expect(done.status).toBe(200);
    expect(done.body.creditsDebited).toBe(1);
    const jobId = done.body.jobId as string;
    expect(await profileOf('transcription_jobs', jobId)).toBe(profileB);
    await request(t.http).get(`/v1/ai/transcriptions/${jobId}`).set(as(profileB)).expect(200);
    expectEnvelope(
      await request(t.http).get(`/v1/ai/transcriptions/${jobId}`).set(as()),
      404,
      'not_found',
    );
    const crossed = await create('/v1/ai/transcribe', profileB).send({ mediaId: voiceDefault.id });
    expectEnvelope(crossed, 404, 'MEDIA_NOT_FOUND');
    // One balance for every profile: B's job was charged to it, and the default sees the same.
    for (const profile of [undefined, profileB]) {
      const credits = await request(t.http).get('/v1/credits').set(as(profile)).expect(200);
      expect(credits.body.balance).toBe(9);
    }
    const inDefault = await create('/v1/ai/transcribe').send({ mediaId: voiceDefault.id });
    expect(inDefault.status).toBe(200);
    const credits = await request(t.http).get('/v1/credits').set(as(profileB)).expect(200);
    expect(credits.body.balance).toBe(8);
  });

  it("should count each published post only in its profile's analytics", async () => {
    await addAccount(t, user.userId, 'x', 'x_main');
    const publish = async (text: string) => {
      const res = await request(t.http)
        .post('/v1/posts')
        .set(as())
        .send({ post: { content: { text, platform: ['x'] } } })
        .expect(201);
      const id = res.body.postSubmissionId as string;
      await waitForPost(t, user.apiKey, id);
      return id;
    };
    const postA = await publish('In the default profile');
    const postB = await publish('For client B');
    // Until posts are created in a profile by the posts routes, move B's post there by hand.
    await t.dataSource.query(`UPDATE post_submissions SET profile_id = $2 WHERE id = $1`, [
      postB,
      profileB,
    ]);
    const published = await t.app
      .get(PublishedRunsReader)
      .after({ publishedAt: new Date(0), runId: '00000000-0000-0000-0000-000000000000' }, 10);
    const bRun = published.find((run) => run.submissionId === postB);
    expect(bRun?.profileId).toBe(profileB);
    expect(published.find((run) => run.submissionId === postA)?.profileId).toBe(user.userId);
    // What the collector schedules from that reader: each read in its submission's profile.
    const waitForRead = async (id: string, profile?: string) => {
      for (;;) {
        const res = await request(t.http).get(`/v1/posts/${id}/analytics`).set(as(profile));
        expect(res.status).toBe(200);
        if (res.body.runs.every((run: { latest: unknown }) => run.latest !== null)) {
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    };
    await waitForRead(postA);
    await t.dataSource.query(
      `UPDATE post_metric_reads SET profile_id = $2 WHERE submission_id = $1`,
      [postB, profileB],
    );
    await waitForRead(postB, profileB);

    expectEnvelope(
      await request(t.http).get(`/v1/posts/${postB}/analytics`).set(as()),
      404,
      'not_found',
    );
    expectEnvelope(
      await request(t.http).get(`/v1/posts/${postA}/analytics`).set(as(profileB)),
      404,
      'not_found',
    );
    const totalsDefault = await request(t.http).get('/v1/analytics').set(as()).expect(200);
    const totalsB = await request(t.http).get('/v1/analytics').set(as(profileB)).expect(200);
    expect(totalsDefault.body.posts).toBe(1);
    expect(totalsB.body.posts).toBe(1);
    expect(totalsB.body.byPlatform).toEqual([expect.objectContaining({ platform: 'x', posts: 1 })]);
  });
});
