import request from 'supertest';
import { startFakeDns, type FakeDnsServer } from '../../fakes/fake-dns-server';
import { startLoopbackTrap, type LoopbackTrap } from '../../fakes/loopback-listener';
import { directSsrfForms, SSRF_DNS } from '../../security/ssrf-forms';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';

/**
 * The SSRF forms POST /v1/media is tried with (test/e2e/media/ssrf.e2e-spec.ts), against every
 * other place a user hands Soku a URL to call: webhook endpoints (created and changed) and the
 * image fields of templates. None may reach the loopback traps.
 */
describe('SSRF forms on every URL Soku calls for a user', () => {
  let t: TestApp;
  let user: TestUser;
  let trap: LoopbackTrap;
  let trap6: LoopbackTrap;
  let dns: FakeDnsServer;
  let forms: [string, string][];

  beforeAll(async () => {
    trap = await startLoopbackTrap();
    trap6 = await startLoopbackTrap('::1');
    // hooks.test stands for a public receiver; creating an endpoint only resolves its name.
    dns = await startFakeDns({ ...SSRF_DNS, 'hooks.test': ['8.8.8.8'] });
    t = await createTestApp({
      env: {
        SOKU_MEDIA_DNS_SERVERS: dns.address,
        SOKU_MEDIA_CONNECT_TIMEOUT_MS: '2000',
        SOKU_RATE_LIMIT_ENABLED: 'false',
      },
    });
    user = await createUser(t);
    forms = directSsrfForms(trap.port, trap6.port);
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([trap.close(), trap6.close(), dns.close()]);
  });

  const api = (method: 'post' | 'patch', path: string) =>
    request(t.http)[method](path).set('soku-api-key', user.apiKey);

  it('should refuse every form as a webhook URL, on create and on change, over https too', async () => {
    const hook = await api('post', '/v1/webhooks')
      .send({ url: 'https://hooks.test/in', eventTypes: ['post.completed'] })
      .expect(201);
    const accepted: string[] = [];
    for (const [name, form] of forms) {
      // Over http the refusal would only be "must use https": try the address itself.
      const url = form.replace(/^http:/, 'https:');
      const created = await api('post', '/v1/webhooks').send({
        url,
        eventTypes: ['post.completed'],
      });
      const changed = await api('patch', `/v1/webhooks/${hook.body.id}`).send({ url });
      for (const res of [created, changed]) {
        if (res.status !== 400 || res.body.error.details?.[0]?.code !== 'invalid_url') {
          accepted.push(`${name} (${url}): ${res.status} ${JSON.stringify(res.body)}`);
        }
      }
    }
    expect(accepted).toEqual([]);
    expect(trap.connections() + trap6.connections()).toBe(0);
  });

  it('should refuse every form as a template image, before any socket', async () => {
    const rendered: string[] = [];
    for (const [name, url] of forms) {
      const res = await api('post', '/v1/templates').send({
        templateSlug: 'tweetImage',
        config: { content: 'hi', avatarUrl: url },
      });
      const [detail] = (res.body.error?.details ?? []) as { field: string; code: string }[];
      // Refused for the image URL itself: as fetched (invalid_image) or as written.
      const refused =
        res.status === 400 &&
        detail?.field === 'body.config.avatarUrl' &&
        ['invalid_image', 'invalid_string'].includes(detail.code);
      if (!refused) {
        rendered.push(`${name}: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    expect(rendered).toEqual([]);
    expect(trap.connections() + trap6.connections()).toBe(0);
  });
});
