import request, { type Response } from 'supertest';
import {
  createOwnedResources,
  expectOwnedUnchanged,
  isAdminRoute,
  OWNED_RESOURCES_ENV,
  OWNED_ROUTE_TARGETS,
  type OwnedResources,
  USER_WIDE_RESOURCES,
  USER_WIDE_ROUTES,
} from '../../security/owned-resources';
import { mountedRoutes, type MountedRoute } from '../../security/route-audit';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';

/** How a request authenticates and which profile it names: the headers it sends. */
type Caller = { name: string; headers: Record<string, string> };
type Answer = { status: number; code?: string };

const answerOf = (res: Response): Answer => ({ status: res.status, code: res.body.error?.code });
const show = (res: Response) => `${res.status} ${res.text.slice(0, 300)}`;

/**
 * Profiles, driven by what the app really mounts, like the authorization audit: one user's
 * profile B never reaches profile A's resources (the 404 another user gets), a key bound to B
 * never acts in A (403), and a malformed, deleted or foreign `Soku-Profile` is refused on every
 * authenticated route, the profile routes themselves included.
 */
describe('authorization audit: profiles', () => {
  let t: TestApp;
  let owner: TestUser;
  let intruder: TestUser;
  let owned: OwnedResources;
  let profileB: string;
  let deletedProfile: string;
  let keyBoundToB: string;
  let routes: MountedRoute[];

  const keyed = (user: TestUser, route: MountedRoute): Record<string, string> =>
    route.auth === 'id-token'
      ? { authorization: `Bearer ${user.idToken}` }
      : { 'soku-api-key': user.apiKey };
  const inProfile = (route: MountedRoute, profileId: string): Caller => ({
    name: `Soku-Profile ${profileId === profileB ? 'B' : profileId}`,
    headers: { ...keyed(owner, route), 'soku-profile': profileId },
  });
  const boundToB = (): Caller => ({
    name: 'a key bound to B',
    headers: { 'soku-api-key': keyBoundToB },
  });

  function target(route: MountedRoute): { url: string; body?: object } {
    const aim = OWNED_ROUTE_TARGETS[`${route.method} ${route.path}`]?.(owned);
    const url = route.path.replace(
      /\{(\w+)\}/g,
      (_, name: string) => aim?.params[name] ?? (name === 'platform' ? 'x' : owned.postId),
    );
    return { url, body: aim?.body };
  }

  function send(route: MountedRoute, headers: Record<string, string>): Promise<Response> {
    const { url, body } = target(route);
    const call = request(t.http)[route.method.toLowerCase() as 'get'](url).set(headers);
    return ['GET', 'DELETE'].includes(route.method) && !body ? call : call.send(body ?? {});
  }

  const authenticated = () =>
    routes.filter((r) => (r.auth === 'api-key' || r.auth === 'id-token') && !isAdminRoute(r.path));
  /** Deletions last: a leaking one would hide whether the other routes leak. */
  const profileScoped = () =>
    routes
      .filter((r) => {
        const key = `${r.method} ${r.path}`;
        return key in OWNED_ROUTE_TARGETS && !(key in USER_WIDE_ROUTES);
      })
      .sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));

  beforeAll(async () => {
    t = await createTestApp({ env: OWNED_RESOURCES_ENV });
    owner = await createUser(t);
    intruder = await createUser(t);
    const createProfile = async (name: string) => {
      const res = await request(t.http)
        .post('/v1/profiles')
        .set('soku-api-key', owner.apiKey)
        .send({ name })
        .expect(201);
      return res.body.id as string;
    };
    const profileA = await createProfile('A');
    profileB = await createProfile('B');
    deletedProfile = await createProfile('Gone');
    await request(t.http)
      .delete(`/v1/profiles/${deletedProfile}`)
      .set('soku-api-key', owner.apiKey)
      .expect(200);
    const key = await request(t.http)
      .post('/v1/api-keys')
      .set('authorization', `Bearer ${owner.idToken}`)
      .send({ name: 'client B', profileId: profileB })
      .expect(201);
    keyBoundToB = key.body.apiKey as string;
    owned = await createOwnedResources(t, owner, profileA);
    routes = mountedRoutes(t.app);
  });
  afterAll(() => t.close());

  it('should store every resource created with Soku-Profile A in profile A', async () => {
    const rows: [string, string, string][] = [
      ['POST /v1/posts', 'post_submissions', owned.postId],
      ['POST /v1/media/uploads', 'media', owned.mediaId],
      ['POST /v1/webhooks', 'webhook_endpoints', owned.webhookId],
      ['POST /v1/automations', 'automations', owned.automationId],
    ];
    const misplaced: string[] = [];
    for (const [route, table, id] of rows) {
      const found = await t.dataSource.query(`SELECT profile_id FROM ${table} WHERE id = $1`, [id]);
      if (found[0]?.profile_id !== owned.profileId) {
        misplaced.push(`${route} stored ${table} ${id} in profile ${found[0]?.profile_id}`);
      }
    }
    const accounts = await t.dataSource.query(
      'SELECT profile_id FROM integrations WHERE user_id = $1 AND account_id = $2',
      [owner.userId, owned.accountId],
    );
    if (accounts.map((a: { profile_id: string }) => a.profile_id).join() !== owned.profileId) {
      misplaced.push(
        `POST /v1/integrations/sandbox stored the account in ${JSON.stringify(accounts)}`,
      );
    }
    expect(misplaced).toEqual([]);
  });

  it("should show none of profile A's resources in any list of profile B", async () => {
    const lists = authenticated().filter((r) => r.method === 'GET' && !r.path.includes('{'));
    expect(lists.length).toBeGreaterThan(8);
    const scopedIds = Object.entries(owned)
      .filter(([name]) => !USER_WIDE_RESOURCES.includes(name as keyof OwnedResources))
      .map(([, id]) => id);
    const leaks: string[] = [];
    for (const route of lists) {
      const callers = [inProfile(route, profileB)];
      if (route.auth === 'api-key') {
        callers.push(boundToB());
      }
      for (const caller of callers) {
        const res = await send(route, caller.headers);
        // A bound key sees its own profile only: not even A's name or id.
        const hidden = caller === callers[1] ? [...scopedIds, owned.profileId] : scopedIds;
        const leaked = hidden.filter((id) => res.text.includes(id));
        if (res.status >= 500 || leaked.length > 0) {
          leaks.push(
            `GET ${route.path} as ${caller.name} → ${res.status}, leaked ${leaked.join(', ')}`,
          );
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  it("should answer profile B with the 404 another user gets, on every route aimed at A's", async () => {
    const scoped = profileScoped();
    expect(scoped.length).toBeGreaterThan(15);
    const wrong: string[] = [];
    for (const route of scoped) {
      const stranger = answerOf(await send(route, keyed(intruder, route)));
      const callers = [inProfile(route, profileB)];
      if (route.auth === 'api-key') {
        callers.push(boundToB());
      }
      for (const caller of callers) {
        const res = await send(route, caller.headers);
        const same = JSON.stringify(answerOf(res)) === JSON.stringify(stranger);
        if (
          res.status !== 404 ||
          !same ||
          res.body.error?.requestId !== res.headers['x-request-id']
        ) {
          wrong.push(
            `${route.method} ${target(route).url} as ${caller.name} → ${show(res)}; another user gets ${stranger.status} ${stranger.code}`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("should keep a key bound to B away from A's profile on the profile routes", async () => {
    const userWide = routes.filter(
      (r) => r.auth === 'api-key' && `${r.method} ${r.path}` in USER_WIDE_ROUTES,
    );
    expect(userWide.length).toBeGreaterThan(2);
    const wrong: string[] = [];
    for (const route of userWide) {
      const res = await send(route, boundToB().headers);
      const code = res.body.error?.code as string | undefined;
      const refused =
        (res.status === 403 && code === 'profile_forbidden') ||
        (res.status === 404 && code === 'profile_not_found');
      if (!refused) {
        wrong.push(`${route.method} ${target(route).url} as a key bound to B → ${show(res)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("should leave every one of profile A's resources as it was", async () => {
    const get = (path: string) =>
      request(t.http)
        .get(path)
        .set({ 'soku-api-key': owner.apiKey, 'soku-profile': owned.profileId });
    await expectOwnedUnchanged(get, owned, 'A');
  });

  it('should answer 403 profile_forbidden to a key bound to B naming A, on every ApiKeyAuth route', async () => {
    const guarded = authenticated().filter((r) => r.auth === 'api-key');
    expect(guarded.length).toBeGreaterThan(30);
    const wrong: string[] = [];
    for (const route of guarded) {
      const res = await send(route, { ...boundToB().headers, 'soku-profile': owned.profileId });
      if (res.status !== 403 || res.body.error?.code !== 'profile_forbidden') {
        wrong.push(`${route.method} ${target(route).url} → ${show(res)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('should answer 400 to a malformed Soku-Profile on every authenticated route', async () => {
    const wrong: string[] = [];
    for (const route of authenticated()) {
      const res = await send(route, { ...keyed(owner, route), 'soku-profile': 'acme' });
      const fields = ((res.body.error?.details ?? []) as { field: string }[]).map((d) => d.field);
      if (res.status !== 400 || !fields.includes('headers.soku-profile')) {
        wrong.push(`${route.method} ${target(route).url} → ${show(res)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("should answer 404 profile_not_found to a deleted or another user's profile on every authenticated route", async () => {
    const wrong: string[] = [];
    for (const route of authenticated()) {
      for (const profile of [deletedProfile, intruder.userId]) {
        const res = await send(route, inProfile(route, profile).headers);
        if (res.status !== 404 || res.body.error?.code !== 'profile_not_found') {
          wrong.push(`${route.method} ${target(route).url} in ${profile} → ${show(res)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
