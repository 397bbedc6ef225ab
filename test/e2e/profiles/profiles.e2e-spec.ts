import request from 'supertest';
import { expectEnvelope } from '../../utils/assertions';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { AuthSupportModule } from '../auth/auth-support.module';
import { bindKey, createProfile as newProfile } from '../../utils/profiles';

describe('Profiles (/v1/profiles and Soku-Profile)', () => {
  let t: TestApp;
  let a: TestUser;
  let b: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ imports: [AuthSupportModule] });
  });
  beforeEach(async () => {
    await t.reset();
    a = await createUser(t);
    b = await createUser(t);
  });
  afterAll(() => t.close());

  const as = (user: TestUser, profile?: string) => {
    const headers: Record<string, string> = { 'soku-api-key': user.apiKey };
    if (profile !== undefined) {
      headers['soku-profile'] = profile;
    }
    return headers;
  };
  const createProfile = (user: TestUser, name: string) => newProfile(t, user, name);
  const boundKey = (user: TestUser, profileId: string) => bindKey(t, user, profileId);
  const whoAmI = (headers: Record<string, string>) =>
    request(t.http).get('/test-auth/subscribed').set(headers);

  it('should give every user a default profile whose id is the user id', async () => {
    const res = await request(t.http).get('/v1/profiles').set(as(a)).expect(200);
    expect(res.body.data).toEqual([
      expect.objectContaining({ id: a.userId, name: 'Default', isDefault: true }),
    ]);
    expect(res.body.nextCursor).toBeNull();
    const me = await whoAmI(as(a)).expect(200);
    expect(me.body).toMatchObject({ userId: a.userId, profileId: a.userId, boundProfileId: null });
  });

  it('should create, list, get, rename and delete named profiles', async () => {
    const created = await request(t.http)
      .post('/v1/profiles')
      .set(as(a))
      .send({ name: '  Acme Coffee ' })
      .expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'Acme Coffee',
      isDefault: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const id = created.body.id as string;
    const list = await request(t.http).get('/v1/profiles?limit=1').set(as(a)).expect(200);
    expect(list.body.data.map((p: { id: string }) => p.id)).toEqual([id]);
    const next = await request(t.http)
      .get(`/v1/profiles?limit=1&cursor=${list.body.nextCursor}`)
      .set(as(a))
      .expect(200);
    expect(next.body.data.map((p: { id: string }) => p.id)).toEqual([a.userId]);
    await request(t.http).get(`/v1/profiles/${id}`).set(as(a)).expect(200);
    const renamed = await request(t.http)
      .patch(`/v1/profiles/${id}`)
      .set(as(a))
      .send({ name: 'Acme Tea' })
      .expect(200);
    expect(renamed.body.name).toBe('Acme Tea');
    const deleted = await request(t.http).delete(`/v1/profiles/${id}`).set(as(a)).expect(200);
    expect(deleted.body).toEqual({ id, deleted: true, cancelledPosts: 0 });
    expectEnvelope(
      await request(t.http).get(`/v1/profiles/${id}`).set(as(a)),
      404,
      'profile_not_found',
    );
    expectEnvelope(await whoAmI(as(a, id)), 404, 'profile_not_found');
  });

  it('should refuse a duplicate name (any case) with 409, and free it once deleted', async () => {
    const id = await createProfile(a, 'Acme');
    expectEnvelope(
      await request(t.http).post('/v1/profiles').set(as(a)).send({ name: 'ACME' }),
      409,
      'profile_name_taken',
    );
    await createProfile(b, 'Acme');
    await request(t.http).delete(`/v1/profiles/${id}`).set(as(a)).expect(200);
    await createProfile(a, 'acme');
  });

  it.each([
    ['empty', { name: '   ' }],
    ['101 characters', { name: 'x'.repeat(101) }],
    ['not a string', { name: 7 }],
    ['missing', {}],
    ['with an unknown field', { name: 'ok', owner: 'someone' }],
  ])('should refuse a name %s with 400 validation_error', async (_case, body) => {
    const res = await request(t.http).post('/v1/profiles').set(as(a)).send(body);
    expectEnvelope(res, 400, 'validation_error');
  });

  it('should refuse to delete the default profile', async () => {
    expectEnvelope(
      await request(t.http).delete(`/v1/profiles/${a.userId}`).set(as(a)),
      409,
      'default_profile',
    );
  });

  it("should answer 404 for another user's profile on every route and in the header", async () => {
    const theirs = await createProfile(b, 'Theirs');
    for (const res of [
      await request(t.http).get(`/v1/profiles/${theirs}`).set(as(a)),
      await request(t.http).patch(`/v1/profiles/${theirs}`).set(as(a)).send({ name: 'x' }),
      await request(t.http).delete(`/v1/profiles/${theirs}`).set(as(a)),
      await request(t.http).get(`/v1/profiles/${b.userId}`).set(as(a)),
      await request(t.http).get('/v1/profiles/not-a-uuid').set(as(a)),
      await whoAmI(as(a, theirs)),
      await whoAmI(as(a, b.userId)),
    ]) {
      expectEnvelope(res, 404, 'profile_not_found');
    }
    const name = await request(t.http).get(`/v1/profiles/${theirs}`).set(as(b)).expect(200);
    expect(name.body.name).toBe('Theirs');
  });

  it('should act in the profile Soku-Profile names, any case, and 400 a malformed one', async () => {
    const id = await createProfile(a, 'Acme');
    const me = await whoAmI(as(a, id.toUpperCase())).expect(200);
    expect(me.body).toMatchObject({ userId: a.userId, profileId: id });
    const bad = await whoAmI(as(a, 'acme'));
    expectEnvelope(bad, 400, 'validation_error');
    expect(bad.body.error.details).toEqual([
      expect.objectContaining({ field: 'headers.soku-profile', received: 'acme' }),
    ]);
  });

  it('should keep a bound key inside its profile: 403 elsewhere, no managing profiles', async () => {
    const acme = await createProfile(a, 'Acme');
    const other = await createProfile(a, 'Other');
    const key = await boundKey(a, acme);
    const bound = { 'soku-api-key': key };
    expect((await whoAmI(bound).expect(200)).body).toMatchObject({
      profileId: acme,
      boundProfileId: acme,
    });
    await whoAmI({ ...bound, 'soku-profile': acme }).expect(200);
    expectEnvelope(await whoAmI({ ...bound, 'soku-profile': other }), 403, 'profile_forbidden');
    expectEnvelope(await whoAmI({ ...bound, 'soku-profile': a.userId }), 403, 'profile_forbidden');
    const list = await request(t.http).get('/v1/profiles').set(bound).expect(200);
    expect(list.body.data.map((p: { id: string }) => p.id)).toEqual([acme]);
    expectEnvelope(
      await request(t.http).get(`/v1/profiles/${other}`).set(bound),
      404,
      'profile_not_found',
    );
    for (const res of [
      await request(t.http).post('/v1/profiles').set(bound).send({ name: 'New' }),
      await request(t.http).patch(`/v1/profiles/${acme}`).set(bound).send({ name: 'x' }),
      await request(t.http).delete(`/v1/profiles/${acme}`).set(bound),
    ]) {
      expectEnvelope(res, 403, 'profile_forbidden');
    }
    const keys = await request(t.http)
      .get('/v1/api-keys')
      .set('Authorization', `Bearer ${a.idToken}`)
      .expect(200);
    expect(keys.body.keys.map((k: { profileId: string | null }) => k.profileId).sort()).toEqual(
      [acme, null].sort(),
    );
  });

  it('should revoke a bound key with its profile', async () => {
    const acme = await createProfile(a, 'Acme');
    const key = await boundKey(a, acme);
    await request(t.http).delete(`/v1/profiles/${acme}`).set(as(a)).expect(200);
    expectEnvelope(await whoAmI({ 'soku-api-key': key }), 401, 'unauthorized');
  });

  it("should refuse to bind a key to another user's or a deleted profile", async () => {
    const theirs = await createProfile(b, 'Theirs');
    const res = await request(t.http)
      .post('/v1/api-keys')
      .set('Authorization', `Bearer ${a.idToken}`)
      .send({ profileId: theirs });
    expectEnvelope(res, 404, 'profile_not_found');
    const bad = await request(t.http)
      .post('/v1/api-keys')
      .set('Authorization', `Bearer ${a.idToken}`)
      .send({ profileId: 'acme' });
    expectEnvelope(bad, 400, 'validation_error');
  });
});
