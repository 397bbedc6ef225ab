import request from 'supertest';
import { RequestLogWriter } from '../../../src/modules/requests/request-log.writer';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { IdempotencySupportModule } from './idempotency-support.module';
import { RateLimitSupportModule } from './limits-support.module';
import { bindKey, createProfile as newProfile } from '../../utils/profiles';

interface LoggedRequest {
  requestId: string;
  status: number;
  route: string;
  idempotencyKey: string | null;
}

/** The request log is per profile: each request is listed in the profile it acted in. */
describe('Request log per profile', () => {
  let t: TestApp;
  let user: TestUser;
  let profileB: string;

  beforeAll(async () => {
    t = await createTestApp({ imports: [RateLimitSupportModule, IdempotencySupportModule] });
  });
  beforeEach(async () => {
    await t.reset();
    user = await createUser(t);
    profileB = await createProfile(user, 'Client B');
  });
  afterAll(() => t.close());

  const headers = (apiKey: string, profile?: string) => ({
    'soku-api-key': apiKey,
    ...(profile === undefined ? {} : { 'soku-profile': profile }),
  });
  const createProfile = (who: TestUser, name: string) => newProfile(t, who, name);
  const boundKey = (profileId: string) => bindKey(t, user, profileId);
  const plain = (requestId: string, apiKey = user.apiKey, profile?: string) =>
    request(t.http)
      .get('/test-limits/plain')
      .set(headers(apiKey, profile))
      .set('X-Request-ID', requestId);
  /** The entries this test made (its own `X-Request-ID`s start with `log-`), newest first. */
  const listed = async (apiKey: string, profile?: string, query = ''): Promise<LoggedRequest[]> => {
    await t.app.get(RequestLogWriter).flush();
    const res = await request(t.http).get(`/v1/requests${query}`).set(headers(apiKey, profile));
    expect(res.status).toBe(200);
    return (res.body.requests as LoggedRequest[]).filter((r) => r.requestId.startsWith('log-'));
  };
  const ids = (rows: LoggedRequest[]) => rows.map((r) => r.requestId);

  it("should list each profile's own requests only", async () => {
    await plain('log-default-1').expect(200);
    await plain('log-b-1', user.apiKey, profileB).expect(200);
    await request(t.http)
      .post('/test-idem/things')
      .set(headers(user.apiKey, profileB))
      .set('X-Request-ID', 'log-b-2')
      .set('Idempotency-Key', 'log-key-b')
      .send({ name: 'in b' })
      .expect(201);
    await plain('log-default-2').expect(200);

    expect(ids(await listed(user.apiKey))).toEqual(['log-default-2', 'log-default-1']);
    const inB = await listed(user.apiKey, profileB);
    expect(ids(inB)).toEqual(['log-b-2', 'log-b-1']);
    expect(inB[0]).toMatchObject({ route: '/test-idem/things', idempotencyKey: 'log-key-b' });
    const rows: { request_id: string; profile_id: string }[] = await t.dataSource.query(
      `SELECT request_id, profile_id FROM api_requests
        WHERE user_id = $1 AND request_id LIKE 'log-%' ORDER BY request_id`,
      [user.userId],
    );
    expect(rows).toEqual([
      { request_id: 'log-b-1', profile_id: profileB },
      { request_id: 'log-b-2', profile_id: profileB },
      { request_id: 'log-default-1', profile_id: user.userId },
      { request_id: 'log-default-2', profile_id: user.userId },
    ]);
  });

  it("should list a bound key's profile, whichever key made the requests", async () => {
    const clientKey = await boundKey(profileB);
    await plain('log-by-agency', user.apiKey, profileB).expect(200);
    await plain('log-by-client', clientKey).expect(200);
    await plain('log-agency-default').expect(200);
    expect(ids(await listed(clientKey))).toEqual(['log-by-client', 'log-by-agency']);
    expect(ids(await listed(user.apiKey, profileB))).toEqual(['log-by-client', 'log-by-agency']);
  });

  it("should not show profile A's requests in B through a cursor", async () => {
    await plain('log-a-old').expect(200);
    await plain('log-b-only', user.apiKey, profileB).expect(200);
    await plain('log-a-new').expect(200);
    await t.app.get(RequestLogWriter).flush();
    const first = await request(t.http)
      .get('/v1/requests?limit=1')
      .set(headers(user.apiKey))
      .expect(200);
    expect(first.body.requests[0].requestId).toBe('log-a-new');
    const page = await listed(user.apiKey, profileB, `?cursor=${first.body.nextCursor}`);
    expect(ids(page)).toEqual(['log-b-only']);
  });

  describe('a request refused by the Soku-Profile check', () => {
    it('should be listed in the default profile when the header is malformed', async () => {
      expectEnvelope(await plain('log-malformed', user.apiKey, 'nope'), 400, 'validation_error');
      expect(await listed(user.apiKey)).toEqual([
        expect.objectContaining({ requestId: 'log-malformed', status: 400 }),
      ]);
      expect(await listed(user.apiKey, profileB)).toEqual([]);
    });

    it("should be listed in the caller's default profile, never in the profile it named", async () => {
      const other = await createUser(t);
      const othersProfile = await createProfile(other, 'Not yours');
      const deleted = await createProfile(user, 'Gone');
      await request(t.http).delete(`/v1/profiles/${deleted}`).set(headers(user.apiKey)).expect(200);

      const foreign = await plain('log-foreign', user.apiKey, othersProfile);
      expectEnvelope(foreign, 404, 'profile_not_found');
      expectEnvelope(await plain('log-deleted', user.apiKey, deleted), 404, 'profile_not_found');

      expect(ids(await listed(user.apiKey))).toEqual(['log-deleted', 'log-foreign']);
      expect(await listed(other.apiKey, othersProfile)).toEqual([]);
      const [{ n }] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM api_requests WHERE profile_id = ANY($1::uuid[])`,
        [[othersProfile, deleted]],
      );
      expect(n).toBe(0);
    });

    it("should be listed in a bound key's profile when the key names another", async () => {
      const clientKey = await boundKey(profileB);
      const crossing = await plain('log-crossing', clientKey, user.userId);
      expectEnvelope(crossing, 403, 'profile_forbidden');
      expect(ids(await listed(clientKey))).toEqual(['log-crossing']);
      expect(await listed(user.apiKey)).toEqual([]);
    });
  });
});
