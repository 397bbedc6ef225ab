import * as net from 'node:net';
import request from 'supertest';
import { expectEnvelope } from '../../utils/assertions';
import { createTestApp, FAIL_FAST_REDIS } from '../../utils/test-app';

const describeWithRedis = process.env.REDIS_URL ? describe : describe.skip;

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('GET /health/ready', () => {
  it('should be ready with the database up and Redis not configured', async () => {
    const t = await createTestApp();
    try {
      const res = await request(t.http).get('/health/ready').expect(200);
      expect(res.body).toEqual({
        status: 'ok',
        checks: {
          database: 'up',
          redis: 'disabled',
          workers: expect.stringMatching(/^(up|starting)$/),
        },
      });
    } finally {
      await t.close();
    }
  });

  it('should name a pinned API version within 60 days of its sunset, and stay ready', async () => {
    // LinkedIn keeps a version twelve months: the one released eleven months ago ends next month.
    const now = new Date();
    const released = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1));
    const version = released.toISOString().slice(0, 7).replace('-', '');
    const t = await createTestApp({ env: { SOKU_LINKEDIN_VERSION: version } });
    try {
      const res = await request(t.http).get('/health/ready').expect(200);
      expect(res.body.status).toBe('ok');
      expect(res.body.apiVersions).toEqual([
        {
          setting: 'SOKU_LINKEDIN_VERSION',
          version,
          sunsetAt: expect.stringMatching(/^\d{4}-\d{2}-01$/),
          daysLeft: expect.any(Number),
          message: expect.stringContaining(`LinkedIn API version ${version}`),
        },
      ]);
      expect(res.body.apiVersions[0].daysLeft).toBeLessThanOrEqual(31);
    } finally {
      await t.close();
    }
  });

  it('should answer 503 in the envelope when the database is down', async () => {
    const t = await createTestApp();
    try {
      await t.dataSource.destroy();
      const res = await request(t.http).get('/health/ready');
      expectEnvelope(res, 503, 'service_unavailable');
      expect(res.body.error.details).toMatchObject({ database: 'down', redis: 'disabled' });
    } finally {
      await t.app.close();
    }
  });

  it('should answer 503 promptly when the configured Redis does not answer', async () => {
    const t = await createTestApp({
      env: { REDIS_URL: `redis://127.0.0.1:${await closedPort()}`, ...FAIL_FAST_REDIS },
    });
    try {
      const res = await request(t.http).get('/health/ready');
      expectEnvelope(res, 503, 'service_unavailable');
      expect(res.body.error.details).toEqual({ database: 'up', redis: 'down', workers: 'down' });
    } finally {
      await t.close();
    }
  });
});

describeWithRedis('GET /health/ready with Redis', () => {
  it('should report whether workers consume jobs, and keep an API process ready without them', async () => {
    const env = {
      REDIS_URL: process.env.REDIS_URL,
      SOKU_QUEUE_PREFIX: `h${Date.now()}`,
      SOKU_WORKER_HEARTBEAT_MS: '100',
    };
    const api = await createTestApp({ env: { ...env, SOKU_ROLE: 'api' } });
    try {
      const alone = await request(api.http).get('/health/ready').expect(200);
      expect(alone.body.checks.workers).toBe('down');
      const worker = await createTestApp({ env: { ...env, SOKU_ROLE: 'worker' } });
      try {
        let workers = 'down';
        for (let i = 0; i < 100 && workers !== 'up'; i++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          workers = (await request(api.http).get('/health/ready').expect(200)).body.checks.workers;
        }
        expect(workers).toBe('up');
      } finally {
        await worker.close();
      }
    } finally {
      await api.close();
    }
  });

  it('should report Redis up', async () => {
    const t = await createTestApp({ env: { REDIS_URL: process.env.REDIS_URL } });
    try {
      const res = await request(t.http).get('/health/ready').expect(200);
      expect(res.body.checks).toMatchObject({ database: 'up', redis: 'up' });
    } finally {
      await t.close();
    }
  });
});
