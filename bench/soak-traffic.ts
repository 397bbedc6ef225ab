/** The soak's steady mixed traffic: each kind of request on its own schedule. */

export type Operation = 'post' | 'read' | 'media' | 'template';

/** Requests per second of each kind at scale 1: steady, and under what two shared cores serve. */
const BASE_RATES: Record<Operation, number> = { post: 4, read: 8, media: 1, template: 0.5 };

export const ratesAt = (scale: number): Record<Operation, number> =>
  Object.fromEntries(Object.entries(BASE_RATES).map(([op, rate]) => [op, rate * scale])) as Record<
    Operation,
    number
  >;

export interface Call {
  t: number;
  op: Operation;
  status: number;
  ms: number;
}

export function isExpected(call: Call): boolean {
  return call.status >= 200 && call.status < 300;
}

/** Fires each kind of request on its own steady schedule; never waits for one to answer. */
export class Traffic {
  readonly calls: Call[] = [];
  private readonly postIds: string[] = [];
  private sequence = 0;

  constructor(
    private readonly base: string,
    private readonly apiKey: string,
    private readonly mediaUrl: string,
    private readonly rates: Record<Operation, number>,
  ) {}

  async run(durationMs: number, progress: (elapsedMs: number) => void): Promise<void> {
    const started = Date.now();
    const inFlight = new Set<Promise<void>>();
    const ops = Object.keys(this.rates) as Operation[];
    const next = Object.fromEntries(ops.map((op) => [op, started])) as Record<Operation, number>;
    let lastProgress = started;
    while (Date.now() - started < durationMs) {
      const now = Date.now();
      for (const op of ops) {
        while (next[op] <= now) {
          next[op] += 1000 / this.rates[op];
          const call = this.call(op).finally(() => inFlight.delete(call));
          inFlight.add(call);
        }
      }
      if (now - lastProgress >= 60_000) {
        lastProgress = now;
        progress(now - started);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await Promise.all(inFlight);
  }

  summary(): string {
    const failed = this.calls.filter((call) => !isExpected(call)).length;
    return `${this.calls.length} requests, ${failed} unexpected answers`;
  }

  private async call(op: Operation): Promise<void> {
    const n = ++this.sequence;
    const t = Date.now();
    let status = 0;
    try {
      const res = await this.request(op, n);
      status = res.status;
      const body = (await res.json()) as { postSubmissionId?: string };
      if (op === 'post' && body.postSubmissionId) {
        this.postIds.push(body.postSubmissionId);
      }
    } catch {
      // no answer within the deadline, or the connection failed: recorded as status 0
    }
    this.calls.push({ t, op, status, ms: Date.now() - t });
  }

  private request(op: Operation, n: number): Promise<Response> {
    switch (op) {
      case 'post':
        return this.send('POST', '/v1/posts', {
          post: { content: { text: `Soak post ${n}`, platform: ['x', 'threads'] } },
        });
      case 'media':
        return this.send('POST', '/v1/media', { url: this.mediaUrl });
      case 'template':
        return this.send('POST', '/v1/templates', {
          templateSlug: 'tweetImage',
          config: { title: 'Soak', author: '@soak', content: `Render ${n} of the soak.` },
        });
      case 'read': {
        const id = this.postIds[n % Math.max(1, this.postIds.length)];
        const reads = ['/v1/posts?limit=20', id ? `/v1/posts/${id}` : '/health', '/v1/media'];
        return this.send('GET', reads[n % reads.length]);
      }
    }
  }

  private send(method: string, route: string, body?: object): Promise<Response> {
    return fetch(`${this.base}${route}`, {
      method,
      headers: {
        'soku-api-key': this.apiKey,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
  }
}
