import request, { type Response } from 'supertest';
import { defaultScope } from '../../../src/common/auth/route-auth';
import { buildOpenApiDocument } from '../../../src/common/openapi/openapi';
import { canonicalJson, sha256 } from '../../../src/modules/idempotency/idempotency-key';
import { IdempotencyService } from '../../../src/modules/idempotency/idempotency.service';
import { IdempotencySweeper } from '../../../src/modules/idempotency/idempotency.sweeper';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { calls, created, failNext, IdempotencySupportModule } from './idempotency-support.module';

describe('Idempotency', () => {
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ imports: [IdempotencySupportModule] });
  });
  beforeEach(async () => {
    user = await createUser(t);
  });
  afterAll(() => t.close());

  const post = (body: object, key?: string, path = '/test-idem/things', who = user) => {
    const call = request(t.http).post(path).set('soku-api-key', who.apiKey).send(body);
    return key === undefined ? call : call.set('Idempotency-Key', key);
  };
  const madeBy = (who: TestUser, name?: string) =>
    created.filter((c) => c.userId === who.userId && (name === undefined || c.name === name));

  it('should create one resource for 50 concurrent requests with one key', async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => post({ name: 'race' }, 'key-race-1')),
    );
    expect(madeBy(user)).toHaveLength(1);
    const winners = responses.filter((r) => r.status === 201);
    const conflicts = responses.filter((r) => r.status === 409);
    expect(winners.length + conflicts.length).toBe(50);
    expect(winners.length).toBeGreaterThanOrEqual(1);
    const original = winners[0].text;
    expect(JSON.parse(original).id).toBe(madeBy(user)[0].id);
    for (const res of winners) {
      expect(res.text).toBe(original);
    }
    for (const res of conflicts) {
      expectEnvelope(res, 409, 'idempotency_conflict');
      expect(res.body.error.message).toMatch(/in progress/);
      expect(res.headers['retry-after']).toBe('1');
    }
    for (const res of responses) {
      expect(res.headers['idempotency-key']).toBe('key-race-1');
    }

    // Replays after completion: the same bytes, no new work.
    for (let i = 0; i < 3; i++) {
      const replay = await post({ name: 'race' }, 'key-race-1');
      expect(replay.status).toBe(201);
      expect(replay.text).toBe(original);
      expect(replay.headers['content-type']).toBe(winners[0].headers['content-type']);
      expect(replay.headers['idempotent-replayed']).toBe('true');
    }
    expect(madeBy(user)).toHaveLength(1);
  });

  it('should answer 409 for the same key with a different body', async () => {
    await post({ name: 'first' }, 'key-diff').expect(201);
    const res = await post({ name: 'second' }, 'key-diff');
    expectEnvelope(res, 409, 'idempotency_conflict');
    expect(res.body.error.message).toMatch(/different request body/);
    expect(res.headers['idempotency-key']).toBe('key-diff');
    expect(madeBy(user)).toHaveLength(1);
  });

  it('should deduplicate identical bodies without a key, whatever the key order', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post(
          i % 2 === 0
            ? { name: 'auto', meta: { a: 1, b: [1, 2] } }
            : { meta: { b: [1, 2], a: 1 }, name: 'auto' },
        ),
      ),
    );
    expect(madeBy(user, 'auto')).toHaveLength(1);
    const keys = new Set(responses.map((r) => r.headers['idempotency-key']));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^auto_[0-9a-f]{64}$/);
    expect(responses.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const later = await post({ name: 'auto', meta: { a: 1, b: [1, 2] } });
    expect(later.status).toBe(201);
    expect(later.text).toBe(responses.find((r) => r.status === 201)!.text);
    // A different body is another request.
    await post({ name: 'auto 2' }).expect(201);
    expect(madeBy(user)).toHaveLength(2);
  });

  it('should scope keys per user and per endpoint', async () => {
    const other = await createUser(t);
    await post({ name: 'scoped' }, 'shared-key').expect(201);
    await post({ name: 'scoped' }, 'shared-key', '/test-idem/things', other).expect(201);
    const res = await post({ name: 'scoped' }, 'shared-key', '/test-idem/others');
    expect(res.status).toBe(200);
    expect(madeBy(user)).toHaveLength(2);
    expect(madeBy(other)).toHaveLength(1);
    // The stored status is the route's own (200 here) on replay too.
    const replay = await post({ name: 'scoped' }, 'shared-key', '/test-idem/others');
    expect(replay.status).toBe(200);
    expect(replay.text).toBe(res.text);
  });

  it.each([
    ['empty', ''],
    ['longer than 255', 'k'.repeat(256)],
    ['not printable ASCII', 'clé'],
  ])('should refuse an Idempotency-Key that is %s with 400', async (_case, key) => {
    const res = await post({ name: 'x' }, key);
    expectEnvelope(res, 400, 'validation_error');
    expect(res.body.error.details[0].field).toBe('headers.idempotency-key');
    expect(madeBy(user)).toHaveLength(0);
  });

  it('should not store validation failures', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await post({ name: 42 }, 'key-invalid');
      expectEnvelope(res, 400, 'validation_error');
      expect(res.headers['idempotency-key']).toBe('key-invalid');
    }
    await post({ name: 'fixed' }, 'key-invalid').expect(201);
    expect(madeBy(user)).toHaveLength(1);
  });

  it('should release the key after a 5xx so a retry succeeds', async () => {
    failNext('flaky', 1);
    const first = await post({ name: 'flaky' }, 'key-flaky');
    expectEnvelope(first, 500, 'internal_error');
    expect(first.headers['idempotency-key']).toBe('key-flaky');
    await post({ name: 'flaky' }, 'key-flaky').expect(201);
    expect(madeBy(user)).toHaveLength(1);
  });

  it('should store a business error and replay it without redoing the work', async () => {
    const first = await post({ name: 'broke' }, 'key-broke');
    expectEnvelope(first, 402, 'insufficient_credits');
    const replay = await post({ name: 'broke' }, 'key-broke');
    // Byte for byte, timestamp and requestId included: the body names the request that produced
    // the answer; the replaying request's own id is in its X-Request-ID header.
    expect(replay.status).toBe(402);
    expect(replay.text).toBe(first.text);
    expect(replay.body.error.details).toEqual({ needed: 3 });
    expect(replay.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(calls.get('broke')).toBe(1);
  });

  it('should run a derived-key request again after a business error, once the cause is fixed', async () => {
    const first = await post({ name: 'broke', meta: { attempt: 'derived' } });
    expectEnvelope(first, 402, 'insufficient_credits');
    const again = await post({ name: 'broke', meta: { attempt: 'derived' } });
    expectEnvelope(again, 402, 'insufficient_credits');
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(calls.get('broke')).toBeGreaterThanOrEqual(3); // the explicit-key test's 1, then 2
  });

  it('should let a retry take over a claim whose process died, once its lock lapses', async () => {
    const service = t.app.get(IdempotencyService);
    // A claim made by a process that then died: in progress, never renewed.
    const claim = await service.claim({
      ...defaultScope(user.userId),
      endpoint: 'POST /test-idem/things',
      key: 'key-orphan',
      requestHash: sha256(canonicalJson({ name: 'orphan' })),
    });
    expect(claim.kind).toBe('claimed');
    const blocked = await post({ name: 'orphan' }, 'key-orphan');
    expectEnvelope(blocked, 409, 'idempotency_conflict');
    expect(blocked.headers['retry-after']).toBe('1');

    await t.dataSource.query(
      `UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE user_id = $1`,
      [user.userId],
    );
    // A different body still conflicts; the same body takes over.
    expectEnvelope(await post({ name: 'other' }, 'key-orphan'), 409, 'idempotency_conflict');
    await post({ name: 'orphan' }, 'key-orphan').expect(201);
    expect(madeBy(user)).toHaveLength(1);
  });

  it('should forget keys after their TTL and sweep them in batches', async () => {
    const first = await post({ name: 'ttl' }, 'key-ttl').expect(201);
    await t.dataSource.query(
      `UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [user.userId],
    );
    await t.app.get(IdempotencySweeper).sweep();
    const [{ count }] = await t.dataSource.query(
      'SELECT count(*)::int AS count FROM idempotency_keys WHERE user_id = $1',
      [user.userId],
    );
    expect(count).toBe(0);
    const again: Response = await post({ name: 'ttl' }, 'key-ttl').expect(201);
    expect(again.body.id).not.toBe(first.body.id);
    expect(madeBy(user)).toHaveLength(2);
  });

  it('should keep a claim for 24 hours by default', async () => {
    await post({ name: 'day' }, 'key-day').expect(201);
    const [{ hours }] = await t.dataSource.query(
      `SELECT round(extract(epoch FROM expires_at - created_at) / 3600) AS hours
         FROM idempotency_keys WHERE user_id = $1`,
      [user.userId],
    );
    expect(Number(hours)).toBe(24);
  });

  it('should document the semantics in the endpoint description', () => {
    const doc = buildOpenApiDocument(t.app);
    const operation = doc.paths['/test-idem/things'].post!;
    expect(operation.description).toMatch(/^Creates a thing\.\n\n\*\*Idempotent\.\*\*/);
    expect(operation.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]),
    );
    expect(operation.responses['409']).toBeDefined();
    expect(Object.keys(operation).some((key) => key.startsWith('x-soku-doc-'))).toBe(false);
  });
});
