import type { IncomingMessage } from 'node:http';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { collectPageErrors, describeInChromium, launchChromium } from '../../utils/browser';
import { freePort } from '../../utils/soku-process';
import { createTestApp, type TestApp } from '../../utils/test-app';

/**
 * The console's files count against the anonymous per-IP rate limit like any request: a page that
 * fetched its dozen scripts on every load was refused (429) by the third load in a minute. The
 * page names each file with the release's version, and the browser keeps them.
 */
describeInChromium('Console files are cached by the browser', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  const fetched: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    t = await createTestApp({ env: { SOKU_PUBLIC_URL: baseUrl } });
    await t.app.listen(port, '127.0.0.1');
    t.app.getHttpServer().on('request', (req: IncomingMessage) => fetched.push(req.url ?? ''));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('should load the page again and again without fetching its files again', async () => {
    const page = await browser.newPage();
    const errors = collectPageErrors(page);
    for (let load = 0; load < 6; load++) {
      const res = await page.goto(`${baseUrl}/console`);
      expect(res?.status()).toBe(200);
      await page.getByLabel('API key', { exact: true }).waitFor();
    }
    const files = fetched.filter((url) => /^\/console\/[\w.-]+\?v=/.test(url));
    expect(files.length).toBeGreaterThan(10);
    expect(new Set(files).size).toBe(files.length);
    expect(fetched.filter((url) => url === '/console')).toHaveLength(6);
    expect(errors).toEqual([]);
  });

  it('should let a file named with another version be revalidated, not kept', async () => {
    const page = await request(t.http).get('/console').expect(200);
    const [, version] = /console\.js\?v=([0-9a-f]+)/.exec(page.text)!;
    const kept = await request(t.http).get(`/console/console.js?v=${version}`).expect(200);
    expect(kept.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const stale = await request(t.http).get('/console/console.js?v=0123456789abcdef').expect(200);
    expect(stale.headers['cache-control']).toBe('no-cache');
    expect(page.headers['cache-control']).toBe('no-cache');
  });
});
