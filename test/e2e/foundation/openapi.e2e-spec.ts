import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { DOCS_CSP } from '../../../src/common/openapi/openapi';
import { createTestApp, type TestApp } from '../../utils/test-app';

const COMMITTED = path.resolve(__dirname, '../../../openapi.json');

describe('OpenAPI', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('should serve the Swagger UI at /docs', async () => {
    const res = await request(t.http).get('/docs').redirects(1).expect(200);
    expect(res.text).toContain('swagger-ui');
  });

  it('should serve /docs and its assets under a Content-Security-Policy', async () => {
    for (const asset of ['/docs', '/docs/swagger-ui-init.js', '/docs/swagger-ui-bundle.js']) {
      const res = await request(t.http).get(asset).redirects(1).expect(200);
      expect(res.headers['content-security-policy']).toBe(DOCS_CSP);
    }
    expect(DOCS_CSP).toContain("script-src 'self';");
  });

  it('should declare the envelope and both security schemes', async () => {
    const res = await request(t.http).get('/docs-json').expect(200);
    const doc = res.body;
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.securitySchemes['soku-api-key']).toEqual(
      expect.objectContaining({ type: 'apiKey', in: 'header', name: 'soku-api-key' }),
    );
    expect(doc.components.securitySchemes['id-token']).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    );
    expect(doc.components.schemas.ErrorEnvelopeDto).toBeDefined();
    expect(doc.paths['/health'].get.responses['200']).toBeDefined();
    expect(doc.paths['/health/ready'].get.responses['503']).toBeDefined();
  });

  describe('every operation', () => {
    type Operation = {
      operationId: string;
      security: Record<string, string[]>[];
      parameters: { $ref?: string; name?: string; in?: string }[];
      requestBody?: { content: Record<string, { examples?: object; schema: object }> };
      responses: Record<
        string,
        {
          headers: Record<string, { $ref: string }>;
          content?: Record<string, { schema: { $ref?: string }; example?: unknown }>;
        }
      >;
    };
    let operations: Operation[];

    beforeAll(async () => {
      const doc = (await request(t.http).get('/docs-json').expect(200)).body;
      operations = Object.values(doc.paths as Record<string, Record<string, Operation>>).flatMap(
        (item) => Object.values(item),
      );
    });

    it('should declare its security, and 401 when it has one', () => {
      for (const op of operations) {
        expect({ op: op.operationId, security: Array.isArray(op.security) }).toEqual({
          op: op.operationId,
          security: true,
        });
        if (op.security.length > 0) {
          expect({ op: op.operationId, has401: '401' in op.responses }).toEqual({
            op: op.operationId,
            has401: true,
          });
        }
      }
    });

    it('should take X-Request-ID and answer the request-id and rate-limit headers', () => {
      for (const op of operations) {
        expect(op.parameters).toContainEqual({ $ref: '#/components/parameters/X-Request-ID' });
        for (const response of Object.values(op.responses)) {
          expect(Object.keys(response.headers)).toEqual(
            expect.arrayContaining([
              'X-Request-ID',
              'X-RateLimit-Limit',
              'X-RateLimit-Remaining',
              'X-RateLimit-Reset',
              'X-RateLimit-Tier',
            ]),
          );
        }
        expect(Object.keys(op.responses['429'].headers)).toContain('Retry-After');
      }
    });

    it('should document every error with the envelope, and the body errors when it has a body', () => {
      for (const op of operations) {
        const statuses = Object.keys(op.responses);
        expect(statuses).toEqual(expect.arrayContaining(['429', '500']));
        if (op.requestBody) {
          expect(statuses).toEqual(expect.arrayContaining(['400', '413', '415']));
        }
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) >= 400) {
            expect(response.content?.['application/json'].schema.$ref).toBe(
              '#/components/schemas/ErrorEnvelopeDto',
            );
          }
        }
      }
    });

    it('should answer the Idempotency-Key used where it takes one', () => {
      const idempotent = operations.filter((op) =>
        op.parameters.some((p) => p.name === 'Idempotency-Key' && p.in === 'header'),
      );
      expect(idempotent.map((op) => op.operationId)).toEqual(
        expect.arrayContaining(['Posts_create', 'Media_import', 'Transcription_transcribe']),
      );
      for (const op of idempotent) {
        for (const response of Object.values(op.responses)) {
          expect(Object.keys(response.headers)).toContain('Idempotency-Key');
        }
      }
    });

    it("should carry the v1 reference's examples", () => {
      const byId = new Map(operations.map((op) => [op.operationId, op]));
      const examples = byId.get('Posts_create')!.requestBody!.content['application/json'].examples;
      expect(Object.keys(examples!)).toEqual(
        expect.arrayContaining(['textToXAndThreads', 'imageToInstagram', 'scheduled']),
      );
      const rateLimited = byId.get('Posts_create')!.responses['429'].content!['application/json'];
      expect(rateLimited.example).toEqual({
        error: expect.objectContaining({
          code: 'rate_limit_exceeded',
          message: 'Rate limit exceeded. Try again in 30 seconds.',
        }),
      });
    });
  });

  // The committed openapi.json is what CI lints and what clients are generated from: it must
  // match the code. Refresh it with UPDATE_OPENAPI=1 npm test.
  it('should match the committed openapi.json', async () => {
    const res = await request(t.http).get('/docs-json').expect(200);
    const generated = `${JSON.stringify(res.body, null, 2)}\n`;
    if (process.env.UPDATE_OPENAPI === '1') {
      fs.writeFileSync(COMMITTED, generated);
    }
    expect(fs.readFileSync(COMMITTED, 'utf8')).toBe(generated);
  });
});
