import { auditRoutes, type AuditInput, type MountedRoute } from '../../security/route-audit';

/** The audit itself, on synthetic route tables: it must fail loudly on each kind of gap. */
describe('route audit rules', () => {
  const guarded: MountedRoute = {
    method: 'GET',
    path: '/v1/things/{id}',
    auth: 'api-key',
    nest: true,
  };
  const base: AuditInput = {
    routes: [guarded, { method: 'GET', path: '/health', nest: true }],
    operations: [
      { method: 'GET', path: '/v1/things/{id}', security: 'api-key' },
      { method: 'GET', path: '/health' },
    ],
    publicRoutes: [{ method: 'GET', path: '/health' }],
    nonApiRoutes: [],
  };

  it('should pass a table where every route is documented and decided', () => {
    expect(auditRoutes(base)).toEqual([]);
  });

  it('should fail on a new route with no auth decision', () => {
    const problems = auditRoutes({
      ...base,
      routes: [...base.routes, { method: 'DELETE', path: '/v1/things/{id}', nest: true }],
      operations: [...base.operations, { method: 'DELETE', path: '/v1/things/{id}' }],
    });
    expect(problems).toEqual([
      'DELETE /v1/things/{id} has no auth decision: guard it (ApiKeyAuth, IdTokenAuth, …) or list it in test/security/public-routes.ts',
    ]);
  });

  it('should fail on a mounted route missing from the document, and the reverse', () => {
    const problems = auditRoutes({
      ...base,
      routes: [...base.routes, { method: 'POST', path: '/v1/things', auth: 'api-key', nest: true }],
      operations: [...base.operations, { method: 'GET', path: '/v1/gone', security: 'api-key' }],
    });
    expect(problems).toEqual([
      'POST /v1/things is mounted but missing from openapi.json',
      'GET /v1/gone is in openapi.json but nothing serves it',
    ]);
  });

  it('should fail when the document and the code disagree on security', () => {
    const problems = auditRoutes({
      ...base,
      operations: [
        { method: 'GET', path: '/v1/things/{id}', security: 'id-token' },
        base.operations[1],
      ],
    });
    expect(problems).toEqual([
      'GET /v1/things/{id}: openapi.json says id-token, the code says api-key',
    ]);
  });

  it('should fail on a raw Express route nobody declared, and on stale list entries', () => {
    const problems = auditRoutes({
      ...base,
      routes: [...base.routes, { method: 'GET', path: '/debug', nest: false }],
      publicRoutes: [...base.publicRoutes, { method: 'GET', path: '/old' }],
    });
    expect(problems).toEqual([
      'GET /debug is served outside Nest (no guard runs) and is not a known non-API route',
      'GET /debug is mounted but missing from openapi.json',
      'GET /old is listed as public or non-API but is not mounted',
    ]);
  });

  it('should fail on a public-listed route that is guarded', () => {
    const problems = auditRoutes({
      ...base,
      publicRoutes: [...base.publicRoutes, { method: 'GET', path: '/v1/things/{id}' }],
    });
    expect(problems).toEqual(['GET /v1/things/{id} is listed as public but is guarded (api-key)']);
  });
});
