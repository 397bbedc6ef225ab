import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the fake platform does with a create call. Every mode but `redirect` stores the post before
 * misbehaving, as a real platform may: the answer is lost, the post exists.
 *   hang        never answers
 *   huge        answers 200 and streams a body that never ends
 *   malformed   answers 200 with truncated JSON
 *   redirect    answers 307 to `redirectTo`, storing nothing
 *   blackhole   never answers, stores nothing, and its status lookup never answers either
 */
export type Misbehaviour = 'hang' | 'huge' | 'malformed' | 'redirect' | 'blackhole';

export interface MisbehavingPlatform {
  url: string;
  mode: Misbehaviour;
  redirectTo: string;
  /** Posts stored per run id (the idempotency reference the connector sends). */
  posts: Map<string, string>;
  createCalls: number;
  /** Responses the client abandoned before they finished (its deadline fired). */
  abandoned: number;
  close(): Promise<void>;
}

/**
 * A platform API on loopback: `POST /posts` creates (and misbehaves per `mode`);
 * `GET /posts?ref=<runId>` finds a post already made for a run.
 */
export async function startMisbehavingPlatform(): Promise<MisbehavingPlatform> {
  const platform = {
    mode: 'hang' as Misbehaviour,
    redirectTo: '',
    posts: new Map<string, string>(),
    createCalls: 0,
    abandoned: 0,
  };
  const server = http.createServer((req, res) => {
    res.on('close', () => {
      if (!res.writableFinished) {
        platform.abandoned++;
      }
    });
    const url = new URL(req.url ?? '/', 'http://platform');
    if (req.method === 'GET' && url.pathname === '/posts') {
      if (platform.mode === 'blackhole') {
        return;
      }
      const id = platform.posts.get(url.searchParams.get('ref') ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: id ? [{ id }] : [] }));
      return;
    }
    if (req.method !== 'POST' || url.pathname !== '/posts') {
      res.writeHead(404).end();
      return;
    }
    platform.createCalls++;
    const ref = String(req.headers['x-idempotency-ref']);
    if (platform.mode === 'redirect') {
      res.writeHead(307, { location: platform.redirectTo }).end();
      return;
    }
    if (platform.mode !== 'blackhole' && !platform.posts.has(ref)) {
      platform.posts.set(ref, `post-${platform.posts.size + 1}`);
    }
    switch (platform.mode) {
      case 'hang':
      case 'blackhole':
        return;
      case 'huge': {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"data":{"id":"');
        const chunk = Buffer.alloc(64 * 1024, 'x');
        const pump = (): void => {
          while (!res.destroyed && res.write(chunk)) {
            // keep the socket's buffer full
          }
          if (!res.destroyed) {
            res.once('drain', pump);
          }
        };
        pump();
        return;
      }
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`{"data":{"id":"${platform.posts.get(ref)}"`);
        return;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(platform, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
