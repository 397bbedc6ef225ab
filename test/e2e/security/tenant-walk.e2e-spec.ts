import request from 'supertest';
import { loadOpenApi, type Operation } from '../../security/openapi-document';
import {
  createOwnedResources,
  expectOwnedUnchanged,
  isAdminRoute,
  NOT_OWNED,
  OWNED_RESOURCES_ENV,
  OWNED_ROUTE_TARGETS,
  type OwnedResources,
} from '../../security/owned-resources';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';

/**
 * A second tenant walks every operation of openapi.json with every id of the first tenant's in
 * every path parameter, without being told which parameter names what: a route documented
 * tomorrow is walked tomorrow. It never gets a 2xx or a 5xx, never sees the owner's ids in a
 * list, and the owner's resources are unchanged afterwards.
 */
describe("a second tenant walking every documented operation with the first's ids", () => {
  let t: TestApp;
  let owner: TestUser;
  let intruder: TestUser;
  let owned: OwnedResources;
  const doc = loadOpenApi();
  const walked = doc.operations.filter(
    (op) => op.security === 'api-key' || op.security === 'id-token',
  );

  beforeAll(async () => {
    t = await createTestApp({ env: OWNED_RESOURCES_ENV });
    owner = await createUser(t);
    intruder = await createUser(t);
    owned = await createOwnedResources(t, owner);
  });
  afterAll(() => t.close());

  function call(op: Operation, url: string) {
    const req = request(t.http)[op.method.toLowerCase() as 'get'](url);
    const authed =
      op.security === 'id-token'
        ? req.set('authorization', `Bearer ${intruder.idToken}`)
        : req.set('soku-api-key', intruder.apiKey);
    const body = OWNED_ROUTE_TARGETS[`${op.method} ${op.path}`]?.(owned).body;
    return op.body ? authed.send(body ?? {}) : authed;
  }

  /** Every way to fill the path parameters with the owner's values (and the platform). */
  function urlsOf(path: string): string[] {
    const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const values = [...Object.values(owned), 'x'];
    let urls = [path];
    for (const name of names) {
      urls = urls.flatMap((url) => values.map((value) => url.replace(`{${name}}`, value)));
    }
    return urls;
  }

  it('should walk a document that has the routes it is meant to', () => {
    expect(walked.length).toBeGreaterThan(30);
    expect(walked.filter((op) => op.path.includes('{')).length).toBeGreaterThan(15);
  });

  it("should never answer 2xx or 5xx to another tenant's ids in a path", async () => {
    const wrong: string[] = [];
    const notFound = new Set<string>();
    for (const op of walked.filter((o) => o.path.includes('{'))) {
      const allowed = isAdminRoute(op.path) ? [403] : [400, 404];
      const urls = isAdminRoute(op.path) ? urlsOf(op.path).slice(0, 1) : urlsOf(op.path);
      for (const url of urls) {
        const res = await call(op, url);
        if (res.status === 404) {
          notFound.add(`${op.method} ${op.path}`);
        }
        if (!allowed.includes(res.status) || res.body.error?.requestId === undefined) {
          wrong.push(`${op.method} ${url} → ${res.status} ${JSON.stringify(res.body)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // Every owner-scoped route was reached past validation by at least one id of the owner's.
    const scoped = walked
      .map((op) => `${op.method} ${op.path}`)
      .filter(
        (key) => key.includes('{') && !isAdminRoute(key.split(' ')[1]) && !(key in NOT_OWNED),
      );
    expect(scoped.filter((key) => !notFound.has(key))).toEqual([]);
  });

  it("should show none of the owner's ids in any answer to an operation without a path id", async () => {
    const leaks: string[] = [];
    for (const op of walked.filter((o) => !o.path.includes('{'))) {
      const res = await call(op, op.path);
      const text = JSON.stringify(res.body);
      const leaked = Object.values(owned).filter((id) => text.includes(id));
      if (res.status >= 500 || leaked.length > 0) {
        leaks.push(`${op.method} ${op.path} → ${res.status}, leaked ${leaked.join(', ')}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it("should leave every one of the owner's resources as it was", async () => {
    const get = (path: string) => request(t.http).get(path).set('soku-api-key', owner.apiKey);
    await expectOwnedUnchanged(get, owned, 'Default');
    const keys = await request(t.http)
      .get('/v1/api-keys')
      .set('authorization', `Bearer ${owner.idToken}`)
      .expect(200);
    expect(JSON.stringify(keys.body)).toContain(owned.apiKeyId);
  });
});
