import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a fake platform received it. */
export interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON, when it was JSON. */
  json: Record<string, unknown> | undefined;
}

export interface Reply {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
  /** The request was carried out, but its connection is cut before any answer (a lost answer). */
  drop?: boolean;
}

export type Route = (req: Received) => Reply | Promise<Reply>;

/**
 * The loopback HTTP server under every fake platform: records each request whole (method, path,
 * headers, body) and answers from the subclass's routes. `interrupt` makes the next matching
 * request die mid-body, the way a network cut does.
 */
export abstract class FakePlatformServer {
  url = '';
  readonly received: Received[] = [];
  /** Access tokens the API accepts; tests add the ones the OAuth fake issued. */
  readonly acceptsToken: (token: string) => boolean;
  private server?: http.Server;
  private readonly cuts: { matches: (req: http.IncomingMessage) => boolean; afterBytes: number }[] =
    [];

  constructor(acceptsToken?: (token: string) => boolean) {
    this.acceptsToken = acceptsToken ?? ((token) => token.startsWith('valid-'));
  }

  protected abstract route(req: Received): Reply | Promise<Reply>;

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** The next request `matches` accepts loses its connection after `afterBytes` body bytes. */
  interrupt(matches: (req: http.IncomingMessage) => boolean, afterBytes: number): void {
    this.cuts.push({ matches, afterBytes });
  }

  calls(method: string, path: string | RegExp): Received[] {
    return this.received.filter(
      (r) =>
        r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)),
    );
  }

  protected bearer(req: Received): string | undefined {
    const header = req.headers.authorization;
    return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const cut = this.cuts.findIndex((c) => c.matches(req));
    const pieces: Buffer[] = [];
    let length = 0;
    for await (const piece of req) {
      pieces.push(piece as Buffer);
      length += (piece as Buffer).length;
      if (cut >= 0 && length >= this.cuts[cut].afterBytes) {
        const { afterBytes } = this.cuts.splice(cut, 1)[0];
        this.onCut(req, Buffer.concat(pieces).subarray(0, afterBytes));
        req.socket.destroy();
        return;
      }
    }
    const url = new URL(req.url ?? '/', this.url);
    const body = Buffer.concat(pieces);
    let json: Record<string, unknown> | undefined;
    if (req.headers['content-type']?.includes('json')) {
      try {
        json = JSON.parse(body.toString()) as Record<string, unknown>;
      } catch {
        json = undefined;
      }
    }
    const received: Received = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      json,
    };
    this.received.push(received);
    const reply = await this.route(received);
    if (reply.drop) {
      req.socket.destroy();
      return;
    }
    res.writeHead(reply.status, {
      ...(reply.json === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...reply.headers,
    });
    res.end(reply.json === undefined ? '' : JSON.stringify(reply.json));
  }

  /** What arrived of a request before its connection was cut (platforms keep what they got). */
  protected onCut(_req: http.IncomingMessage, _partial: Buffer): void {}
}
