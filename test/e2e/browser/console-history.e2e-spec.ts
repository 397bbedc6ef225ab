import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { addAccount } from '../../utils/accounts';
import { seriousAxeViolations } from '../../utils/axe';
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

const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
/** Text as innerText gives it, every run of white space (a narrow no-break one too) as one space. */
const flat = (text: string) => text.replace(/\s+/g, ' ').trim();
/** A time as the page shows it: the page runs in en-US, in UTC. */
const shown = (iso: string) => flat(new Date(iso).toLocaleString('en-US', { timeZone: 'UTC' }));

/** The History section of the post page, in Chromium: edits with their changes, then the run. */
describeInChromium('Console post history in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let baseUrl: string;
  let user: TestUser;
  let postId: string;
  /** The creation, then each event's time, as the API gives them. */
  let stamps: string[];
  const times = { created: inHours(1), moved: inHours(2), published: '' };

  beforeAll(async () => {
    browser = await launchChromium();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    t = await createTestApp({ env: { SOKU_PUBLIC_URL: baseUrl } });
    await t.app.listen(port, '127.0.0.1');
    user = await createUser(t);
    await addAccount(t, user.userId, 'x', 'sandbox_x');
    const patch = (body: object) =>
      request(t.http)
        .patch(`/v1/posts/${postId}`)
        .set('soku-api-key', user.apiKey)
        .send(body)
        .expect(200);
    postId = (
      await request(t.http)
        .post('/v1/posts')
        .set('soku-api-key', user.apiKey)
        .send({ post: { content: { text: 'Draft', platform: 'x' } }, scheduledTime: times.created })
        .expect(201)
    ).body.postSubmissionId;
    await patch({ scheduledTime: times.moved });
    const edited = await patch({ scheduledTime: null, post: { content: { text: 'Final' } } });
    times.published = edited.body.scheduledTime;
    const post = await waitForPost(t, user.apiKey, postId);
    const events = await request(t.http)
      .get(`/v1/posts/${postId}/events`)
      .set('soku-api-key', user.apiKey)
      .expect(200);
    stamps = [
      (post as unknown as { createdAt: string }).createdAt,
      ...events.body.data.map((event: { createdAt: string }) => event.createdAt),
    ];
    page = await browser.newPage({
      viewport: { width: 1280, height: 900 },
      locale: 'en-US',
      timezoneId: 'UTC',
    });
    errors = collectPageErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('should list the creation, both edits with their changes and the run’s success', async () => {
    await page.goto(`${baseUrl}/console`);
    await page.getByLabel('API key', { exact: true }).fill(user.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('status').filter({ hasText: 'Signed in.' }).waitFor();
    await page.goto(`${baseUrl}/console#post/${postId}`);
    const history = page.getByRole('region', { name: 'History' });
    const entries = history.getByRole('list').first().locator(':scope > li');
    await entries.nth(4).waitFor();
    const at = (n: number) => shown(stamps[n]);
    expect((await entries.allInnerTexts()).map(flat)).toEqual([
      `${at(0)} Created`,
      `${at(1)} Edited Scheduled time ${shown(times.created)} → ${shown(times.moved)}`,
      `${at(2)} Edited Scheduled time ${shown(times.moved)} → ${shown(times.published)} Text “Draft” → “Final”`,
      `${at(3)} Published on x · sandbox_x`,
      `${at(4)} Completed: Published`,
    ]);
    // Each entry's time is a machine-readable <time>, for assistive technology and scripts.
    const datetimes = await entries
      .locator(':scope > time')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('datetime')));
    expect(datetimes).toEqual(stamps);
    expect(
      await entries.nth(2).getByRole('list').getByRole('listitem').allInnerTexts(),
    ).toHaveLength(2);
  });

  it('should show a failed part and the deletion from the network', async () => {
    const id = (
      await request(t.http)
        .post('/v1/posts')
        .set('soku-api-key', user.apiKey)
        .send({
          post: {
            content: {
              text: 'A thread',
              platform: 'x',
              thread: [{ text: 'fine' }, { text: 'broken #sandbox-fail-part' }],
            },
          },
        })
        .expect(201)
    ).body.postSubmissionId as string;
    await waitForPost(t, user.apiKey, id, (post) => {
      const parts = (post.runs[0] as { parts?: { status: string }[] }).parts ?? [];
      return parts.length === 2 && parts.every((part) => part.status !== 'queued');
    });
    await request(t.http)
      .delete(`/v1/posts/${id}/published`)
      .set('soku-api-key', user.apiKey)
      .expect(202);
    await page.goto(`${baseUrl}/console#post/${id}`);
    const entries = page.getByRole('region', { name: 'History' }).locator('ol > li');
    await entries.filter({ hasText: 'Deleted from x · sandbox_x' }).waitFor();
    const texts = (await entries.allInnerTexts()).map((text) =>
      flat(text).replace(/^.*? [AP]M /, ''),
    );
    expect(texts).toEqual([
      'Created',
      'Published on x · sandbox_x',
      'Completed: Published',
      expect.stringMatching(/^Part 2 failed on x · sandbox_x: sandbox_failure: /),
      'Deleted from x · sandbox_x',
    ]);
  });

  it.each([1280, 390])(
    'should fit %i px with no serious accessibility violations',
    async (width) => {
      await page.setViewportSize({ width, height: 900 });
      expect(await page.evaluate(OVERFLOW_REPORT)).toEqual({ page: 0, cutOff: [] });
      expect(await seriousAxeViolations(page, '#post-page')).toEqual([]);
      await screenshot(page, `post-history-${width}`);
      expect(errors).toEqual([]);
    },
  );
});
