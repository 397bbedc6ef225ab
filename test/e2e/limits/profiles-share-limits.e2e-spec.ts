import request, { type Response } from 'supertest';
import { CreditsService } from '../../../src/modules/credits/credits.service';
import { RateLimitClock } from '../../../src/modules/rate-limits/rate-limit.clock';
import { startMediaOrigin, type MediaOrigin } from '../../fakes/media-origin';
import { wav } from '../../fakes/media-samples';
import { FAKE_API_KEY, startFakeOpenAi, type FakeOpenAi } from '../../fakes/openai-server';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { RateLimitSupportModule } from './limits-support.module';
import { bindKey, createProfile } from '../../utils/profiles';

/**
 * Rate limits and credits belong to the user, not to a profile: an agency's profiles share
 * one endpoint budget and one credit balance, whichever key or Soku-Profile a request uses.
 */
describe('Profiles share the user’s rate limits and credits', () => {
  let t: TestApp;
  let openai: FakeOpenAi;
  let origin: MediaOrigin;
  let user: TestUser;
  let profileB: string;
  let clientKey: string;

  beforeAll(async () => {
    openai = await startFakeOpenAi();
    origin = await startMediaOrigin();
    origin.serve('/voice.wav', wav(2));
    t = await createTestApp({
      imports: [RateLimitSupportModule],
      env: {
        OPENAI_API_KEY: FAKE_API_KEY,
        OPENAI_BASE_URL: openai.baseUrl,
        SOKU_MEDIA_ALLOWED_HOSTS: '127.0.0.1',
      },
    });
    // Time stands still, so the budget only moves with the requests of the test.
    const now = Date.parse('2030-01-01T00:00:00.000Z');
    jest.spyOn(t.app.get(RateLimitClock), 'now').mockImplementation(() => now);
  });
  beforeEach(async () => {
    await t.reset();
    user = await createUser(t);
    profileB = await createProfile(t, user, 'Client B');
    clientKey = await bindKey(t, user, profileB, 'client B');
  });
  afterAll(async () => {
    await t?.close();
    await openai?.close();
    await origin?.close();
  });

  /** The three ways to act: the default profile, the header, a key bound to B. */
  const callers = (): Record<string, string>[] => [
    { 'soku-api-key': user.apiKey },
    { 'soku-api-key': user.apiKey, 'soku-profile': profileB },
    { 'soku-api-key': clientKey },
  ];

  it('should count every profile’s requests against one endpoint limit', async () => {
    const responses: Response[] = [];
    for (let i = 0; i < 31; i++) {
      responses.push(
        await request(t.http)
          .post('/test-limits/posts')
          .set(callers()[i % 3]),
      );
    }
    expect(responses.map((r) => r.status)).toEqual([...Array(30).fill(201), 429]);
    expect(responses.slice(0, 30).map((r) => Number(r.headers['x-ratelimit-remaining']))).toEqual(
      Array.from({ length: 30 }, (_, i) => 29 - i),
    );
    expectEnvelope(responses[30], 429, 'rate_limit_exceeded');
    for (const caller of callers()) {
      expect((await request(t.http).post('/test-limits/posts').set(caller)).status).toBe(429);
    }
  });

  it('should keep one credit balance, spent from any profile', async () => {
    await t.app.get(CreditsService).grant(user.userId, 5, 'test');
    const credits = async (caller: Record<string, string>) =>
      (await request(t.http).get('/v1/credits').set(caller).expect(200)).body;
    for (const caller of callers()) {
      expect((await credits(caller)).balance).toBe(5);
    }

    const [, inB] = callers();
    const media = await request(t.http)
      .post('/v1/media')
      .set(inB)
      .send({ url: origin.url('/voice.wav') })
      .expect(201);
    const job = await request(t.http)
      .post('/v1/ai/transcribe')
      .set(inB)
      .send({ mediaId: media.body.id })
      .expect(200);
    expect(job.body.creditsDebited).toBe(1);

    for (const caller of callers()) {
      const summary = await credits(caller);
      expect(summary.balance).toBe(4);
      expect(summary.recent[0]).toMatchObject({ kind: 'debit', amount: 1, balanceAfter: 4 });
    }
  });
});
