import { randomBytes, randomUUID } from 'node:crypto';
import { createUser } from '../../utils/identity';
import {
  killStray,
  sharingTestDatabase,
  type SokuProcess,
  spawnSoku,
  waitHealthy,
} from '../../utils/soku-process';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { waitFor } from '../../utils/wait';

/**
 * The built server's own log, captured from its stdout: no credential a URL carried, nor any
 * API key wherever it appeared, is written; paths and harmless parameters still are.
 */
describe('the access log', () => {
  let t: TestApp;
  let soku: SokuProcess;
  const metricsToken = `metrics-${randomBytes(12).toString('hex')}`;

  beforeAll(async () => {
    t = await createTestApp({ env: { SOKU_ROLE: 'api' } });
    soku = await spawnSoku({
      ...sharingTestDatabase(t.config.app.dataDir),
      SOKU_ROLE: 'api',
      SOKU_METRICS_TOKEN: metricsToken,
    });
    await waitHealthy(soku);
  }, 90_000);

  afterAll(async () => {
    killStray();
    await t?.close();
  });

  async function get(path: string, headers: Record<string, string> = {}): Promise<number> {
    const res = await fetch(`http://127.0.0.1:${soku.port}${path}`, { headers });
    await res.arrayBuffer();
    return res.status;
  }

  /** Access-log lines (JSON) written so far. */
  function accessLines(): { path: string; query?: string }[] {
    return soku
      .output()
      .split('\n')
      .filter((line) => line.includes('"request completed"'))
      .map((line) => JSON.parse(line) as { path: string; query?: string });
  }

  it('should log paths with credential query values redacted and no API key anywhere', async () => {
    const { apiKey } = await createUser(t);
    const signature = randomBytes(32).toString('hex');
    const code = randomBytes(16).toString('hex');

    await get(`/v1/posts?soku-api-key=${apiKey}&limit=5`);
    await get(`/v1/posts?limit=7&note=${apiKey}`, { 'soku-api-key': apiKey });
    await get(`/v1/posts/${apiKey}`, { 'soku-api-key': apiKey });
    await get(`/media/upload-${randomUUID()}?expires=9999999999&signature=${signature}`);
    await get(`/metrics?token=${metricsToken}`);
    await get(`/v1/integrations/x/callback?code=${code}&state=${code}`);
    await get('/health?probe=1');
    // A line is written once its response has finished: wait for the last one to be piped.
    await waitFor(
      'the last access-log line',
      () => Promise.resolve(accessLines()),
      (lines) => lines.some((line) => line.query === 'probe=1'),
    );

    const log = soku.output();
    for (const secret of [apiKey, apiKey.slice('sk_live_'.length), signature, metricsToken, code]) {
      expect(log).not.toContain(secret);
    }
    const lines = accessLines();
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/v1/posts', query: 'soku-api-key=REDACTED&limit=5' }),
        expect.objectContaining({ path: '/v1/posts', query: 'limit=7&note=sk_live_REDACTED' }),
        expect.objectContaining({ path: '/v1/posts/sk_live_REDACTED' }),
        expect.objectContaining({ query: 'expires=9999999999&signature=REDACTED' }),
        expect.objectContaining({ path: '/metrics', query: 'token=REDACTED' }),
        expect.objectContaining({ query: 'code=REDACTED&state=REDACTED' }),
        expect.objectContaining({ path: '/health', query: 'probe=1' }),
      ]),
    );
    expect(lines.every((line) => !('url' in line))).toBe(true);
  }, 60_000);
});
