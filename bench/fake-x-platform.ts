import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A latency-bound X for the publishing benches, on loopback: every answer comes after
 * LATENCY_MS, and posting is limited per user as X documents it. Only what a text post needs:
 * reading the account of a given token, creating a post, and the user's latest posts (what the
 * connector looks at after an unanswered create).
 *
 * X_DOCS.manage: https://developer.x.com/en/docs/x-api/tweets/manage-tweets (Introduction)
 *   "There is a user rate limit of 200 requests per 15 minutes for the POST method."
 * X_DOCS.limits: https://docs.x.com/x-api/fundamentals/rate-limits ("Checking your limits",
 *   "Rate limit errors"): every answer carries x-rate-limit-limit / -remaining / -reset (Unix
 *   seconds); over the limit, 429 with {"errors":[{"code":88,"message":"Rate limit exceeded"}]}.
 *   X documents no Retry-After header: the reset header is what says when to come back.
 */
export const LATENCY_MS = 500;
export const POSTS_PER_WINDOW = 200;
const WINDOW_MS = 15 * 60_000;

export interface ReceivedCreate {
  /** When the request arrived (epoch ms), before the latency. */
  at: number;
  user: string;
  text: string;
  status: number;
}

interface Window {
  resetAt: number;
  used: number;
}

export class FakeX {
  readonly creates: ReceivedCreate[] = [];
  private readonly windows = new Map<string, Window>();
  private readonly posts = new Map<string, { id: string; text: string; created_at: string }[]>();
  private readonly server = createServer((req, res) => void this.handle(req, res));
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** Posts created (answered 201) per text: more than one is a doubled publish. */
  publishedByText(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const create of this.creates) {
      if (create.status === 201) {
        counts.set(create.text, (counts.get(create.text) ?? 0) + 1);
      }
    }
    return counts;
  }

  reset(): void {
    this.creates.length = 0;
    this.windows.clear();
    this.posts.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
    }
    await new Promise((resolve) => setTimeout(resolve, LATENCY_MS));
    // Tokens are `token-<user>`: the bench's given tokens (POST /v1/integrations).
    const user = /^Bearer token-(\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!user) {
      this.reply(res, 401, { title: 'Unauthorized', type: 'about:blank', status: 401 });
      return;
    }
    const route = `${req.method} ${(req.url ?? '').split('?')[0]}`;
    if (route === 'GET /2/users/me') {
      this.reply(res, 200, { data: { id: user, username: `bench_${user}`, name: user } });
    } else if (route === 'POST /2/tweets') {
      const text = String(
        (JSON.parse(Buffer.concat(chunks).toString() || '{}') as { text?: string }).text,
      );
      this.create(res, at, user, text);
    } else if (route === `GET /2/users/${user}/tweets`) {
      const data = [...(this.posts.get(user) ?? [])].reverse().slice(0, 100);
      this.reply(res, 200, { data, meta: { result_count: data.length } });
    } else {
      this.reply(res, 404, { title: 'Not Found Error', type: 'about:blank', status: 404 });
    }
  }

  private create(res: ServerResponse, at: number, user: string, text: string): void {
    const now = Date.now();
    let window = this.windows.get(user);
    if (!window || window.resetAt <= now) {
      window = { resetAt: now + WINDOW_MS, used: 0 };
      this.windows.set(user, window);
    }
    const headers = {
      'x-rate-limit-limit': String(POSTS_PER_WINDOW),
      'x-rate-limit-reset': String(Math.ceil(window.resetAt / 1000)),
    };
    if (window.used >= POSTS_PER_WINDOW) {
      this.creates.push({ at, user, text, status: 429 });
      this.reply(
        res,
        429,
        { errors: [{ code: 88, message: 'Rate limit exceeded' }] },
        { ...headers, 'x-rate-limit-remaining': '0' },
      );
      return;
    }
    window.used++;
    const post = {
      id: randomUUID().replace(/-/g, '').slice(0, 19),
      text,
      created_at: new Date(now).toISOString(),
    };
    this.posts.set(user, [...(this.posts.get(user) ?? []), post]);
    this.creates.push({ at, user, text, status: 201 });
    this.reply(
      res,
      201,
      { data: { id: post.id, text } },
      { ...headers, 'x-rate-limit-remaining': String(POSTS_PER_WINDOW - window.used) },
    );
  }

  private reply(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }
}
