import * as fs from 'node:fs';
import * as path from 'node:path';
import { createUser, type TestUser } from '../../utils/identity';
import {
  killStray,
  spawnSoku,
  type SokuProcess,
  waitHealthy,
  sharingTestDatabase,
} from '../../utils/soku-process';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { startMediaOrigin, type MediaOrigin } from '../../fakes/media-origin';
import { mp4, mp4Stream } from '../../fakes/media-samples';
import { startFakeS3, type FakeS3 } from '../../fakes/s3-server';

const GIB = 1024 ** 3;
const MAX_RSS_GROWTH = 64 * 1024 * 1024;

/**
 * A 1 GiB import streams through: the Soku server's resident memory may not grow by 64 MB while
 * it runs, whichever storage receives the bytes. Soku runs as its own process (what `npm start`
 * runs) so the figure is Soku's alone: the origin and the test runner live in this process.
 * (A memory bound, never a timing one.)
 */
describe.each(['local', 's3'] as const)('importing 1 GiB into %s storage', (driver) => {
  let t: TestApp;
  let soku: SokuProcess;
  let origin: MediaOrigin;
  let s3: FakeS3 | undefined;
  let user: TestUser;

  beforeAll(async () => {
    origin = await startMediaOrigin();
    s3 = driver === 's3' ? await startFakeS3() : undefined;
    const env = { ...(s3?.env ?? {}), SOKU_MEDIA_ALLOWED_HOSTS: '127.0.0.1' };
    // This app only seeds the user: the spawned server answers every request.
    t = await createTestApp({ env: { ...env, SOKU_ROLE: 'api' } });
    user = await createUser(t);
    soku = await spawnSoku({
      ...env,
      ...sharingTestDatabase(t.config.app.dataDir),
      SOKU_ROLE: 'api',
      SOKU_RATE_LIMIT_ENABLED: 'false',
      LOG_LEVEL: 'warn',
    });
    await waitHealthy(soku);
    origin.serveStream('/huge.mp4', () => mp4Stream(GIB, 90), GIB);
    origin.serve('/warm.mp4', mp4(1));
  }, 120_000);

  afterAll(async () => {
    killStray();
    await t.close();
    await Promise.all([origin.close(), s3?.stop()]);
  });

  function importMedia(url: string): Promise<Response> {
    return fetch(`http://127.0.0.1:${soku.port}/v1/media`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'soku-api-key': user.apiKey },
      body: JSON.stringify({ url }),
    });
  }

  it('should keep RSS growth under 64 MB and store every byte', async () => {
    // Warm every code path first so the baseline includes loaded modules and pools.
    expect((await importMedia(origin.url('/warm.mp4'))).status).toBe(201);
    const pid = soku.child.pid!;
    const baseline = residentBytes(pid);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, residentBytes(pid))), 10);
    try {
      const res = await importMedia(origin.url('/huge.mp4'));
      const body = (await res.json()) as { id: string };
      expect(res.status).toBe(201);
      expect(body).toMatchObject({ mimeType: 'video/mp4', size: GIB, durationSeconds: 90 });
      const key = `${body.id}.mp4`;
      if (s3) {
        expect(s3.keys()).toContain(key);
      } else {
        expect(fs.statSync(path.join(t.config.app.dataDir, 'media', key)).size).toBe(GIB);
      }
    } finally {
      clearInterval(sampler);
    }
    const growth = peak - baseline;
    process.stdout.write(
      `\n[${driver}] 1 GiB import: Soku's RSS grew ${(growth / 1024 / 1024).toFixed(1)} MB\n`,
    );
    expect(growth).toBeLessThan(MAX_RSS_GROWTH);
  }, 300_000);
});

/** The process's resident set size, from /proc (Linux). */
function residentBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  return kb ? Number(kb[1]) * 1024 : 0;
}
