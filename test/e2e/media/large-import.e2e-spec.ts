import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { createUser, type TestUser } from '../../utils/identity';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { startMediaOrigin, type MediaOrigin } from '../../fakes/media-origin';
import { mp4, mp4Stream } from '../../fakes/media-samples';
import { startFakeS3, type FakeS3 } from '../../fakes/s3-server';

const GIB = 1024 ** 3;
const MAX_RSS_GROWTH = 64 * 1024 * 1024;

/**
 * A 1 GiB import streams through: the process's resident memory may not grow by 64 MB while it
 * runs, whichever storage receives the bytes. (A memory bound, never a timing one.)
 */
describe.each(['local', 's3'] as const)('importing 1 GiB into %s storage', (driver) => {
  let t: TestApp;
  let origin: MediaOrigin;
  let s3: FakeS3 | undefined;
  let user: TestUser;

  beforeAll(async () => {
    origin = await startMediaOrigin();
    s3 = driver === 's3' ? await startFakeS3() : undefined;
    t = await createTestApp({ env: { ...(s3?.env ?? {}), SOKU_MEDIA_ALLOWED_HOSTS: '127.0.0.1' } });
    user = await createUser(t);
    origin.serveStream('/huge.mp4', () => mp4Stream(GIB, 90), GIB);
    origin.serve('/warm.mp4', mp4(1));
  });

  afterAll(async () => {
    await t.close();
    await Promise.all([origin.close(), s3?.stop()]);
  });

  it('should keep RSS growth under 64 MB and store every byte', async () => {
    // Warm every code path first so the baseline includes loaded modules and pools.
    await request(t.http)
      .post('/v1/media')
      .set('soku-api-key', user.apiKey)
      .send({ url: origin.url('/warm.mp4') })
      .expect(201);
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
    try {
      const res = await request(t.http)
        .post('/v1/media')
        .set('soku-api-key', user.apiKey)
        .send({ url: origin.url('/huge.mp4') });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ mimeType: 'video/mp4', size: GIB, durationSeconds: 90 });
      const key = `${res.body.id}.mp4`;
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
      `\n[${driver}] 1 GiB import: RSS growth ${(growth / 1024 / 1024).toFixed(1)} MB\n`,
    );
    expect(growth).toBeLessThan(MAX_RSS_GROWTH);
  }, 300_000);
});
