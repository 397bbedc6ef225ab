import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake received it, for tests to check what the connector sent. */
export interface ReceivedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
  contentType?: string;
  /** Form, JSON or multipart text fields. */
  fields: Record<string, string>;
  /** Multipart file parts: field name → bytes. */
  files: Record<string, Buffer>;
}

export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (call: ReceivedCall, params: string[]) => Promise<FakeReply> | FakeReply;

interface Scripted {
  route: string;
  reply?: FakeReply;
  /** Let the real handler run (the platform did it), then answer `reply` or drop the connection. */
  afterHandling?: boolean;
  /** Called when the request arrives; the answer waits for the returned promise. */
  hook?: (call: ReceivedCall) => Promise<void> | void;
}

/**
 * The shared plumbing of the fake platforms: a loopback server that parses form, JSON and
 * multipart bodies, records every call, routes by `METHOD /pattern/:id`, and plays scripted
 * failures (`failNext`) so tests can provoke each documented error.
 */
export abstract class PlatformServer {
  url = '';
  calls: ReceivedCall[] = [];
  private server?: http.Server;
  private scripted: Scripted[] = [];

  protected abstract routes(): [string, RouteHandler][];

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

  /** Forgets every call and scripted answer (and, in subclasses, what was posted). */
  reset(): void {
    this.calls = [];
    this.scripted = [];
  }

  /** The next call to `route` (e.g. `POST /2/tweets`) answers `reply` instead. */
  failNext(route: string, reply: FakeReply): void {
    this.scripted.push({ route, reply });
  }

  /** The next call to `route` is carried out, then its answer is `reply`, or lost when omitted. */
  loseAnswerNext(route: string, reply?: FakeReply): void {
    this.scripted.push({ route, reply, afterHandling: true });
  }

  /** Runs `hook` when the next call to `route` arrives, after carrying it out. */
  onNext(route: string, hook: (call: ReceivedCall) => Promise<void> | void): void {
    this.scripted.push({ route, hook, afterHandling: true });
  }

  callsTo(route: string): ReceivedCall[] {
    const [method, pattern] = route.split(' ');
    return this.calls.filter((c) => c.method === method && match(pattern, c.path) !== undefined);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const raw = await readBody(req);
    const call: ReceivedCall = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      fields: {},
      files: {},
    };
    await parseBody(call, raw);
    this.calls.push(call);
    const found = this.find(call);
    if (!found) {
      return send(res, {
        status: 404,
        body: { error: { message: `No route ${call.method} ${call.path}`, code: 803 } },
      });
    }
    const [route, handler, params] = found;
    const scriptIndex = this.scripted.findIndex((s) => s.route === route);
    const script = scriptIndex >= 0 ? this.scripted.splice(scriptIndex, 1)[0] : undefined;
    if (script && !script.afterHandling) {
      return send(res, script.reply!);
    }
    const reply = await handler(call, params);
    if (script?.hook) {
      await script.hook(call);
    }
    if (script && !script.hook) {
      if (!script.reply) {
        res.socket?.destroy();
        return;
      }
      return send(res, script.reply);
    }
    send(res, reply);
  }

  private find(call: ReceivedCall): [string, RouteHandler, string[]] | undefined {
    for (const [route, handler] of this.routes()) {
      const [method, pattern] = route.split(' ');
      const params = method === call.method ? match(pattern, call.path) : undefined;
      if (params) {
        return [route, handler, params];
      }
    }
    return undefined;
  }
}

function match(pattern: string, path: string): string[] | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) {
    return undefined;
  }
  const params: string[] = [];
  for (const [i, part] of want.entries()) {
    if (part.startsWith(':')) {
      params.push(decodeURIComponent(got[i]));
    } else if (part !== got[i]) {
      return undefined;
    }
  }
  return params;
}

function send(res: http.ServerResponse, reply: FakeReply): void {
  res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
  res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of req) {
    parts.push(part as Buffer);
  }
  return Buffer.concat(parts);
}

async function parseBody(call: ReceivedCall, raw: Buffer): Promise<void> {
  const type = call.contentType ?? '';
  if (type.startsWith('application/x-www-form-urlencoded')) {
    call.fields = Object.fromEntries(new URLSearchParams(raw.toString()));
  } else if (type.startsWith('application/json')) {
    const parsed: unknown = JSON.parse(raw.toString() || '{}');
    call.fields = Object.fromEntries(
      Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [
        k,
        typeof v === 'string' ? v : JSON.stringify(v),
      ]),
    );
  } else if (type.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    for (const [name, value] of form.entries()) {
      if (typeof value === 'string') {
        call.fields[name] = value;
      } else {
        call.files[name] = Buffer.from(await value.arrayBuffer());
      }
    }
  }
}
