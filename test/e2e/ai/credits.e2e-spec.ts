import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { TranscriptionLeaseSweeper } from '../../../src/modules/ai/transcription-lease.sweeper';
import { CreditsService } from '../../../src/modules/credits/credits.service';
import { createUser, type TestUser } from '../../utils/identity';
import { runCli, sharingTestDatabase } from '../../utils/soku-process';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { startMediaOrigin, type MediaOrigin } from '../../fakes/media-origin';
import { wav } from '../../fakes/media-samples';
import { FAKE_API_KEY, startFakeOpenAi, type FakeOpenAi } from '../../fakes/openai-server';

describe('credits: crashes, the sweeper and the CLI', () => {
  let t: TestApp;
  let openai: FakeOpenAi;
  let origin: MediaOrigin;
  let alice: TestUser;
  let dataDir: string;

  const balance = async (user: TestUser): Promise<number> =>
    (await request(t.http).get('/v1/credits').set('soku-api-key', user.apiKey).expect(200)).body
      .balance;

  /** The state a process leaves when it dies after reserving and before settling. */
  const crashedAttempt = async (user: TestUser, key: string, mediaId: string): Promise<string> => {
    const id = randomUUID();
    await t.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO transcription_jobs
           (id, user_id, request_key_hash, media_id, status, model, credits_reserved, lease_expires_at)
         VALUES ($1, $2, $3, $4, 'processing', 'whisper-1', 1, now() - interval '1 second')`,
        [id, user.userId, createHash('sha256').update(key).digest('hex'), mediaId],
      );
      await t.app.get(CreditsService).debit(manager, user.userId, 1, 'transcription', id);
    });
    return id;
  };

  beforeAll(async () => {
    openai = await startFakeOpenAi();
    origin = await startMediaOrigin();
    origin.serve('/voice.wav', wav(2));
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'soku-cli-'));
    t = await createTestApp({
      env: {
        OPENAI_API_KEY: FAKE_API_KEY,
        OPENAI_BASE_URL: openai.baseUrl,
        SOKU_MEDIA_ALLOWED_HOSTS: '127.0.0.1',
      },
    });
  });

  beforeEach(async () => {
    await t.reset();
    alice = await createUser(t);
    await t.app.get(CreditsService).grant(alice.userId, 5, 'test');
  });

  afterAll(async () => {
    await t?.close();
    await openai?.close();
    await origin?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const importVoice = async (): Promise<string> =>
    (
      await request(t.http)
        .post('/v1/media')
        .set('soku-api-key', alice.apiKey)
        .send({ url: origin.url('/voice.wav') })
        .expect(201)
    ).body.id;

  it('the sweeper refunds an attempt whose process died', async () => {
    const jobId = await crashedAttempt(alice, 'lost', await importVoice());
    expect(await balance(alice)).toBe(4);
    await t.app.get(TranscriptionLeaseSweeper).sweep();
    expect(await balance(alice)).toBe(5);
    const job = await request(t.http)
      .get(`/v1/ai/transcriptions/${jobId}`)
      .set('soku-api-key', alice.apiKey);
    expect(job.body).toMatchObject({ status: 'failed', creditsReserved: 0 });
    await t.app.get(TranscriptionLeaseSweeper).sweep();
    expect(await balance(alice)).toBe(5);
  });

  it('a retry after a crash finishes the same job and charges once', async () => {
    const mediaId = await importVoice();
    const jobId = await crashedAttempt(alice, 'crash-key', mediaId);
    const res = await request(t.http)
      .post('/v1/ai/transcribe')
      .set('soku-api-key', alice.apiKey)
      .set('Idempotency-Key', 'crash-key')
      .send({ mediaId });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ jobId, creditsDebited: 1 });
    expect(await balance(alice)).toBe(4);
  });

  it('credits:grant adds to the balance and prints one JSON object', async () => {
    const result = await runCli(
      ['credits:grant', '--email', alice.email, '--amount', '7', '--reason', 'promo', '--json'],
      {
        ...sharingTestDatabase(dataDir),
      },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ userId: alice.userId, granted: 7, balance: 12 });
    const credits = await request(t.http).get('/v1/credits').set('soku-api-key', alice.apiKey);
    expect(credits.body.recent[0]).toMatchObject({ kind: 'grant', amount: 7, reason: 'promo' });

    const bad = await runCli(
      ['credits:grant', '--email', alice.email, '--amount', '2.5', '--json'],
      {
        ...sharingTestDatabase(dataDir),
      },
    );
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).error.code).toBe('validation_error');
  });

  it('the ledger is append-only', async () => {
    await expect(t.dataSource.query('UPDATE credit_ledger SET amount = 1000')).rejects.toThrow(
      /append-only/,
    );
  });
});
