import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
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
