import request from 'supertest';
import { createTestApp, type TestApp } from '../../utils/test-app';

const ADMIN_IP = '198.51.100.7';
/** A client on the LAN (10.0.0.7) claiming the admin IP, through the loopback reverse proxy. */
const FORGED_FROM_LAN = `${ADMIN_IP}, 10.0.0.7`;

/**
 * Which X-Forwarded-For is believed, seen through the admin-IP rate-limit tier (the tier named
 * in X-RateLimit-Tier). Every request here arrives from loopback, the reverse proxy's place.
 */
describe('SOKU_TRUST_PROXY', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function tierWith(trustProxy: string | undefined, forwardedFor: string): Promise<string> {
    t = await createTestApp({
      env: {
        SOKU_RATE_LIMIT_ADMIN_IPS: ADMIN_IP,
        ...(trustProxy === undefined ? {} : { SOKU_TRUST_PROXY: trustProxy }),
      },
    });
    const res = await request(t.http).get('/health').set('X-Forwarded-For', forwardedFor);
    expect(res.status).toBe(200);
    return res.headers['x-ratelimit-tier'];
  }

  it('should trust a loopback proxy by default', async () => {
    expect(await tierWith(undefined, ADMIN_IP)).toBe('admin');
  });

  it('should not let a LAN client behind the proxy pick its address by default', async () => {
    expect(await tierWith(undefined, FORGED_FROM_LAN)).toBe('default');
  });

  it("should trust the ranges an operator lists, in Express's syntax", async () => {
    expect(await tierWith('loopback, 10.0.0.0/8', FORGED_FROM_LAN)).toBe('admin');
  });

  it('should believe no X-Forwarded-For with false', async () => {
    expect(await tierWith('false', ADMIN_IP)).toBe('default');
  });
});
