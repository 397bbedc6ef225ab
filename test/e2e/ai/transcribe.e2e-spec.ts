import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { CreditsService } from '../../../src/modules/credits/credits.service';
import { expectEnvelope, UUID } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { startMediaOrigin, type MediaOrigin } from '../../fakes/media-origin';
import { mp4, png, wav } from '../../fakes/media-samples';
import {
  errorReply,
  FAKE_API_KEY,
  startFakeOpenAi,
  transcriptReply,
  type FakeOpenAi,
} from '../../fakes/openai-server';

const MAX_UPLOAD = 20_000;
const LYRICS = `Hold on, hold on to me
Don't let the morning set us free
The radio hums a song we wrote
Hold on, hold on to me
Don't let the morning set us free`;

describe('POST /v1/ai/transcribe against an OpenAI-compatible server', () => {
  let t: TestApp;
  let openai: FakeOpenAi;
  let origin: MediaOrigin;
  let alice: TestUser;

  const transcribe = (user: TestUser, body: object, key?: string) => {
    const req = request(t.http).post('/v1/ai/transcribe').set('soku-api-key', user.apiKey);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };
  const importMedia = async (user: TestUser, file: string): Promise<string> => {
    const res = await request(t.http)
      .post('/v1/media')
      .set('soku-api-key', user.apiKey)
      .send({ url: origin.url(file) });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const grant = (user: TestUser, amount: number) =>
    t.app.get(CreditsService).grant(user.userId, amount, 'test');
  const credits = async (user: TestUser) =>
    (await request(t.http).get('/v1/credits').set('soku-api-key', user.apiKey).expect(200)).body;
  const balance = async (user: TestUser): Promise<number> => (await credits(user)).balance;

  beforeAll(async () => {
    openai = await startFakeOpenAi();
    origin = await startMediaOrigin();
    origin.serve('/voice.wav', wav(2));
    origin.serve('/long.wav', wav(5));
    origin.serve('/clip.mp4', mp4(125));
    origin.serve('/photo.png', png(10, 10));
    t = await createTestApp({
      env: {
        OPENAI_API_KEY: FAKE_API_KEY,
        OPENAI_BASE_URL: openai.baseUrl,
        SOKU_TRANSCRIPTION_MAX_UPLOAD_BYTES: String(MAX_UPLOAD),
        SOKU_MEDIA_ALLOWED_HOSTS: '127.0.0.1',
        // The concurrency cases send dozens of requests per user; the 10/min limit has its own test.
        SOKU_RATE_LIMIT_ENABLED: 'false',
      },
    });
  });

  beforeEach(async () => {
    await t.reset();
    openai.calls.length = 0;
    openai.respond = () => transcriptReply('Hello from the fake Whisper.');
    alice = await createUser(t);
  });

  afterAll(async () => {
    await t?.close();
    await openai?.close();
    await origin?.close();
  });

  it('transcribes, charges by the probed duration and records the job and its event', async () => {
    await grant(alice, 10);
    const mediaId = await importMedia(alice, '/voice.wav');
    const res = await transcribe(alice, { mediaId, language: 'en' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      jobId: expect.stringMatching(UUID),
      transcript: 'Hello from the fake Whisper.',
      creditsDebited: 1,
      likelyLyrics: false,
    });
    expect(openai.calls).toEqual([
      expect.objectContaining({
        authorization: `Bearer ${FAKE_API_KEY}`,
        userAgent: expect.stringMatching(/^OpenAI\/JS /),
        contentType: expect.stringMatching(/^multipart\/form-data; boundary=/),
        model: 'whisper-1',
        language: 'en',
        responseFormat: 'json',
        fileType: 'audio/wav',
        fileBytes: wav(2).length,
      }),
    ]);
    const summary = await credits(alice);
    expect(summary.balance).toBe(9);
    expect(summary.recent[0]).toMatchObject({
      kind: 'debit',
      amount: 1,
      balanceAfter: 9,
      jobId: res.body.jobId,
    });

    const job = await request(t.http)
      .get(`/v1/ai/transcriptions/${res.body.jobId}`)
      .set('soku-api-key', alice.apiKey);
    expect(job.status).toBe(200);
    expect(job.body).toMatchObject({
      jobId: res.body.jobId,
      status: 'succeeded',
      mediaId,
      model: 'whisper-1',
      language: 'en',
      durationSeconds: 2,
      durationSource: 'media',
      creditsDebited: 1,
      creditsReserved: 0,
      transcript: 'Hello from the fake Whisper.',
      error: null,
    });
    const events = await t.dataSource.query(`SELECT type, data FROM events WHERE user_id = $1`, [
      alice.userId,
    ]);
    expect(events).toEqual([
      {
        type: 'transcription.completed',
        data: expect.objectContaining({ jobId: res.body.jobId, creditsDebited: 1 }),
      },
    ]);
  });

  it('charges the probed length even when the client claims less, and flags lyrics', async () => {
    await grant(alice, 10);
    openai.respond = () => transcriptReply(LYRICS, 30);
    const mediaId = await importMedia(alice, '/clip.mp4');
    const res = await transcribe(alice, {
      mediaId,
      durationSeconds: 10,
      model: 'gpt-4o-transcribe',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ creditsDebited: 3, likelyLyrics: true });
    expect(openai.calls[0]).toMatchObject({ model: 'gpt-4o-transcribe', fileType: 'video/mp4' });
    expect(await balance(alice)).toBe(7);
  });

  it("without a probed duration, reserves by the client's and settles by the API's", async () => {
    await grant(alice, 10);
    const mediaId = await importMedia(alice, '/voice.wav');
    await t.dataSource.query('UPDATE media SET duration_seconds = NULL WHERE id = $1', [mediaId]);
    openai.respond = () => transcriptReply('A longer talk than announced.', 250);
    const res = await transcribe(alice, { mediaId, durationSeconds: 30 });
    expect(res.status).toBe(200);
    expect(res.body.creditsDebited).toBe(5);
    const summary = await credits(alice);
    expect(summary.balance).toBe(5);
    expect(summary.recent.map((e: { kind: string; amount: number }) => [e.kind, e.amount])).toEqual(
      [
        ['debit', 4],
        ['debit', 1],
        ['grant', 10],
      ],
    );
  });

  it('splits a WAV above the upload limit into windows and joins the transcripts', async () => {
    await grant(alice, 10);
    let n = 0;
    openai.respond = () => transcriptReply(`Part ${++n}.`);
    const mediaId = await importMedia(alice, '/long.wav');
    const res = await transcribe(alice, { mediaId });
    expect(res.status).toBe(200);
    expect(openai.calls).toHaveLength(Math.ceil(wav(5).length / (MAX_UPLOAD - 44)));
    for (const call of openai.calls) {
      expect(call.fileBytes).toBeLessThanOrEqual(MAX_UPLOAD);
    }
    expect(res.body.transcript).toBe(openai.calls.map((_, i) => `Part ${i + 1}.`).join('\n'));
    expect(res.body.creditsDebited).toBe(1);
  });

  describe('documented errors', () => {
    it('MEDIA_NOT_FOUND for an unknown id, a malformed id and another user’s media', async () => {
      await grant(alice, 10);
      const bob = await createUser(t);
      const bobs = await importMedia(bob, '/voice.wav');
      for (const mediaId of ['abc123def', '7c9e6679-7425-40de-944b-e07fc1f90ae7', bobs]) {
        expectEnvelope(await transcribe(alice, { mediaId }), 404, 'MEDIA_NOT_FOUND');
      }
      expect(openai.calls).toHaveLength(0);
      expect(await balance(alice)).toBe(10);
    });

    it('UNSUPPORTED_MEDIA_TYPE for an image', async () => {
      await grant(alice, 10);
      const mediaId = await importMedia(alice, '/photo.png');
      const res = await transcribe(alice, { mediaId });
      expectEnvelope(res, 400, 'UNSUPPORTED_MEDIA_TYPE');
      expect(res.body.error.details).toEqual({ mimeType: 'image/png' });
    });

    it('MEDIA_INVALID when the stored file is gone, before anything is charged', async () => {
      await grant(alice, 10);
      const mediaId = await importMedia(alice, '/voice.wav');
      const dir = path.join(t.config.app.dataDir, 'media');
      for (const file of fs.readdirSync(dir)) {
        fs.rmSync(path.join(dir, file));
      }
      expectEnvelope(await transcribe(alice, { mediaId }), 400, 'MEDIA_INVALID');
      expect(await balance(alice)).toBe(10);
    });

    it('insufficient_credits with the balance and the cost', async () => {
      await grant(alice, 2);
      const mediaId = await importMedia(alice, '/clip.mp4');
      const res = await transcribe(alice, { mediaId });
      expectEnvelope(res, 402, 'insufficient_credits');
      expect(res.body.error.details).toEqual({ balance: 2, cost: 3 });
      expect(openai.calls).toHaveLength(0);
      expect(await balance(alice)).toBe(2);
    });

    it('validation_error names each bad field', async () => {
      const res = await transcribe(alice, { language: 'english', durationSeconds: -1 });
      expectEnvelope(res, 400, 'validation_error');
      expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'body.durationSeconds',
        'body.language',
        'body.mediaId',
      ]);
    });
  });

  describe('upstream failures refund in full', () => {
    it('a 5xx is a retryable 503; the retry with the same key is charged once', async () => {
      await grant(alice, 10);
      const mediaId = await importMedia(alice, '/voice.wav');
      openai.respond = () => errorReply(502, 'Bad gateway');
      const failed = await transcribe(alice, { mediaId }, 'retry-me');
      expectEnvelope(failed, 503, 'transcription_unavailable');
      expect(failed.headers['retry-after']).toBe('30');
      expect(await balance(alice)).toBe(10);

      openai.respond = () => transcriptReply('Second time lucky.');
      const ok = await transcribe(alice, { mediaId }, 'retry-me');
      expect(ok.status).toBe(200);
      const summary = await credits(alice);
      expect(summary.balance).toBe(9);
      expect(summary.recent.map((e: { kind: string }) => e.kind)).toEqual([
        'debit',
        'refund',
        'debit',
        'grant',
      ]);
      const job = await request(t.http)
        .get(`/v1/ai/transcriptions/${ok.body.jobId}`)
        .set('soku-api-key', alice.apiKey);
      expect(job.body).toMatchObject({ status: 'succeeded', attempts: 2, creditsDebited: 1 });
    });

    it('a 429 passes its Retry-After on', async () => {
      await grant(alice, 10);
      const mediaId = await importMedia(alice, '/voice.wav');
      openai.respond = () => errorReply(429, 'Rate limit reached', { 'retry-after': '7' });
      const res = await transcribe(alice, { mediaId });
      expectEnvelope(res, 503, 'transcription_unavailable');
      expect(res.headers['retry-after']).toBe('7');
      expect(await balance(alice)).toBe(10);
    });

    it("a 400 is the client's, with the API's message, and the failed job is kept", async () => {
      await grant(alice, 10);
      const mediaId = await importMedia(alice, '/voice.wav');
      openai.respond = () => errorReply(400, 'The model `whisper-9` does not exist');
      const res = await transcribe(alice, { mediaId, model: 'whisper-9' });
      expectEnvelope(res, 400, 'transcription_rejected');
      expect(res.body.error.message).toContain('The model `whisper-9` does not exist');
      expect(await balance(alice)).toBe(10);
      const [job] = await t.dataSource.query(
        'SELECT status, error_code FROM transcription_jobs WHERE user_id = $1',
        [alice.userId],
      );
      expect(job).toEqual({ status: 'failed', error_code: 'transcription_rejected' });
    });
  });

  describe('concurrency', () => {
    it('10 concurrent requests with one Idempotency-Key charge once and return one job', async () => {
      await grant(alice, 10);
      const mediaId = await importMedia(alice, '/voice.wav');
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => transcribe(alice, { mediaId }, 'one-key')),
      );
      const ok = responses.filter((r) => r.status === 200);
      expect(ok.length).toBeGreaterThanOrEqual(1);
      for (const res of responses.filter((r) => r.status !== 200)) {
        expectEnvelope(res, 409, 'idempotency_conflict');
      }
      const replay = await transcribe(alice, { mediaId }, 'one-key');
      expect(replay.status).toBe(200);
      expect(new Set([...ok, replay].map((r) => r.body.jobId)).size).toBe(1);
      expect(openai.calls).toHaveLength(1);
      expect(await balance(alice)).toBe(9);
    });

    it.each([
      [20, 5],
      [50, 10],
    ])(
      '%i parallel requests with different keys against %i credits: exactly that many succeed',
      async (requests, available) => {
        await grant(alice, available);
        const mediaId = await importMedia(alice, '/voice.wav');
        const responses = await Promise.all(
          Array.from({ length: requests }, (_, i) => transcribe(alice, { mediaId }, `key-${i}`)),
        );
        const statuses = responses.map((r) => r.status);
        expect(statuses.filter((s) => s === 200)).toHaveLength(available);
        expect(statuses.filter((s) => s === 402)).toHaveLength(requests - available);
        expect(await balance(alice)).toBe(0);
        const [{ min }] = await t.dataSource.query(
          'SELECT min(balance_after)::int AS min FROM credit_ledger WHERE user_id = $1',
          [alice.userId],
        );
        expect(min).toBe(0);
      },
    );
  });

  it("GET /v1/ai/transcriptions/:jobId is 404 for another user's job", async () => {
    await grant(alice, 10);
    const mediaId = await importMedia(alice, '/voice.wav');
    const { body } = await transcribe(alice, { mediaId });
    const bob = await createUser(t);
    const res = await request(t.http)
      .get(`/v1/ai/transcriptions/${body.jobId}`)
      .set('soku-api-key', bob.apiKey);
    expectEnvelope(res, 404, 'not_found');
  });
});

