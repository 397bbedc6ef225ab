import request from 'supertest';
import { expectEnvelope } from '../../utils/assertions';
import { RateLimitClock } from '../../../src/modules/rate-limits/rate-limit.clock';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { startFakeDns, type FakeDnsServer } from '../../fakes/fake-dns-server';
import { startLoopbackTrap, type LoopbackTrap } from '../../fakes/loopback-listener';
import { startMediaOrigin, type MediaOrigin } from '../../fakes/media-origin';
import { png } from '../../fakes/media-samples';
import { directSsrfForms, SSRF_DNS } from '../../security/ssrf-forms';

/**
 * Every hostile URL must be refused before any socket reaches the trap, a loopback listener
 * standing in for the internal service an attacker is after. `origin.test` is the one
 * allow-listed host (an "internal CDN"), and it redirects to the trap in every way it can.
 */
describe('POST /v1/media SSRF defence', () => {
  let t: TestApp;
  let user: TestUser;
  let trap: LoopbackTrap;
  let trap6: LoopbackTrap;
  let origin: MediaOrigin;
  let dns: FakeDnsServer;

  beforeAll(async () => {
    trap = await startLoopbackTrap();
    trap6 = await startLoopbackTrap('::1');
    origin = await startMediaOrigin();
    dns = await startFakeDns({ 'origin.test': ['127.0.0.1'], ...SSRF_DNS });
    t = await createTestApp({
      env: {
        SOKU_MEDIA_DNS_SERVERS: dns.address,
        SOKU_MEDIA_ALLOWED_HOSTS: 'origin.test',
        SOKU_MEDIA_CONNECT_TIMEOUT_MS: '2000',
      },
    });
    user = await createUser(t);
    // Far more than 30 imports a minute: let the limiter's clock run 10 s per reading.
    let tick = Date.now();
    jest.spyOn(t.app.get(RateLimitClock), 'now').mockImplementation(() => (tick += 10_000));
    origin.serve('/ok.png', png(4, 4), { type: 'image/png' });
  });

  afterAll(async () => {
    await t.close();
    await Promise.all([trap.close(), trap6.close(), origin.close(), dns.close()]);
  });

  const hostile = (): [string, string][] => {
    const p = trap.port;
    const p6 = trap6.port;
    const hop = (to: string): string => {
      const path = `/redirect-${Buffer.from(to).toString('hex')}`;
      origin.redirect(path, to);
      return origin.url(path, 'origin.test');
    };
    const chain = (): string => {
      for (let i = 0; i < 6; i++) {
        origin.redirect(`/loop-${i}`, origin.url(`/loop-${i + 1}`, 'origin.test'));
      }
      origin.redirect('/loop-6', `http://127.0.0.1:${p}/`);
      return origin.url('/loop-0', 'origin.test');
    };
    return [
      ...directSsrfForms(p, p6),
      ['allowed host redirecting to loopback', hop(`http://127.0.0.1:${p}/x.png`)],
      ['allowed host redirecting to localhost', hop(`http://localhost:${p}/x.png`)],
      ['allowed host redirecting to decimal IPv4', hop(`http://2130706433:${p}/x.png`)],
      ['allowed host redirecting to IPv4-mapped IPv6', hop(`http://[::ffff:7f00:1]:${p}/`)],
      ['allowed host redirecting to a rebinding name', hop(`http://rebind.test:${p}/x.png`)],
      ['allowed host redirecting to IPv6 loopback', hop(`http://[::1]:${p6}/x.png`)],
      ['allowed host redirecting to a file URL', hop('file:///etc/passwd')],
      ['allowed host redirecting to metadata', hop('http://169.254.169.254/latest/meta-data/')],
      ['more than 5 redirects, the last to loopback', chain()],
    ];
  };

  it('should have at least 25 hostile URLs', () => {
    expect(hostile().length).toBeGreaterThanOrEqual(25);
  });

  it('should refuse every hostile URL with a 400 and never connect to the trap', async () => {
    const outcomes: string[] = [];
    for (const [name, url] of hostile()) {
      const res = await request(t.http)
        .post('/v1/media')
        .set('soku-api-key', user.apiKey)
        .send({ url });
      expect([name, res.status]).toEqual([name, 400]);
      expect(['upload_failed', 'validation_error']).toContain(res.body.error.code);
      const message = String(res.body.error.message)
        .replaceAll(String(trap.port), 'PORT')
        .replaceAll(String(trap6.port), 'PORT6');
      outcomes.push(`${name}: ${res.body.error.code}: ${message}`);
    }
    expect(trap.connections()).toBe(0);
    expect(trap6.connections()).toBe(0);
    expect(outcomes.join('\n')).toMatchSnapshot();
  });

  it.each([
    [`http://rebind.test:PORT/x.png`, 'rebind.test resolves to 127.0.0.1, a loopback address'],
    [`http://0x7f000001:PORT/x.png`, '127.0.0.1 is a loopback address'],
    [`http://[::ffff:7f00:1]:PORT/x.png`, 'an IPv6 form of 127.0.0.1, a loopback address'],
    ['http://169.254.169.254/latest/', 'a cloud metadata service'],
    [`http://mixed.test:PORT/x.png`, 'mixed.test resolves to 127.0.0.1, a loopback address'],
  ])('should say why %s is refused', async (url, reason) => {
    const res = await request(t.http)
      .post('/v1/media')
      .set('soku-api-key', user.apiKey)
      .send({ url: url.replace('PORT', String(trap.port)) });
    expectEnvelope(res, 400, 'upload_failed');
    expect(res.body.error.message).toContain(reason);
    expect(trap.connections()).toBe(0);
  });

  it('should say when there were too many redirects', async () => {
    for (let i = 0; i < 7; i++) {
      origin.redirect(`/hop-${i}`, `/hop-${i + 1}`);
    }
    const res = await request(t.http)
      .post('/v1/media')
      .set('soku-api-key', user.apiKey)
      .send({ url: origin.url('/hop-0', 'origin.test') });
    expectEnvelope(res, 400, 'upload_failed');
    expect(res.body.error.message).toBe('Too many redirects: more than 5');
  });

  it('should still import from the allow-listed host, following a safe redirect', async () => {
    origin.redirect('/moved.png', '/ok.png', 301);
    const res = await request(t.http)
      .post('/v1/media')
      .set('soku-api-key', user.apiKey)
      .send({ url: origin.url('/moved.png', 'origin.test') });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ mimeType: 'image/png', width: 4, height: 4 });
    expect(trap.connections()).toBe(0);
  });
});
