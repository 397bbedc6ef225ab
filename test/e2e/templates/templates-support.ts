import request from 'supertest';
import type { TestApp } from '../../utils/test-app';
import type { TestUser } from '../../utils/identity';

export const SIZES = [
  { aspectRatio: undefined, width: 1200, height: 630 },
  { aspectRatio: '1:1', width: 1080, height: 1080 },
  { aspectRatio: '4:5', width: 1080, height: 1350 },
  { aspectRatio: '9:16', width: 1080, height: 1920 },
] as const;

export function renderTemplate(
  t: TestApp,
  user: TestUser,
  body: object,
  route = '/v1/templates',
): request.Test {
  return request(t.http).post(route).set('soku-api-key', user.apiKey).send(body);
}

/** The stored image behind a returned URL, fetched from Soku's own media route. */
export async function fetchRendered(
  t: TestApp,
  url: string,
  type: 'image/png' | 'image/jpeg' = 'image/png',
): Promise<Buffer> {
  const res = await request(t.http)
    .get(new URL(url).pathname)
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe(type);
  return res.body as Buffer;
}