describe('POST /v1/ai/transcribe without a configured provider', () => {
  let t: TestApp;
  let origin: MediaOrigin;

  beforeAll(async () => {
    origin = await startMediaOrigin();
    origin.serve('/voice.wav', wav(1));
    t = await createTestApp({ env: { SOKU_MEDIA_ALLOWED_HOSTS: '127.0.0.1' } });
  });

  afterAll(async () => {
    await t?.close();
    await origin?.close();
  });

  it('is a 503 naming OPENAI_API_KEY, refunded, and never a made-up transcript', async () => {
    await t.reset();
    const user = await createUser(t);
    await t.app.get(CreditsService).grant(user.userId, 3, 'test');
    const media = await request(t.http)
      .post('/v1/media')
      .set('soku-api-key', user.apiKey)
      .send({ url: origin.url('/voice.wav') });
    const res = await request(t.http)
      .post('/v1/ai/transcribe')
      .set('soku-api-key', user.apiKey)
      .send({ mediaId: media.body.id });
    expectEnvelope(res, 503, 'transcription_not_configured');
    expect(res.body.error.message).toContain('OPENAI_API_KEY');
    const credits = await request(t.http).get('/v1/credits').set('soku-api-key', user.apiKey);
    expect(credits.body.balance).toBe(3);
  });

  it('allows 10 transcriptions per minute per user', async () => {
    await t.reset();
    const user = await createUser(t);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await request(t.http)
        .post('/v1/ai/transcribe')
        .set('soku-api-key', user.apiKey)
        .send({ mediaId: `missing-${i}` });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(10).fill(404), 429]);
  });
});
