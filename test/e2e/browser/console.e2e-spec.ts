import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { defaultScope } from '../../../src/common/auth/route-auth';
import { CreditsService } from '../../../src/modules/credits/credits.service';
import { IntegrationsService } from '../../../src/modules/integrations/integrations.service';
import { FakeOAuthPlatform } from '../../fakes/oauth-platform';
import {
  collectPageErrors,
  describeInChromium,
  launchChromium,
  OVERFLOW_REPORT,
  screenshot,
} from '../../utils/browser';
import { createUser, type TestUser } from '../../utils/identity';
import { waitForPost } from '../../utils/posts';
import { freePort } from '../../utils/soku-process';
import { createTestApp, type TestApp } from '../../utils/test-app';
import { INTEGRATIONS_TEST_ENV } from '../integrations/integrations-support';

/** The console at /console in a real Chromium, signed in with an API key and an ID token. */
describeInChromium('Console in Chromium', () => {
  let t: TestApp;
  let oauth: FakeOAuthPlatform;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let baseUrl: string;
  let user: TestUser;
  let postId: string;

  beforeAll(async () => {
    browser = await launchChromium();
    oauth = await new FakeOAuthPlatform().start();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    t = await createTestApp({
      env: {
        ...INTEGRATIONS_TEST_ENV,
        ...oauth.env('x'),
        SOKU_PUBLIC_URL: baseUrl,
        // Back to the console after a connect, as the README suggests.
        SOKU_INTEGRATIONS_REDIRECT_URL: `${baseUrl}/console`,
        // The threads run fails on purpose (#sandbox-fail:threads); its retries come quickly.
        SOKU_RETRY_BASE_MS: '20',
      },
    });
    await t.app.listen(port, '127.0.0.1');
    user = await createUser(t);
    await t.app.get(IntegrationsService).createSandboxAccounts(defaultScope(user.userId));
    await t.app.get(CreditsService).grant(user.userId, 42, 'console e2e');
    const created = await request(t.http)
      .post('/v1/posts')
      .set('soku-api-key', user.apiKey)
      .send({
        post: {
          content: {
            text: 'Hello from the console suite #sandbox-fail:threads',
            platform: ['x', 'threads'],
          },
        },
      })
      .expect(201);
    postId = created.body.postSubmissionId;
    await waitForPost(t, user.apiKey, postId);
    page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    errors = collectPageErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await oauth?.stop();
  });

  it('should be served as static files under a strict CSP', async () => {
    const res = await request(t.http).get('/console').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.text).not.toMatch(/<script>|on(click|submit|load)=/);
    await request(t.http)
      .get('/console/console.js')
      .expect('Content-Type', /javascript/);
    await request(t.http).get('/console/nope.js').expect(404);
  });

  it('should sign in from the keyboard and show accounts, the post and its runs, and credits', async () => {
    await page.goto(`${baseUrl}/console`);
    await page.getByLabel('API key', { exact: true }).focus();
    await page.keyboard.type(user.apiKey);
    await page.keyboard.press('Tab');
    await page.keyboard.insertText(user.idToken);
    await page.keyboard.press('Enter');

    await page.getByRole('status').filter({ hasText: 'Signed in.' }).waitFor();
    const accounts = page.getByRole('region', { name: 'Connected accounts' });
    await accounts.getByRole('cell', { name: 'sandbox_x', exact: true }).waitFor();
    expect(await accounts.getByRole('row').count()).toBe(1 + 8);
    await page.locator('#credit-balance').filter({ hasText: /^42$/ }).waitFor();

    const post = page.locator(`li[data-post-id="${postId}"]`);
    await post.waitFor();
    // The outcome first, in words, and not the pipeline's stage ("dispatched").
    expect(await post.innerText()).toMatch(/^Partly published on 1 of 2 platforms · /);
    expect(await post.innerText()).not.toContain('dispatched');
    expect(await post.getByRole('listitem').allInnerTexts()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^x · sandbox_x: published · View post/),
        expect.stringMatching(
          /^threads · sandbox_threads: failed\nsandbox_failure: Sandbox failure requested/,
        ),
      ]),
    );
    expect(await post.getByRole('link', { name: 'View post' }).count()).toBe(1);
    await screenshot(page, 'console-signed-in');
  });

  it('should retry the failed platform of a post through POST /v1/posts/:id/retry', async () => {
    const post = page.locator(`li[data-post-id="${postId}"]`);
    const retried = page.waitForResponse(
      (res) => res.request().method() === 'POST' && res.url().endsWith(`/v1/posts/${postId}/retry`),
    );
    await post.getByRole('button', { name: 'Retry threads' }).click();
    expect((await retried).status()).toBe(200);
    await page.getByRole('status').filter({ hasText: 'Retrying threads.' }).waitFor();
    // Succeeded runs are left alone, so there is nothing to retry on a published post.
    expect(await page.getByRole('button', { name: /^Retry x/ }).count()).toBe(0);
  });

  it('should page through posts beyond the first ten', async () => {
    for (let n = 1; n <= 11; n++) {
      await request(t.http)
        .post('/v1/posts')
        .set('soku-api-key', user.apiKey)
        .send({ post: { content: { text: `Paging post ${n}`, platform: ['x'] } } })
        .expect(201);
    }
    const posts = page.getByRole('region', { name: 'Recent posts' });
    await posts.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('status').filter({ hasText: 'Posts refreshed.' }).waitFor();
    const items = page.locator('#posts-list > li');
    expect(await items.count()).toBe(10);
    await posts.getByRole('button', { name: 'Show older posts' }).click();
    await page.getByRole('status').filter({ hasText: 'Showing 2 older posts.' }).waitFor();
    expect(await items.count()).toBe(12);
    expect(await page.locator(`li[data-post-id="${postId}"]`).count()).toBe(1);
    expect(await posts.getByRole('button', { name: 'Show older posts' }).isVisible()).toBe(false);
  });

  it('should create a key that works, then revoke it', async () => {
    const keys = page.getByRole('region', { name: 'API keys' });
    await keys.getByLabel('New key name').fill('From the console');
    await keys.getByRole('button', { name: 'Create key' }).click();
    const shown = page.locator('#new-key-value').filter({ hasText: /^sk_live_/ });
    await shown.waitFor();
    const apiKey = await shown.innerText();
    const row = keys.getByRole('row').filter({ hasText: 'From the console' });
    await row.filter({ hasText: 'Active' }).waitFor();
    await request(t.http).get('/v1/credits').set('soku-api-key', apiKey).expect(200);
    await screenshot(page, 'console-key-created');

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Revoke From the console' }).click();
    await row.filter({ hasText: 'Revoked' }).waitFor();
    await request(t.http).get('/v1/credits').set('soku-api-key', apiKey).expect(401);
    await screenshot(page, 'console-key-revoked');
  });

  it('should connect a platform through its OAuth flow and come back to the console', async () => {
    const accounts = page.getByRole('region', { name: 'Connected accounts' });
    await accounts.getByLabel('Connect a platform').selectOption('x');
    await accounts.getByRole('button', { name: 'Connect' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Connected x: / })
      .waitFor();
    expect(new URL(page.url()).search).toBe('');
    // The header row, the eight sandbox accounts and the one just connected.
    await accounts.getByRole('row').nth(9).waitFor();
    expect(await accounts.getByRole('row').count()).toBe(10);
    await screenshot(page, 'console-connected');
    expect(errors).toEqual([]);
  });

  it('should fit a 390 px phone: no sideways overflow, every status whole', async () => {
    // Every post on screen, the partly published one with its retry button among them.
    await page.getByRole('button', { name: 'Show older posts' }).click();
    await page.locator(`li[data-post-id="${postId}"]`).waitFor();
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, 'console-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    const accounts = page.getByRole('region', { name: 'Connected accounts' });
    // Restyled as labelled blocks, the table keeps its rows and cells for assistive technology.
    expect(await accounts.getByRole('row').count()).toBe(10);
    await accounts.getByRole('cell', { name: 'sandbox_x', exact: true }).waitFor();
    const overflow = await page.evaluate(OVERFLOW_REPORT);
    expect(overflow).toEqual({ page: 0, cutOff: [] });
    const statuses = await page.locator('#accounts-body td[data-label="Status"]').allInnerTexts();
    expect(statuses).toHaveLength(9);
    expect(statuses.every((status) => /^(connected|needs_reauth)$/.test(status))).toBe(true);
    await screenshot(page, 'console-390');
    expect(errors).toEqual([]);
  });
});
