import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PublishError } from './platform-connector';
import { callPlatform } from './platform-http';
import { UnansweredCallError } from './unanswered-call';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('callPlatform, the one platform HTTP helper', () => {
  const linkedin = { timeoutMs: 5_000, platformName: 'LinkedIn' };
  let platform: Server;
  let elsewhere: Server;
  let base: string;
  let elsewhereUrl: string;
  const reachedElsewhere: string[] = [];
  let lastHeaders: Record<string, unknown> = {};

  beforeAll(async () => {
    elsewhere = createServer((req, res) => {
      reachedElsewhere.push(req.headers.authorization ?? '');
      res.end('{}');
    });
    elsewhereUrl = await listen(elsewhere);
    platform = createServer((req, res) => {
      lastHeaders = req.headers;
      if (req.url === '/moved') {
        res.writeHead(307, { location: `${elsewhereUrl}/steal` }).end('moved');
      } else if (req.url === '/resume-incomplete') {
        res.writeHead(308, { range: 'bytes=0-99' }).end();
      } else if (req.url === '/down') {
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"message":"down"}');
      } else {
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"urn:li:share:1"}');
      }
    });
    base = await listen(platform);
  });

  afterAll(async () => {
    await new Promise((resolve) => platform.close(resolve));
    await new Promise((resolve) => elsewhere.close(resolve));
  });

  it('should send JSON with the headers given and read the JSON answer', async () => {
    const answer = await callPlatform(
      { method: 'POST', url: `${base}/rest/posts`, json: { a: 1 }, headers: { 'X-A': 'b' } },
      linkedin,
    );
    expect(answer).toMatchObject({ status: 201, json: { id: 'urn:li:share:1' } });
    expect(lastHeaders).toMatchObject({
      accept: 'application/json',
      'content-type': 'application/json',
      'x-a': 'b',
    });
  });

  it('should refuse a redirect as permanent without following it or leaking the token', async () => {
    for (const irreversible of [false, true]) {
      const call = callPlatform(
        {
          method: 'POST',
          url: `${base}/moved`,
          headers: { Authorization: 'Bearer secret' },
          irreversible,
        },
        linkedin,
      );
      await expect(call).rejects.toBeInstanceOf(PublishError);
      await expect(call).rejects.toMatchObject({
        kind: 'permanent',
        code: 'unexpected_redirect',
        message: expect.stringContaining('LinkedIn redirected the call (HTTP 307)'),
      });
    }
    expect(reachedElsewhere).toEqual([]);
  });

  it('should hand a 3xx without a Location and a 5xx to the connector as answers', async () => {
    const resume = await callPlatform(
      { method: 'PUT', url: `${base}/resume-incomplete` },
      linkedin,
    );
    expect(resume.status).toBe(308);
    expect(resume.headers.get('range')).toBe('bytes=0-99');
    const down = await callPlatform({ method: 'GET', url: `${base}/down` }, linkedin);
    expect(down).toMatchObject({ status: 503, json: { message: 'down' } });
  });

  it('should make no answer retryable for a step, and unanswered for the call that posts', async () => {
    // A port that was just listened on and closed: nothing answers there.
    const gone = createServer();
    const goneUrl = await listen(gone);
    await new Promise((resolve) => gone.close(resolve));

    await expect(callPlatform({ method: 'GET', url: goneUrl }, linkedin)).rejects.toMatchObject({
      kind: 'retryable',
      code: 'platform_unreachable',
      message: expect.stringContaining('LinkedIn could not be reached (ECONNREFUSED)'),
    });
    await expect(
      callPlatform({ method: 'POST', url: goneUrl, irreversible: true }, linkedin),
    ).rejects.toBeInstanceOf(UnansweredCallError);
  });
});
