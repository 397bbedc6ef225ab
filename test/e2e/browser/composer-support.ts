import type { Browser, Page, Request } from 'playwright-core';
import request from 'supertest';
import { defaultScope } from '../../../src/common/auth/route-auth';
import { IntegrationsService } from '../../../src/modules/integrations/integrations.service';
import { collectPageErrors, launchChromium } from '../../utils/browser';
import { createUser, type TestUser } from '../../utils/identity';
import { solidPng } from '../../utils/png';
import { freePort } from '../../utils/soku-process';
import { createTestApp, type TestApp } from '../../utils/test-app';

/** A signed-in console in Chromium, on the eight sandbox accounts and one picture. */
export interface ComposerPage {
  t: TestApp;
  page: Page;
  baseUrl: string;
  user: TestUser;
  /** Page and console errors since the page opened. */
  errors: string[];
  /** The POST /v1/posts requests since the last fresh(). */
  postRequests: Request[];
  /** A fresh page (the key stays in the tab's session storage). */
  fresh(): Promise<void>;
  close(): Promise<void>;
}

async function uploadPicture(t: TestApp, user: TestUser): Promise<void> {
  const png = solidPng(64, 48, [200, 40, 40]);
  const ticket = await request(t.http)
    .post('/v1/media/uploads')
    .set('soku-api-key', user.apiKey)
    .send({ filename: 'red.png', mimeType: 'image/png', size: png.length })
    .expect(201);
  // To wherever the storage issued the URL: this server, or the S3 store.
  const put = await fetch(ticket.body.uploadUrl, {
    method: ticket.body.method,
    headers: ticket.body.headers,
    body: new Uint8Array(png),
  });
  expect(put.status).toBeLessThan(300);
  await request(t.http)
    .post(`/v1/media/uploads/${ticket.body.mediaId}/complete`)
    .set('soku-api-key', user.apiKey)
    .expect(201);
}

/** `env` adds to the app's environment (another media storage, say). */
export async function openComposer(env: Record<string, string> = {}): Promise<ComposerPage> {
  const browser: Browser = await launchChromium();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const t = await createTestApp({
    env: {
      SOKU_PUBLIC_URL: baseUrl,
      // A fresh page per case is a dozen files each, past what the anonymous tier allows in a
      // minute; the admin tier keeps the limiter in the path with room for them.
      SOKU_RATE_LIMIT_ADMIN_IPS: '127.0.0.1',
      ...env,
    },
  });
  await t.app.listen(port, '127.0.0.1');
  const user = await createUser(t);
  await t.app.get(IntegrationsService).createSandboxAccounts(defaultScope(user.userId));
  // A picture in the library before the page opens, uploaded like any client would.
  await uploadPicture(t, user);

  const page = await browser.newPage({
    viewport: { width: 1280, height: 900 },
    timezoneId: 'Europe/Paris',
  });
  const errors = collectPageErrors(page);
  const postRequests: Request[] = [];
  page.on('request', (req) => {
    if (req.method() === 'POST' && new URL(req.url()).pathname === '/v1/posts') {
      postRequests.push(req);
    }
  });
  await page.goto(`${baseUrl}/console`);
  await page.getByLabel('API key', { exact: true }).fill(user.apiKey);
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: 'Signed in.' }).waitFor();

  return {
    t,
    page,
    baseUrl,
    user,
    errors,
    postRequests,
    async fresh() {
      postRequests.length = 0;
      await page.goto(`${baseUrl}/console`);
      await accountLabel(page, 'x').waitFor();
    },
    async close() {
      await browser.close();
      await t.close();
    },
  };
}

/** The label of the account of that platform among the composer's targets. */
export const accountLabel = (page: Page, platform: string) =>
  page
    .locator('#composer-accounts label')
    .filter({ has: page.locator(`input[data-platform="${platform}"]`) });

/** The composer's main text area. */
export const composerText = (page: Page) => page.getByLabel('Text', { exact: true });

/** The caller's posts through the API, newest first. */
export const postsOf = (c: ComposerPage) =>
  request(c.t.http)
    .get('/v1/posts?limit=50')
    .set('soku-api-key', c.user.apiKey)
    .expect(200)
    .then((res) => res.body.data as { id: string }[]);
