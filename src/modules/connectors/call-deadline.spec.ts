import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_PLATFORM_ANSWER_BYTES, readAnswer, withCallDeadline } from './call-deadline';
import { UnansweredCallError } from './unanswered-call';
import { callPlatform } from './platform-http';

describe('platform call deadline and answer cap', () => {
  const x = { timeoutMs: 60_000, platformName: 'X' };
  let server: Server;
  let base: string;
  const seen: string[] = [];
  /** Called when a request to /hang has reached the server. */
  let onHang = (): void => undefined;

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.url ?? '');
      if (req.url === '/hang') {
        onHang();
        return; // never answers
      }
      if (req.url === '/huge') {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let sent = 0;
        const pump = (): void => {
          while (sent <= MAX_PLATFORM_ANSWER_BYTES) {
            sent += chunk.length;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          res.end();
        };
        pump();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"1"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    seen.length = 0;
  });

  it('should abort a request in flight at the deadline and refuse the ones after it', async () => {
    const controller = new AbortController();
    const call = withCallDeadline(controller.signal, async () => {
      await callPlatform({ method: 'GET', url: `${base}/hang` }, x).catch(() => undefined);
      // The next step of the connector, after the publisher stopped waiting: it must not happen.
      return callPlatform({ method: 'POST', url: `${base}/publish`, irreversible: true }, x);
    });
    // The deadline passes while the first request is in flight.
    onHang = () => controller.abort();
    await expect(call).rejects.toBeInstanceOf(UnansweredCallError);
    expect(seen).toEqual(['/hang']);
  });

  it('should leave calls outside a deadline to their own timeout', async () => {
    const answer = await callPlatform({ method: 'GET', url: `${base}/ok` }, x);
    expect(answer.json).toEqual({ id: '1' });
  });

  it('should refuse an answer past the size cap instead of buffering it', async () => {
    const instagram = { timeoutMs: 10_000, platformName: 'Instagram' };
    await expect(
      callPlatform({ method: 'GET', url: `${base}/huge` }, instagram),
    ).rejects.toMatchObject({
      kind: 'retryable',
      code: 'unexpected_response',
      message: expect.stringMatching(/Instagram answered with more than 4194304 bytes/),
    });
    // For the call that makes the post, an unread answer is no answer: the post may exist.
    await expect(
      callPlatform({ method: 'POST', url: `${base}/huge`, irreversible: true }, instagram),
    ).rejects.toBeInstanceOf(UnansweredCallError);
  });

  it('should read an answer up to the cap', async () => {
    const body = 'x'.repeat(MAX_PLATFORM_ANSWER_BYTES);
    expect(await readAnswer(new Response(body).body, 'X')).toHaveLength(MAX_PLATFORM_ANSWER_BYTES);
  });
});
