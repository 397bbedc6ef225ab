import type { AddressInfo } from 'node:net';
import { hashApiKey } from '../../src/modules/api-keys/api-key-format';
import { ApiKeysService } from '../../src/modules/api-keys/api-keys.service';
import { PostsService } from '../../src/modules/posts/posts.service';
import { startFakeDns, type FakeDnsServer } from '../fakes/fake-dns-server';
import { addAccount } from '../utils/accounts';
import { createUser, type TestUser } from '../utils/identity';
import { createTestApp, type TestApp } from '../utils/test-app';
import type { FuzzContext } from './fuzz-requests';
import { WEBHOOK_URL } from './owned-resources';
import { defaultScope } from '../../src/common/auth/route-auth';

export interface FuzzTarget {
  t: TestApp;
  dns: FakeDnsServer;
  user: TestUser;
  close(): Promise<void>;
}

/**
 * The real app listening on loopback, rate limits off, with a DNS server that knows no name:
 * whatever URL a generated body carries, nothing leaves this machine.
 */
export async function startFuzzTarget(): Promise<FuzzTarget> {
  const dns = await startFakeDns({});
  const t = await createTestApp({
    env: {
      SOKU_RATE_LIMIT_ENABLED: 'false',
      SOKU_MEDIA_DNS_SERVERS: dns.address,
      SOKU_MEDIA_CONNECT_TIMEOUT_MS: '500',
      SOKU_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      // Enabled, so GET /metrics answers bad credentials with 401 rather than "disabled".
      SOKU_METRICS_TOKEN: 'fuzz-metrics-token',
    },
  });
  await new Promise<void>((resolve) => t.http.listen(0, '127.0.0.1', resolve));
  const user = await createUser(t);
  return {
    t,
    dns,
    user,
    close: async () => {
      await t.close();
      await dns.close();
    },
  };
}

export function baseUrl(t: TestApp): string {
  return `http://127.0.0.1:${(t.http.address() as AddressInfo).port}`;
}

/** Things the fuzzing user owns, so generated ids sometimes reach real rows. */
export async function seedOwnedResources(target: FuzzTarget): Promise<FuzzContext> {
  const { t, user } = target;
  const account = await addAccount(t, user.userId, 'x', 'x_main');
  const post = await t.app
    .get(PostsService)
    .create(defaultScope(user.userId), { post: { content: { text: 'seed', platform: ['x'] } } });
  const spare = await t.app.get(ApiKeysService).create(user.userId, 'spare');
  const headers = { 'content-type': 'application/json', 'soku-api-key': user.apiKey };
  const upload = await fetch(`${baseUrl(t)}/v1/media/uploads`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ filename: 'seed.png', mimeType: 'image/png', size: 100 }),
  });
  const { mediaId } = (await upload.json()) as { mediaId: string };
  const hook = await fetch(`${baseUrl(t)}/v1/webhooks`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ url: WEBHOOK_URL, eventTypes: ['post.completed'] }),
  });
  if (hook.status !== 201 || upload.status !== 201) {
    throw new Error(`seeding failed: webhook ${hook.status}, upload ${upload.status}`);
  }
  const { id: webhookId } = (await hook.json()) as { id: string };
  const profiles = await Promise.all(
    ['Client', 'Former client'].map(async (name) => {
      const res = await fetch(`${baseUrl(t)}/v1/profiles`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name }),
      });
      if (res.status !== 201) {
        throw new Error(`seeding failed: profile ${res.status}`);
      }
      return ((await res.json()) as { id: string }).id;
    }),
  );
  const [client, former] = profiles;
  const deleted = await fetch(`${baseUrl(t)}/v1/profiles/${former}`, { method: 'DELETE', headers });
  if (deleted.status !== 200) {
    throw new Error(`seeding failed: deleting a profile ${deleted.status}`);
  }
  return {
    apiKey: user.apiKey,
    idToken: user.idToken,
    knownIds: {
      id: [post.postSubmissionId, mediaId, webhookId, hashApiKey(spare.apiKey)].filter(Boolean),
      mediaId: [mediaId],
      accountId: [account.accountId],
    },
    profiles: {
      live: [user.userId, client],
      // A deleted profile, and a well-formed id that is nobody's.
      refused: [former, '00000000-0000-4000-8000-000000000000'],
    },
  };
}
