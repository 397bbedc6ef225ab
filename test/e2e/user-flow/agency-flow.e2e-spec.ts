import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhook-receiver';
import { expectServed, startFreshSoku, type FreshSoku } from '../../utils/fresh-soku';

interface Answer {
  status: number;
  body: Record<string, unknown>;
  text: string;
}

interface Run {
  platform: string;
  accountId: string;
  status: string;
  url: string | null;
  error: unknown;
}

/** One client of the agency: its profile, its bound key, and how it calls Soku. */
interface Client {
  name: string;
  profileId: string;
  boundKey: string;
  /** The client's first calls go through the agency's key and `Soku-Profile`. */
  viaHeader: Record<string, string>;
  viaKey: Record<string, string>;
  hooks: WebhookReceiver;
}

/**
 * An agency's first session on a fresh install (`npm start` in a new folder, data under
 * `./.soku/`, the printed demo key and ID token): a profile and a bound key per client, sandbox
 * accounts connected into each, a post per client to `platform: "x"` that resolves in the
 * client's profile, lists, webhooks and exports that show each client only its own, and a
 * client deleted with a scheduled post (409, then `?force=true` cancels it).
 */
describe('an agency on a fresh install: one profile per client, each kept apart', () => {
  let fresh: FreshSoku;
  let agency: Record<string, string>;
  let acme: Client;
  let brew: Client;

  async function call(
    method: string,
    route: string,
    headers: Record<string, string>,
    body?: object,
  ): Promise<Answer> {
    const res = await fetch(`${fresh.baseUrl}${route}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body && JSON.stringify(body),
    });
    const text = await res.text();
    const json = res.headers.get('content-type')?.startsWith('application/json');
    return { status: res.status, body: json && text ? JSON.parse(text) : {}, text };
  }

  /** Calls that must succeed: the answer's body, or a failure naming the call and the answer. */
  async function ok(
    method: string,
    route: string,
    headers: Record<string, string>,
    body?: object,
  ): Promise<Record<string, unknown>> {
    const res = await call(method, route, headers, body);
    expect([method, route, res.status < 300 ? 'ok' : res.text]).toEqual([method, route, 'ok']);
    return res.body;
  }

  async function onboard(name: string): Promise<Client> {
    const profile = await ok('POST', '/v1/profiles', agency, { name });
    const key = await ok(
      'POST',
      '/v1/api-keys',
      { authorization: `Bearer ${fresh.printedEnv.SOKU_ID_TOKEN}` },
      { name, profileId: profile.id },
    );
    return {
      name,
      profileId: profile.id as string,
      boundKey: key.apiKey as string,
      viaHeader: { ...agency, 'soku-profile': profile.id as string },
      viaKey: { 'soku-api-key': key.apiKey as string },
      hooks: await startWebhookReceiver(),
    };
  }

  /** Waits until every run of the post has settled (a guard, not a measurement). */
  async function settled(client: Client, id: string): Promise<Run[]> {
    const deadline = Date.now() + 60_000;
    for (let pause = 100; ; pause = Math.min(pause * 1.5, 1000)) {
      const post = await ok('GET', `/v1/posts/${id}`, client.viaKey);
      if (post.outcome !== 'pending' || Date.now() > deadline) {
        return post.runs as Run[];
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  /** Waits until the client's receiver got `post.completed` for the post. */
  async function delivered(client: Client, postId: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    const got = () =>
      client.hooks.received.some(
        (hook) => hook.body.includes(postId) && hook.body.includes('post.completed'),
      );
    while (!got() && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect([client.name, got()]).toEqual([client.name, true]);
  }

  beforeAll(async () => {
    fresh = await startFreshSoku({ SOKU_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
    agency = { 'soku-api-key': fresh.apiKey };
    acme = await onboard('Acme Coffee');
    brew = await onboard('Brew Tea');
  }, 120_000);

  afterAll(async () => {
    await fresh?.stop();
    await acme?.hooks.close();
    await brew?.hooks.close();
  });

  it('runs each client in its own profile, from connecting accounts to deleting the client', async () => {
    const profiles = await ok('GET', '/v1/profiles', agency);
    const names = (profiles.data as { name: string }[]).map((p) => p.name).sort();
    expect(names).toEqual(['Acme Coffee', 'Brew Tea', 'Default']);
    const demoAccounts = await ok('GET', '/v1/integrations', agency);

    // Sandbox accounts, named after the client: one through the header, one through the key.
    const connected: [Client, Record<string, string>][] = [
      [acme, acme.viaHeader],
      [brew, brew.viaKey],
    ];
    for (const [client, headers] of connected) {
      const sandbox = await ok('POST', '/v1/integrations/sandbox', headers, { platforms: ['x'] });
      // The client's own new account; the demo's sandbox_x stays in the default profile.
      const made = (sandbox.integrations as { accountId: string }[]).map((a) => a.accountId);
      expect([client.name, made]).toEqual([client.name, ['sandbox_x']]);
      const alias = `${client.name.split(' ')[0].toLowerCase()}_x`;
      await ok('PATCH', '/v1/integrations/x/sandbox_x', headers, { accountId: alias });
      const hook = await ok('POST', '/v1/webhooks', headers, {
        url: client.hooks.url,
        eventTypes: ['post.completed'],
      });
      expect(hook.id).toEqual(expect.any(String));
    }
    for (const [client, alias] of [
      [acme, 'acme_x'],
      [brew, 'brew_x'],
    ] as const) {
      const accounts = await ok('GET', '/v1/integrations', client.viaKey);
      const ids = (accounts.integrations as { accountId: string }[]).map((a) => a.accountId);
      expect([client.name, ids]).toEqual([client.name, [alias]]);
    }
    // The demo's own accounts (the default profile) are as they were.
    expect(await ok('GET', '/v1/integrations', agency)).toEqual(demoAccounts);

    // A post per client to `platform: "x"`: it goes out on the client's account only.
    const posts: Record<string, string> = {};
    for (const [client, alias] of [
      [acme, 'acme_x'],
      [brew, 'brew_x'],
    ] as const) {
      const created = await ok('POST', '/v1/posts', client.viaKey, {
        post: { content: { text: `Hello from ${client.name}`, platform: ['x'] } },
      });
      posts[client.name] = created.postSubmissionId as string;
      const runs = await settled(client, posts[client.name]);
      expect(runs.map((run) => [run.platform, run.accountId, run.status, run.error])).toEqual([
        ['x', alias, 'succeeded', null],
      ]);
      await expectServed(runs[0].url!, 'text/html');
    }

    // Each client sees only its own posts and webhooks; the agency's default sees neither.
    for (const [client, other] of [
      [acme, brew],
      [brew, acme],
    ]) {
      for (const headers of [client.viaKey, client.viaHeader]) {
        const list = await ok('GET', '/v1/posts', headers);
        const ids = (list.data as { id: string }[]).map((post) => post.id);
        expect([client.name, ids]).toEqual([client.name, [posts[client.name]]]);
        const hooks = await ok('GET', '/v1/webhooks', headers);
        expect([client.name, JSON.stringify(hooks)]).toEqual([
          client.name,
          expect.stringContaining(client.hooks.url),
        ]);
        expect(JSON.stringify(hooks)).not.toContain(other.hooks.url);
      }
      const theirs = await call('GET', `/v1/posts/${posts[other.name]}`, client.viaKey);
      expect([client.name, theirs.status]).toEqual([client.name, 404]);
    }
    const defaults = await call('GET', '/v1/posts', agency);
    expect(defaults.text).not.toContain(posts[acme.name]);
    expect(defaults.text).not.toContain(posts[brew.name]);
    expect((await call('GET', '/v1/webhooks', agency)).text).not.toContain('127.0.0.1');

    // Each client's webhook hears of its own post, never of the other's.
    await delivered(acme, posts[acme.name]);
    await delivered(brew, posts[brew.name]);
    expect(acme.hooks.received.map((hook) => hook.body).join()).not.toContain(posts[brew.name]);
    expect(brew.hooks.received.map((hook) => hook.body).join()).not.toContain(posts[acme.name]);

    // The export of each profile has that client's post only.
    const acmeExport = await ok('GET', '/v1/posts/export?format=json', acme.viaHeader);
    expect((acmeExport as unknown as { id: string }[]).map((post) => post.id)).toEqual([
      posts[acme.name],
    ]);
    const brewCsv = await call('GET', '/v1/posts/export?format=csv', brew.viaKey);
    expect(brewCsv.status).toBe(200);
    expect(brewCsv.text).toContain(posts[brew.name]);
    expect(brewCsv.text).not.toContain(posts[acme.name]);
    const agencyCsv = await call('GET', '/v1/posts/export', agency);
    expect(agencyCsv.text).not.toContain(posts[acme.name]);
    expect(agencyCsv.text).not.toContain(posts[brew.name]);

    // Acme leaves with a post still scheduled: refused, then forced, which cancels it.
    await ok('POST', '/v1/posts', acme.viaHeader, {
      post: { content: { text: 'Next week', platform: ['x'] } },
      scheduledTime: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const refused = await call('DELETE', `/v1/profiles/${acme.profileId}`, agency);
    expect([refused.status, (refused.body.error as { code?: string })?.code]).toEqual([
      409,
      'profile_has_pending_posts',
    ]);
    const forced = await ok('DELETE', `/v1/profiles/${acme.profileId}?force=true`, agency);
    expect(forced).toEqual({ id: acme.profileId, deleted: true, cancelledPosts: 1 });
    expect((await call('GET', '/v1/posts', acme.viaHeader)).status).toBe(404);
    expect((await call('GET', '/v1/posts', acme.viaKey)).status).toBe(401);
    // Brew goes on as before.
    const brewPost = await ok('GET', `/v1/posts/${posts[brew.name]}`, brew.viaKey);
    expect(brewPost.outcome).toBe('succeeded');
    const left = await ok('GET', '/v1/profiles', agency);
    expect((left.data as { name: string }[]).map((p) => p.name).sort()).toEqual([
      'Brew Tea',
      'Default',
    ]);
  }, 240_000);
});
