import request from 'supertest';
import { IdempotencyRepository } from '../../../src/modules/idempotency/idempotency.repository';
import { IdempotencyService } from '../../../src/modules/idempotency/idempotency.service';
import { AccountsCache } from '../../../src/modules/integrations/accounts-cache';
import { addAccount } from '../../utils/accounts';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { created, IdempotencySupportModule } from './idempotency-support.module';
import { createProfile } from '../../utils/profiles';

/**
 * Idempotency keys are per (user, profile, endpoint, key): the same key in two profiles names
 * two requests, as it would for two users; in one profile it still replays byte for byte.
 */
describe('Idempotency per profile', () => {
  let t: TestApp;
  let user: TestUser;
  let profileB: string;
  const later = new Date(Date.now() + 3_600_000).toISOString();

  beforeAll(async () => {
    t = await createTestApp({ imports: [IdempotencySupportModule] });
  });
  beforeEach(async () => {
    await t.reset();
    created.length = 0;
    user = await createUser(t);
    profileB = await createProfile(t, user, 'Client B');
    // An X account in each profile, so a post targets one in either.
    await addAccount(t, user.userId, 'x', 'x_default');
    await addAccount(t, user.userId, 'x', 'x_b');
    await t.dataSource.query(
      `UPDATE integrations SET profile_id = $1 WHERE user_id = $2 AND account_id = 'x_b'`,
      [profileB, user.userId],
    );
    await t.app.get(AccountsCache).forget([user.userId]);
  });
  afterAll(() => t.close());

  const as = (profile?: string) => ({
    'soku-api-key': user.apiKey,
    ...(profile === undefined ? {} : { 'soku-profile': profile }),
  });
  const createPost = (key: string, profile?: string, text = 'Same key, two clients') =>
    request(t.http)
      .post('/v1/posts')
      .set(as(profile))
      .set('Idempotency-Key', key)
      .send({ post: { content: { text, platform: ['x'] } }, scheduledTime: later });
  const keyRows = async (): Promise<{ profile_id: string; endpoint: string }[]> =>
    t.dataSource.query(
      'SELECT profile_id, endpoint FROM idempotency_keys WHERE user_id = $1 ORDER BY created_at',
      [user.userId],
    );

  it("should not replay profile A's post to profile B under the same key", async () => {
    const inA = await createPost('shared-key').expect(201);
    const inB = await createPost('shared-key', profileB).expect(201);
    expect(inB.headers['idempotent-replayed']).toBeUndefined();
    expect(inB.body.postSubmissionId).not.toBe(inA.body.postSubmissionId);

    // Each profile replays its own answer, byte for byte.
    const replayA = await createPost('shared-key').expect(201);
    const replayB = await createPost('shared-key', profileB).expect(201);
    expect(replayA.text).toBe(inA.text);
    expect(replayB.text).toBe(inB.text);
    expect(replayB.headers['idempotent-replayed']).toBe('true');
    expect((await keyRows()).map((k) => k.profile_id)).toEqual([user.userId, profileB]);
    const [{ n }] = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM post_submissions WHERE user_id = $1',
      [user.userId],
    );
    expect(n).toBe(2);
  });

  it('should not answer a conflict in B for a key A used with another body', async () => {
    await createPost('busy-key', undefined, 'First client').expect(201);
    const inB = await createPost('busy-key', profileB, 'Second client');
    expect(inB.status).toBe(201);
    const conflict = await createPost('busy-key', profileB, 'Second client, edited');
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('idempotency_conflict');
  });

  it("should not answer 'in progress' in B for a key A holds", async () => {
    const hash = 'b1f2c3';
    const endpoint = 'POST /test-idem/things';
    const service = t.app.get(IdempotencyService);
    const heldInA = await service.claim({
      userId: user.userId,
      profileId: user.userId,
      endpoint,
      key: 'held-key',
      requestHash: hash,
    });
    expect(heldInA.kind).toBe('claimed');
    const inB = await request(t.http)
      .post('/test-idem/things')
      .set(as(profileB))
      .set('Idempotency-Key', 'held-key')
      .send({ name: 'b' });
    expect(inB.status).toBe(201);
    const inA = await request(t.http)
      .post('/test-idem/things')
      .set(as())
      .set('Idempotency-Key', 'held-key')
      .send({ name: 'a' });
    expect(inA.status).toBe(409);
  });

  it('should claim one key in two profiles in the same batch as two keys', async () => {
    const service = t.app.get(IdempotencyService);
    const claim = (profileId: string, key = 'batched-key') =>
      service
        .claim({
          userId: user.userId,
          profileId,
          endpoint: 'POST /test-idem/things',
          key,
          requestHash: 'same-body',
        })
        .then(
          (held) => held.kind,
          (error: { status?: number }) => error.status,
        );
    const batched = jest.spyOn(t.app.get(IdempotencyRepository), 'claimMany');
    // The first claim goes alone; the two that wait for it share one statement.
    const first = await Promise.all([
      claim(user.userId, 'first'),
      claim(user.userId),
      claim(profileB),
    ]);
    expect(first).toEqual(['claimed', 'claimed', 'claimed']);
    expect(batched.mock.calls.map((call) => call[0].length)).toEqual([2]);
    const again = await Promise.all([
      claim(user.userId, 'second'),
      claim(user.userId),
      claim(profileB),
    ]);
    expect(again).toEqual(['claimed', 409, 409]);
    expect(batched.mock.calls.map((call) => call[0].length)).toEqual([2, 2]);
    batched.mockRestore();
    const rows = await keyRows();
    expect(rows.filter((k) => k.profile_id === profileB)).toHaveLength(1);
    expect(rows.filter((k) => k.profile_id === user.userId)).toHaveLength(3);
  });

  it('should derive the same key from the same body in each profile, and keep them apart', async () => {
    const send = (profile?: string) =>
      request(t.http).post('/test-idem/things').set(as(profile)).send({ name: 'derived' });
    const inA = await send().expect(201);
    const inB = await send(profileB).expect(201);
    expect(inB.headers['idempotency-key']).toBe(inA.headers['idempotency-key']);
    expect(inB.body.id).not.toBe(inA.body.id);
    expect((await send(profileB).expect(201)).text).toBe(inB.text);
    expect(created).toHaveLength(2);
  });

  describe('POST /v1/posts/bulk rows', () => {
    const csv = (text: string, profile?: string, key?: string) => {
      const req = request(t.http)
        .post('/v1/posts/bulk')
        .set(as(profile))
        .set('Content-Type', 'text/csv');
      return (key ? req.set('Idempotency-Key', key) : req).send(text);
    };
    const ids = (body: { results: { postId?: string; replayed?: boolean }[] }) =>
      body.results.map((r) => ({ postId: r.postId, replayed: r.replayed ?? false }));

    it("should not answer profile A's post for the same rowKey in profile B", async () => {
      const head = 'rowKey,text,platforms,scheduledTime\n';
      const inA = await csv(`${head}a,Alpha,x,${later}\n`).expect(200);
      const inB = await csv(`${head}a,Alpha,x,${later}\nb,Beta,x,${later}\n`, profileB).expect(200);
      expect(inB.body.results[0].status).toBe('created');
      expect(ids(inB.body)[0].replayed).toBe(false);
      expect(inB.body.results[0].postId).not.toBe(inA.body.results[0].postId);
      // Within B the row keys replay.
      const again = await csv(`${head}a,Alpha,x,${later}\n`, profileB).expect(200);
      expect(ids(again.body)).toEqual([{ postId: inB.body.results[0].postId, replayed: true }]);
      const rows: { profile_id: string }[] = await t.dataSource.query(
        `SELECT profile_id FROM idempotency_keys
          WHERE user_id = $1 AND endpoint = 'POST /v1/posts/bulk rows' ORDER BY profile_id`,
        [user.userId],
      );
      expect(rows.map((r) => r.profile_id)).toEqual([user.userId, profileB, profileB].sort());
    });

    it("should not answer profile A's rows for the same request key in profile B", async () => {
      const file = `text,platforms,scheduledTime\nOne,x,${later}\nTwo,x,${later}\n`;
      const inA = await csv(file, undefined, 'import-7').expect(200);
      const inB = await csv(file, profileB, 'import-7').expect(200);
      expect(inB.headers['idempotent-replayed']).toBeUndefined();
      expect(ids(inB.body).every((r) => !r.replayed)).toBe(true);
      const postIdsA = inA.body.results.map((r: { postId: string }) => r.postId);
      for (const { postId } of ids(inB.body)) {
        expect(postIdsA).not.toContain(postId);
      }
    });
  });
});
