import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { seriousAxeViolations } from '../../utils/axe';
import {
  collectPageErrors,
  describeInChromium,
  launchChromium,
  OVERFLOW_REPORT,
  screenshot,
} from '../../utils/browser';
import { createUser, type TestUser } from '../../utils/identity';
import { freePort } from '../../utils/soku-process';
import { createTestApp, type TestApp } from '../../utils/test-app';

const STALE_NOTICE = 'The profile chosen before no longer exists: showing the default profile.';

/** The console's profile switcher, in Chromium: every call in the chosen profile. */
describeInChromium('Console profile switcher in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let baseUrl: string;
  let user: TestUser;
  let acme: string;
  const posted = { default: '', acme: '' };

  /** A call of the user's, in `profile` (the default one when omitted). */
  const call = (method: 'get' | 'post' | 'delete', path: string, profile?: string) => {
    const test = request(t.http)[method](path).set('soku-api-key', user.apiKey);
    return profile ? test.set('soku-profile', profile) : test;
  };
  const createProfile = async (name: string) =>
    (await call('post', '/v1/profiles').send({ name }).expect(201)).body.id as string;
  const post = async (text: string, platform: string, profile?: string) =>
    (
      await call('post', '/v1/posts', profile)
        .send({ post: { content: { text, platform: [platform] } } })
        .expect(201)
    ).body.postSubmissionId as string;

  const postsShown = () =>
    page
      .locator('#posts-list > li')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-post-id')));
  const switchTo = async (name: string) => {
    await page.getByLabel('Profile', { exact: true }).selectOption({ label: name });
    await page.getByRole('button', { name: 'Switch' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Now in profile ${name}.` })
      .waitFor();
  };

  beforeAll(async () => {
    browser = await launchChromium();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    t = await createTestApp({ env: { SOKU_PUBLIC_URL: baseUrl } });
    await t.app.listen(port, '127.0.0.1');
    user = await createUser(t);
    acme = await createProfile('Acme');
    await createProfile('Globex');
    await call('post', '/v1/integrations/sandbox')
      .send({ platforms: ['x'] })
      .expect(201);
    await call('post', '/v1/integrations/sandbox', acme)
      .send({ platforms: ['threads'] })
      .expect(201);
    posted.default = await post('Default news', 'x');
    posted.acme = await post('Acme launch', 'threads', acme);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    errors = collectPageErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signIn = async (on: Page, apiKey: string, idToken = '') => {
    await on.goto(`${baseUrl}/console`);
    await on.getByLabel('API key', { exact: true }).fill(apiKey);
    await on.getByLabel('ID token', { exact: true }).fill(idToken);
    await on.getByRole('button', { name: 'Sign in' }).click();
    await on.getByRole('status').filter({ hasText: 'Signed in.' }).waitFor();
  };

  it('should list every profile, page by page', async () => {
    // Its own page: routing turns the browser's cache off, and every load would count against
    // the anonymous rate limit. One profile a page proves the console follows nextCursor.
    const paging = await browser.newPage();
    await paging.route(
      (url) => url.pathname === '/v1/profiles',
      (route) => route.continue({ url: route.request().url().replace('limit=100', 'limit=1') }),
    );
    await signIn(paging, user.apiKey);
    const choice = paging.getByLabel('Profile', { exact: true });
    await choice.locator('option').nth(2).waitFor({ state: 'attached' });
    expect(await choice.locator('option').allInnerTexts()).toEqual(['Globex', 'Acme', 'Default']);
    await paging.close();
  });

  it('should start in the default profile, sending no Soku-Profile', async () => {
    const calls: (string | undefined)[] = [];
    page.on('request', (req) => {
      if (req.url().includes('/v1/posts')) {
        calls.push(req.headers()['soku-profile']);
      }
    });
    await signIn(page, user.apiKey, user.idToken);
    await page.locator(`li[data-post-id="${posted.default}"]`).waitFor();

    const choice = page.getByLabel('Profile', { exact: true });
    expect(await choice.locator('option').allInnerTexts()).toEqual(['Globex', 'Acme', 'Default']);
    expect(await choice.evaluate((select) => select.selectedOptions[0].textContent)).toBe(
      'Default',
    );
    expect(await postsShown()).toEqual([posted.default]);
    const accounts = page.getByRole('region', { name: 'Connected accounts' });
    await accounts.getByRole('cell', { name: 'sandbox_x', exact: true }).waitFor();
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((header) => header === undefined)).toBe(true);
    page.removeAllListeners('request');
  });

  it("should switch from the keyboard to a profile and show that profile's posts and accounts only", async () => {
    const sent = page.waitForRequest((req) => req.url().includes('/v1/posts?'));
    await page.getByLabel('Profile', { exact: true }).focus();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Now in profile Acme.' }).waitFor();
    expect((await sent).headers()['soku-profile']).toBe(acme);
    await page.locator(`li[data-post-id="${posted.acme}"]`).waitFor();
    expect(await postsShown()).toEqual([posted.acme]);
    const accounts = page.getByRole('region', { name: 'Connected accounts' });
    await accounts.getByRole('cell', { name: 'sandbox_threads', exact: true }).waitFor();
    expect(await accounts.getByRole('cell', { name: 'sandbox_x', exact: true }).count()).toBe(0);
    await screenshot(page, 'console-profiles-acme');

    await switchTo('Default');
    await page.locator(`li[data-post-id="${posted.default}"]`).waitFor();
    expect(await postsShown()).toEqual([posted.default]);
  });

  it('should keep the chosen profile across a reload of the page', async () => {
    await switchTo('Acme');
    await page.reload();
    await page.locator(`li[data-post-id="${posted.acme}"]`).waitFor();
    expect(await postsShown()).toEqual([posted.acme]);
    expect(await page.getByLabel('Profile', { exact: true }).inputValue()).toBe(acme);
  });

  it('should fall back to the default profile, with a notice, when the chosen one is deleted', async () => {
    await call('delete', `/v1/profiles/${acme}?force=true`).expect(200);
    await page.reload();
    await page.locator('#profile-notice').filter({ hasText: STALE_NOTICE }).waitFor();
    await page.locator(`li[data-post-id="${posted.default}"]`).waitFor();
    expect(await postsShown()).toEqual([posted.default]);
    expect(await page.getByRole('alert').isVisible()).toBe(false);
    expect(
      await page.getByLabel('Profile', { exact: true }).locator('option').allInnerTexts(),
    ).toEqual(['Globex', 'Default']);

    // Deleted while in use, between two loads: the next call falls back the same way.
    await switchTo('Globex');
    const globex = await page.getByLabel('Profile', { exact: true }).inputValue();
    expect(await page.locator('#profile-notice').innerText()).toBe('');
    await call('delete', `/v1/profiles/${globex}`).expect(200);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.locator('#profile-notice').filter({ hasText: STALE_NOTICE }).waitFor();
    await page.locator(`li[data-post-id="${posted.default}"]`).waitFor();
    expect(await page.getByRole('alert').isVisible()).toBe(false);
    // The two 404s that told the console its profile was gone, and nothing else.
    expect(errors).toEqual([
      expect.stringContaining('status of 404'),
      expect.stringContaining('status of 404'),
    ]);
    errors.length = 0;
  });

  it('should create a profile from the console and offer it in the switcher', async () => {
    await page.getByLabel('New profile name').fill('Initech');
    await page.getByRole('button', { name: 'Create profile' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Created profile Initech/ })
      .waitFor();
    const choice = page.getByLabel('Profile', { exact: true });
    expect(await choice.locator('option').allInnerTexts()).toEqual(['Initech', 'Default']);
    await switchTo('Initech');
    expect(await page.locator('#posts-list > li').allInnerTexts()).toEqual(['No posts yet.']);
  });

  it('should have no serious accessibility problems and fit at 1280 and 390 px', async () => {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await seriousAxeViolations(page, 'body')).toEqual([]);
      expect(await page.evaluate(OVERFLOW_REPORT)).toEqual({ page: 0, cutOff: [] });
      await screenshot(page, `console-profiles-${width}`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("should show a bound key's one profile, with no choices and no way to make more", async () => {
    const initech = await page.getByLabel('Profile', { exact: true }).inputValue();
    const bound = await request(t.http)
      .post('/v1/api-keys')
      .set('Authorization', `Bearer ${user.idToken}`)
      .send({ name: 'Initech only', profileId: initech })
      .expect(201);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key', { exact: true }).fill(bound.body.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#profile-only').filter({ hasText: 'Profile: Initech' }).waitFor();
    expect(await page.getByLabel('Profile', { exact: true }).isVisible()).toBe(false);
    expect(await page.getByLabel('New profile name').isVisible()).toBe(false);
    await page.getByText('This API key acts in its one profile only.').waitFor();
    expect(await seriousAxeViolations(page, 'body')).toEqual([]);
    await screenshot(page, 'console-profiles-bound');
    expect(errors).toEqual([]);
  });
});
