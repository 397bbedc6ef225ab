import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';

export type OriginHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** A loopback web server whose routes each test sets: where remote media comes from. */
export interface MediaOrigin {
  port: number;
  /** `http://<host>:<port>` */
  url(path: string, host?: string): string;
  route(path: string, handler: OriginHandler): void;
  /** Serves bytes with Content-Length (or chunked when `chunked`). */
  serve(path: string, body: Buffer, options?: { type?: string; chunked?: boolean }): void;
  serveStream(path: string, body: () => Readable, length?: number): void;
  redirect(path: string, location: string, status?: number): void;
  requests(): string[];
  close(): Promise<void>;
}

export async function startMediaOrigin(): Promise<MediaOrigin> {
  const routes = new Map<string, OriginHandler>();
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.headers.host}${req.url}`);
    const handler = routes.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin: MediaOrigin = {
    port,
    url: (path, host = '127.0.0.1') => `http://${host}:${port}${path}`,
    route: (path, handler) => routes.set(path, handler),
    serve: (path, body, options = {}) =>
      routes.set(path, (_req, res) => {
        const headers: http.OutgoingHttpHeaders = {
          'content-type': options.type ?? 'application/octet-stream',
        };
        if (!options.chunked) {
          headers['content-length'] = body.length;
        }
        res.writeHead(200, headers).end(body);
      }),
    serveStream: (path, body, length) =>
      routes.set(path, (_req, res) => {
        res.writeHead(200, {
          'content-type': 'video/mp4',
          ...(length === undefined ? {} : { 'content-length': length }),
        });
        body().pipe(res);
      }),
    redirect: (path, location, status = 302) =>
      routes.set(path, (_req, res) => res.writeHead(status, { location }).end()),
    requests: () => seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return origin;
}
