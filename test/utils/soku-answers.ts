import { expectServed } from './fresh-soku';

/** What GET /v1/posts/:id answers, as far as the README's examples look at it. */
export interface PostAnswer {
  id: string;
  outcome: string;
  scheduledTime: string;
  content: Record<string, unknown>;
  runs: {
    id: string;
    platform: string;
    status: string;
    url: string | null;
    error: unknown;
    deletion?: { status: string; error: unknown };
    parts?: { kind: string; status: string; url: string | null; error: unknown }[];
  }[];
}

/** A client of one Soku for one API key, polling gently: polls count against the rate limit. */
export class SokuCaller {
  private readonly opened = new Set<string>();

  constructor(
    readonly baseUrl: string,
    private readonly apiKey: string,
    /** The `Soku-Profile` every call sends; none: the default profile. */
    private readonly profileId?: string,
  ) {}

  /** The same caller, acting in another profile. */
  inProfile(profileId: string): SokuCaller {
    return new SokuCaller(this.baseUrl, this.apiKey, profileId);
  }

  private get credentials(): Record<string, string> {
    const key = { 'soku-api-key': this.apiKey };
    return this.profileId ? { ...key, 'soku-profile': this.profileId } : key;
  }

  async call(
    method: string,
    route: string,
    body?: object,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${this.baseUrl}${route}`, {
      method,
      headers: { ...this.credentials, 'content-type': 'application/json' },
      body: body && JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  /**
   * Opens each URL once (a part's `#part-<n>` is its post's page): a post page must be HTML, a
   * stored file an image, video or audio. With the key, as without it 40 pages in a few seconds
   * would spend the per-IP tier of anonymous callers (25 a minute).
   */
  async expectServed(urls: string[], skip: Set<string>): Promise<void> {
    for (const url of new Set(urls.map((each) => each.split('#')[0]))) {
      if (!skip.has(url) && !this.opened.has(url)) {
        const page = new URL(url).pathname.startsWith('/sandbox/');
        await expectServed(url, page ? 'text/html' : /^(image|video|audio)\//, this.credentials);
        this.opened.add(url);
      }
    }
  }

  /** What a sandbox account recorded at a run's URL (its JSON view). */
  async recorded(url: string): Promise<{ text: string; media: number }> {
    const res = await fetch(url, { headers: { accept: 'application/json', ...this.credentials } });
    expect([url, res.status]).toEqual([url, 200]);
    const view = (await res.json()) as { text: string; media: unknown[] };
    return { text: view.text, media: view.media.length };
  }

  get(route: string): Promise<{ status: number; body: Record<string, unknown> }> {
    return this.call('GET', route);
  }

  /** Reads `route` (200 each time) until `done`, backing off from 100 ms to 1 s. */
  async until<T>(route: string, done: (body: T) => boolean, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    const read = async () => {
      const res = await this.get(route);
      expect([route, res.status]).toEqual([route, 200]);
      return res.body as T;
    };
    let body = await read();
    for (let pause = 100; !done(body); pause = Math.min(pause * 1.5, 1000)) {
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting on ${route}: ${JSON.stringify(body)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
      body = await read();
    }
    return body;
  }

  /** A post once nothing in it is moving: every run and part settled, no deletion pending. */
  settledPost(id: string): Promise<PostAnswer> {
    return this.until<PostAnswer>(
      `/v1/posts/${id}`,
      (post) =>
        post.runs.every(
          (run) =>
            !['queued', 'processing'].includes(run.status) &&
            run.deletion?.status !== 'pending' &&
            (run.parts ?? []).every((part) => !['queued', 'processing'].includes(part.status)),
        ) && post.outcome !== 'pending',
    );
  }
}

/** Every URL of Soku's own in an answer: its base, or SOKU_PUBLIC_URL's default localhost. */
export function sokuUrlsIn(answer: unknown, port: number): string[] {
  if (typeof answer === 'string') {
    return new RegExp(`^https?://(127\\.0\\.0\\.1|localhost):${port}/`).test(answer)
      ? [answer]
      : [];
  }
  if (answer && typeof answer === 'object') {
    return Object.values(answer).flatMap((value) => sokuUrlsIn(value, port));
  }
  return [];
}

/** The keys present anywhere in an answer, to hold it to the keys the README shows. */
export function keysIn(answer: unknown): Set<string> {
  const keys = new Set<string>();
  const walk = (value: unknown) => {
    if (value && typeof value === 'object') {
      for (const [name, inner] of Object.entries(value)) {
        if (!Array.isArray(value)) {
          keys.add(name);
        }
        walk(inner);
      }
    }
  };
  walk(answer);
  return keys;
}
