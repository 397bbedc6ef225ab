import type { Page } from 'playwright-core';
import request from 'supertest';
import { describeInChromium } from '../../utils/browser';
import { solidPng } from '../../utils/png';
import { getPost, waitForPost } from '../../utils/posts';
import {
  accountLabel,
  type ComposerPage,
  composerText,
  openComposer,
  postsOf,
} from './composer-support';

/** What Chromium logs on purpose here: the answer the lost-answer case drops. */
const LOST_ANSWER = /ERR_CONNECTION_RESET|Failed to fetch/;

/** The composer sending posts: once per draft, scheduled, with media, from the keyboard. */
describeInChromium('Console composer in Chromium: sending', () => {
  let c: ComposerPage;
  let page: Page;
  const text = () => composerText(page);
  const target = (platform: string) => accountLabel(page, platform);

  beforeAll(async () => {
    c = await openComposer();
    page = c.page;
  });

  beforeEach(() => c.fresh());

  afterEach(() => expect(c.errors.filter((error) => !LOST_ANSWER.test(error))).toEqual([]));

  afterAll(() => c?.close());

  it('should publish a valid post with a picture to a sandbox account, once, and show it', async () => {
    const before = await postsOf(c);
    await target('x').locator('input').check();
    await text().fill('Hello from the composer');
    await page.locator('#composer-media-list img').first().waitFor();
    await page.locator('#composer-media-list input').first().check();
    await page.getByLabel('First comment (optional)').fill('A first comment');
    await page.getByRole('button', { name: 'Publish' }).dblclick();
    const created = page.getByRole('status').filter({ hasText: /^Post [0-9a-f-]{36} created\.$/ });
    await created.waitFor();
    const id = /Post ([0-9a-f-]{36})/.exec(await created.innerText())![1];
    // The composer opens the post's page, then the list shows the post.
    await page.waitForURL(`${c.baseUrl}/console#post/${id}`);
    await page.getByRole('heading', { name: /^Post: / }).waitFor();
    expect(await page.evaluate('document.activeElement.id')).toBe('post-title');
    await page.getByRole('link', { name: 'Back to the console' }).click();
    await page.locator(`#posts li[data-post-id="${id}"]`).waitFor();

    expect((await postsOf(c)).length).toBe(before.length + 1);
    const keys = c.postRequests.map((req) => req.headers()['idempotency-key']);
    expect(new Set(keys).size).toBe(1);
    const post = await waitForPost(c.t, c.user.apiKey, id);
    expect(post.outcome).toBe('succeeded');
    expect(post.runs.map((run) => run.accountId)).toEqual(['sandbox_x']);
    expect(await text().inputValue()).toBe('');
  });

  it('should resend with the same Idempotency-Key after a lost answer, so one post is made', async () => {
    const before = await postsOf(c);
    await target('x').locator('input').check();
    await text().fill('Sent once, though the first answer is lost');
    await page.route('**/v1/posts', async (route) => {
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('alert').waitFor();
    await page.unrouteAll();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: / created\.$/ })
      .waitFor();
    expect((await postsOf(c)).length).toBe(before.length + 1);
    const keys = c.postRequests.map((req) => req.headers()['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });

  it('should schedule at a local date and time, sent with its offset', async () => {
    await target('x').locator('input').check();
    await text().fill('Scheduled from the composer');
    await page.getByLabel('Schedule').check();
    expect(await page.locator('#composer-zone').innerText()).toBe(
      'your time, Europe/Paris, UTC+01:00',
    );
    await page.getByLabel(/^Date and time/).fill('2030-01-15T09:30');
    const sent = page.waitForRequest(
      (req) => req.method() === 'POST' && req.url().endsWith('/v1/posts'),
    );
    await page.getByRole('button', { name: 'Publish' }).click();
    expect((await sent).postDataJSON().scheduledTime).toBe('2030-01-15T09:30:00+01:00');
    const created = page.getByRole('status').filter({ hasText: / created\.$/ });
    const id = /Post ([0-9a-f-]{36})/.exec(await created.innerText())![1];
    const post = (await getPost(c.t, c.user.apiKey, id)) as unknown as { scheduledTime: string };
    expect(new Date(post.scheduledTime).toISOString()).toBe('2030-01-15T08:30:00.000Z');
  });

  it('should be written and sent from the keyboard alone, in order, focus always visible', async () => {
    await page.locator('#composer-accounts input[data-platform="x"]').focus();
    await page.keyboard.press('Space');
    const stops: string[] = [];
    while (stops.at(-1) !== 'composer-send') {
      await page.keyboard.press('Tab');
      stops.push(
        await page.evaluate(`(() => {
          const node = document.activeElement;
          const outline = getComputedStyle(node).outlineStyle;
          return (node.id || node.name || node.value) + (outline === 'none' ? ' (no outline)' : '');
        })()`),
      );
      if (stops.at(-1) === 'composer-text') {
        await page.keyboard.type('Written from the keyboard');
      }
    }
    // The next account (YouTube), the selected tab (one stop for the tab list), then the fields.
    expect(stops).toEqual([
      'target',
      'composer-tab-all',
      'composer-text',
      ...(await page
        .locator('#composer-media-list input')
        .evaluateAll((boxes) => boxes.map((box) => (box as { value: string }).value))),
      'composer-upload',
      'composer-add-part',
      'composer-fallback',
      'composer-first-comment',
      'when',
      'composer-send',
    ]);
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: / created\.$/ })
      .waitFor();
    expect(c.postRequests).toHaveLength(1);
    expect(c.postRequests[0].postDataJSON().post.content.text).toBe('Written from the keyboard');
  });

  it('should upload a picture from the composer, ticked for the post it then sends', async () => {
    await target('x').locator('input').check();
    await text().fill('With a picture uploaded just now');
    await page.getByLabel('Upload an image or a video').setInputFiles({
      name: 'blue.png',
      mimeType: 'image/png',
      buffer: solidPng(40, 30, [30, 60, 200]),
    });
    await page.getByRole('status').filter({ hasText: 'Uploaded blue.png.' }).waitFor();
    const library = await request(c.t.http)
      .get('/v1/media')
      .set('soku-api-key', c.user.apiKey)
      .expect(200);
    const uploaded = (library.body.data as { id: string; width: number }[]).find(
      (media) => media.width === 40,
    )!;
    const tile = page.locator(`#composer-media-list li[data-media-id="${uploaded.id}"]`);
    expect(await tile.locator('input').isChecked()).toBe(true);
    expect(
      await tile.locator('img').evaluate((img) => (img as { naturalWidth: number }).naturalWidth),
    ).toBe(40);
    const sent = page.waitForRequest(
      (req) => req.method() === 'POST' && req.url().endsWith('/v1/posts'),
    );
    await page.getByRole('button', { name: 'Publish' }).click();
    expect((await sent).postDataJSON().post.content.mediaIds).toEqual([uploaded.id]);
    await page
      .getByRole('status')
      .filter({ hasText: / created\.$/ })
      .waitFor();
  });
});
