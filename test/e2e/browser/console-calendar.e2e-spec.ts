import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { defaultScope } from '../../../src/common/auth/route-auth';
import { IntegrationsService } from '../../../src/modules/integrations/integrations.service';
import { seriousAxeViolations } from '../../utils/axe';
import {
  collectPageErrors,
  describeInChromium,
  launchChromium,
  OVERFLOW_REPORT,
  screenshot,
} from '../../utils/browser';
import { createUser, type TestUser } from '../../utils/identity';
import { getPost, waitForPost } from '../../utils/posts';
import { freePort } from '../../utils/soku-process';
import { createTestApp, type TestApp } from '../../utils/test-app';

const DAY_MS = 86_400_000;
const dayOf = (date: Date) => date.toISOString().slice(0, 10);

interface RunAnalytics {
  platform: string;
  series: unknown[];
}

/**
 * The console's calendar and post page in Chromium (time zone UTC, so "the same time of day" is
 * the same UTC time): scheduled posts on their days, rescheduling by drag and by keyboard, a
 * refused move snapping back, and a published post's runs, parts, deletion and metrics chart.
 */
describeInChromium('Console calendar and post page in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let baseUrl: string;
  let user: TestUser;
  // Three days ahead; the target day is next to it, in the same month.
  const postDay = new Date(Date.now() + 3 * DAY_MS);
  const sameMonthNext =
    new Date(postDay.getTime() + DAY_MS).getUTCMonth() === postDay.getUTCMonth();
  const targetDay = new Date(postDay.getTime() + (sameMonthNext ? DAY_MS : -DAY_MS));
  const at = (day: Date, time: string) => `${dayOf(day)}T${time}.000Z`;
  const ids: Record<'drag' | 'keyboard' | 'cancelled' | 'published', string> = {
    drag: '',
    keyboard: '',
    cancelled: '',
    published: '',
  };

  const create = async (body: Record<string, unknown>) =>
    (
      await request(t.http)
        .post('/v1/posts')
        .set('soku-api-key', user.apiKey)
        .send(body)
        .expect(201)
    ).body.postSubmissionId as string;
  const scheduled = (text: string, time: string) =>
    create({
      post: { content: { text, platform: ['x', 'linkedin'] } },
      scheduledTime: at(postDay, time),
    });
  const chip = (id: string) => page.locator(`#calendar-grid [data-post-id="${id}"]`);
  const cell = (day: Date) => page.locator(`#calendar-grid [data-day="${dayOf(day)}"]`);

  /** Polls the analytics route until the x run has `reads` reads (a guard, not a measurement). */
  async function waitForReads(id: string, reads: number): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await request(t.http)
        .get(`/v1/posts/${id}/analytics`)
        .set('soku-api-key', user.apiKey)
        .expect(200);
      const x = (res.body.runs as RunAnalytics[]).find((run) => run.platform === 'x');
      if (x && x.series.length >= reads) {
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(`metrics not read: ${JSON.stringify(res.body)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }

  /**
   * Reads the x run as if it had been published `hours` ago, once per age: the collector's
   * schedule (1 h, 6 h, 24 h) passes in seconds, and the sandbox's figures grow with age.
   */
  async function readAtAges(id: string, ages: number[]): Promise<void> {
    const post = await getPost(t, user.apiKey, id);
    const runId = (post.runs.find((run) => run.platform === 'x') as unknown as { id: string }).id;
    for (const [i, hours] of ages.entries()) {
      for (;;) {
        const moved: unknown[] = await t.dataSource.query(
          `UPDATE post_metric_reads
              SET published_at = now() - make_interval(hours => $2), next_read_at = now()
            WHERE run_id = $1 RETURNING run_id`,
          [runId, hours],
        );
        if (moved.length > 0) {
          break;
        }
        // Not imported by the collector yet.
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await waitForReads(id, i + 1);
    }
  }

  beforeAll(async () => {
    browser = await launchChromium();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    t = await createTestApp({
      env: {
        SOKU_PUBLIC_URL: baseUrl,
        SOKU_METRICS_SCHEDULE: '1h,6h,24h,720h',
        SOKU_METRICS_PASS_INTERVAL_MS: '100',
        SOKU_RETRY_BASE_MS: '20',
      },
    });
    await t.app.listen(port, '127.0.0.1');
    user = await createUser(t);
    await t.app.get(IntegrationsService).createSandboxAccounts(defaultScope(user.userId));
    ids.drag = await scheduled('Drag me to another day', '10:30:00');
    ids.keyboard = await scheduled('Move me from the keyboard', '14:00:00');
    ids.cancelled = await scheduled('Cancelled behind the page', '16:00:00');
    ids.published = await create({
      post: {
        content: {
          text: 'A post with parts #sandbox-fail:threads',
          platform: ['x', 'threads'],
          thread: [{ text: 'The second part' }],
          firstComment: { text: 'The first comment' },
        },
      },
    });
    await waitForPost(t, user.apiKey, ids.published, (post) =>
      post.runs.every(
        (run) =>
          run.status === 'failed' ||
          ((run as { parts?: { status: string }[] }).parts ?? []).filter(
            (part) => part.status === 'succeeded',
          ).length === 2,
      ),
    );
    await readAtAges(ids.published, [1, 6, 24]);
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: 'UTC',
      locale: 'en-GB',
    });
    page = await context.newPage();
    errors = collectPageErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('should show the published post today and each scheduled post on its day', async () => {
    await page.goto(`${baseUrl}/console`);
    await page.getByLabel('API key', { exact: true }).fill(user.apiKey);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Signed in.' }).waitFor();
    const grid = page.getByRole('grid');
    await grid.waitFor();
    const today = cell(new Date()).locator(`[data-post-id="${ids.published}"]`);
    await today.waitFor();
    expect(await today.innerText()).toMatch(/Partly published/);
    expect(await today.locator('.badge').allInnerTexts()).toEqual(['threads', 'x']);
    if (postDay.getUTCMonth() !== new Date().getUTCMonth()) {
      await page.getByRole('button', { name: 'Next' }).click();
    }
    for (const id of [ids.drag, ids.keyboard, ids.cancelled]) {
      await cell(postDay).locator(`[data-post-id="${id}"]`).waitFor();
    }
    expect(await chip(ids.drag).innerText()).toMatch(/^10:30 Scheduled\s*\nlinkedin x\s*\nDrag me/);
    expect(await grid.getByRole('columnheader').allInnerTexts()).toEqual([
      'Mon',
      'Tue',
      'Wed',
      'Thu',
      'Fri',
      'Sat',
      'Sun',
    ]);
    expect(await page.getByRole('gridcell').count()).toBeGreaterThanOrEqual(28);
    await screenshot(page.locator('#calendar'), 'calendar-month-1280');
  });

  it('should reschedule by drag and drop, keeping the time of day', async () => {
    const patched = page.waitForResponse((res) => res.request().method() === 'PATCH');
    await chip(ids.drag).dragTo(cell(targetDay));
    expect((await patched).status()).toBe(200);
    await page.getByRole('status').filter({ hasText: 'Rescheduled to' }).waitFor();
    await cell(targetDay).locator(`[data-post-id="${ids.drag}"]`).waitFor();
    const post = (await getPost(t, user.apiKey, ids.drag)) as unknown as { scheduledTime: string };
    expect(post.scheduledTime).toBe(at(targetDay, '10:30:00'));
  });

  it('should reschedule from the keyboard through the Reschedule form', async () => {
    await chip(ids.keyboard).getByRole('button', { name: 'Reschedule' }).focus();
    await page.keyboard.press('Enter');
    const input = chip(ids.keyboard).getByLabel('New time');
    expect(await input.evaluate((node) => node === node.ownerDocument.activeElement)).toBe(true);
    await input.fill(`${dayOf(targetDay)}T09:15`);
    const patched = page.waitForResponse((res) => res.request().method() === 'PATCH');
    await page.keyboard.press('Enter');
    expect((await patched).status()).toBe(200);
    await page.getByRole('status').filter({ hasText: '09:15:00' }).waitFor();
    await cell(targetDay).locator(`[data-post-id="${ids.keyboard}"]`).waitFor();
    const post = (await getPost(t, user.apiKey, ids.keyboard)) as unknown as {
      scheduledTime: string;
    };
    expect(post.scheduledTime).toBe(at(targetDay, '09:15:00'));
    // Focus stays on the moved post, so the keyboard user is where the post went.
    expect(
      await chip(ids.keyboard)
        .getByRole('button', { name: 'Reschedule' })
        .evaluate((node) => node === node.ownerDocument.activeElement),
    ).toBe(true);
  });

  it("should refuse a time in the past with the API's message and leave the post where it was", async () => {
    await chip(ids.keyboard).getByRole('button', { name: 'Reschedule' }).click();
    const yesterday = new Date(Date.now() - DAY_MS);
    await chip(ids.keyboard)
      .getByLabel('New time')
      .fill(`${dayOf(yesterday)}T09:15`);
    const patched = page.waitForResponse((res) => res.request().method() === 'PATCH');
    await chip(ids.keyboard).getByRole('button', { name: 'Save' }).click();
    expect((await patched).status()).toBe(400);
    await page
      .getByRole('alert')
      .filter({
        hasText: 'scheduledTime must be at least 1 minute in the future (validation_error',
      })
      .waitFor();
    expect(await cell(targetDay).locator(`[data-post-id="${ids.keyboard}"]`).count()).toBe(1);
    const post = (await getPost(t, user.apiKey, ids.keyboard)) as unknown as {
      scheduledTime: string;
    };
    expect(post.scheduledTime).toBe(at(targetDay, '09:15:00'));
  });

  it('should show a 409 post_not_editable clearly and snap the post back', async () => {
    await request(t.http)
      .delete(`/v1/posts/${ids.cancelled}`)
      .set('soku-api-key', user.apiKey)
      .expect(200);
    const patched = page.waitForResponse((res) => res.request().method() === 'PATCH');
    await chip(ids.cancelled).dragTo(cell(targetDay));
    expect((await patched).status()).toBe(409);
    const alert = page.getByRole('alert');
    await alert.filter({ hasText: 'post_not_editable' }).waitFor();
    expect(await alert.innerText()).toMatch(/can no longer be edited/);
    await cell(postDay).locator(`[data-post-id="${ids.cancelled}"]`).waitFor();
    expect(await cell(targetDay).locator(`[data-post-id="${ids.cancelled}"]`).count()).toBe(0);
    // Read again after the refusal: shown as it now is, and no longer offered to move.
    await chip(ids.cancelled).filter({ hasText: 'Cancelled' }).waitFor();
    expect(await chip(ids.cancelled).getByRole('button', { name: 'Reschedule' }).count()).toBe(0);
    expect(await chip(ids.cancelled).getAttribute('draggable')).toBeNull();
    const post = (await getPost(t, user.apiKey, ids.cancelled)) as unknown as {
      scheduledTime: string;
    };
    expect(post.scheduledTime).toBe(at(postDay, '16:00:00'));
  });

  it('should switch to the week view from the keyboard and move between weeks', async () => {
    // Tab order through the toolbar, with a visible focus ring; Space presses a button.
    await page.getByRole('button', { name: 'Previous' }).focus();
    const focused = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      focused.push(
        await page.evaluate(`[document.activeElement.textContent,
          getComputedStyle(document.activeElement).outlineStyle]`),
      );
    }
    expect(focused).toEqual([
      ['Today', 'solid'],
      ['Next', 'solid'],
      ['Month', 'solid'],
      ['Week', 'solid'],
    ]);
    await page.keyboard.press('Space');
    await page.locator('#calendar-grid[data-view="week"]').waitFor();
    expect(await page.getByRole('gridcell').count()).toBe(7);
    expect(await page.getByRole('button', { name: 'Week' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await page.getByRole('button', { name: 'Today' }).click();
    await cell(new Date()).locator(`[data-post-id="${ids.published}"]`).waitFor();
    await screenshot(page.locator('#calendar'), 'calendar-week-1280');
    await page.getByRole('button', { name: 'Next' }).click();
    await cell(new Date(Date.now() + 7 * DAY_MS)).waitFor();
    await page.getByRole('button', { name: 'Previous' }).click();
    await cell(new Date()).waitFor();
    // Arrow keys move between days inside the grid.
    await cell(new Date()).focus();
    await page.keyboard.press('ArrowRight');
    const next = await page.evaluate('document.activeElement.dataset.day');
    expect(next === dayOf(new Date(Date.now() + DAY_MS)) || next === dayOf(new Date())).toBe(true);
  });

  it('should open the post page from the calendar with runs, parts and the metrics chart', async () => {
    await chip(ids.published)
      .getByRole('link', { name: /^Details/ })
      .click();
    const postPage = page.getByRole('region', { name: /^Post: / });
    await postPage.locator('[data-run-id]').first().waitFor();
    expect(await page.locator('#calendar').isVisible()).toBe(false);
    const summary = await postPage.locator('dl').first().innerText();
    expect(summary).toMatch(/Thread\s+The second part\s+First comment\s+The first comment/);
    const x = postPage.getByRole('article', { name: 'x · sandbox_x' });
    const parts = x.getByRole('table', { name: 'Parts on x' });
    expect(await parts.getByRole('row').allInnerTexts()).toEqual([
      expect.stringMatching(/^Position\s+Kind\s+Status\s+Link\s+Error$/),
      expect.stringMatching(/^1\s+thread\s+published\s+View part 1\s+—$/),
      expect.stringMatching(/^2\s+comment\s+published\s+View part 2\s+—$/),
    ]);
    const threads = postPage.getByRole('article', { name: 'threads · sandbox_threads' });
    expect(await threads.innerText()).toMatch(/sandbox_failure: Sandbox failure requested/);
    expect(await threads.innerText()).toMatch(/No metrics: not published\./);

    const chart = x.getByRole('img', { name: 'Metrics of x · sandbox_x' });
    expect(await chart.locator('desc').textContent()).toMatch(
      /^3 reads from .* Latest: impressions [1-9]\d*, views /,
    );
    const points = await chart.locator('[data-metric="impressions"] circle').count();
    expect(points).toBe(3);
    await x.getByText('Figures of x · sandbox_x as a table').click();
    const figures = x.getByRole('table', { name: 'Metrics of x · sandbox_x' });
    expect(await figures.getByRole('row').count()).toBe(1 + 3);
    await screenshot(page, 'post-page-1280');
  });

  it('should retry the failed run, then delete the post from the networks after a confirm', async () => {
    const retried = page.waitForResponse((res) => res.url().endsWith('/retry'));
    await page.getByRole('button', { name: 'Retry threads' }).click();
    expect((await retried).status()).toBe(200);
    await page.getByRole('status').filter({ hasText: 'Retrying the failed platforms.' }).waitFor();
    // The page reads the post again until the retried run has failed once more.
    await page.getByRole('button', { name: 'Retry threads' }).waitFor();

    await page.getByRole('button', { name: 'Delete from networks…' }).click();
    const confirm = page.getByRole('group', { name: 'Confirm deletion' });
    expect(
      await confirm
        .getByRole('button', { name: 'Keep it' })
        .evaluate((node) => node === node.ownerDocument.activeElement),
    ).toBe(true);
    const deleted = page.waitForResponse((res) => res.request().method() === 'DELETE');
    await confirm.getByRole('button', { name: 'Yes, delete from networks' }).click();
    expect((await deleted).status()).toBe(202);
    const x = page.getByRole('article', { name: 'x · sandbox_x' });
    await x.getByText('deleted from the network').waitFor();
    const post = await getPost(t, user.apiKey, ids.published);
    const xRun = post.runs.find((run) => run.platform === 'x') as unknown as {
      deletion: { status: string };
    };
    expect(xRun.deletion.status).toBe('deleted');
  });

  it('should come back to a calendar read again, and open the post page from the list', async () => {
    // What the post page did (a retry, a deletion) shows in the calendar it comes back to.
    const reread = page.waitForResponse((res) => /\/v1\/posts\?.*scheduledFrom=/.test(res.url()));
    await page.getByRole('link', { name: 'Back to the console' }).click();
    expect((await reread).status()).toBe(200);
    await page.locator('#calendar').waitFor();
    await page
      .locator(`li[data-post-id="${ids.published}"]`)
      .getByRole('link', { name: 'Details' })
      .click();
    await page
      .getByRole('region', { name: /^Post: / })
      .locator('[data-run-id]')
      .first()
      .waitFor();
    expect(new URL(page.url()).hash).toBe(`#post/${ids.published}`);
  });

  it.each([1280, 390])(
    'should fit %i px with no serious accessibility violations on the post page and calendar',
    async (width) => {
      await page.setViewportSize({ width, height: 900 });
      expect(await page.evaluate(OVERFLOW_REPORT)).toEqual({ page: 0, cutOff: [] });
      expect(await seriousAxeViolations(page, '#post-page')).toEqual([]);
      await screenshot(page, `post-page-${width}`);
      await page.getByRole('link', { name: 'Back to the console' }).click();
      await page.getByRole('button', { name: 'Month' }).click();
      await page.locator('#calendar-grid[data-view="month"]').waitFor();
      expect(await page.evaluate(OVERFLOW_REPORT)).toEqual({ page: 0, cutOff: [] });
      expect(await seriousAxeViolations(page, '#calendar')).toEqual([]);
      await screenshot(page.locator('#calendar'), `calendar-${width}`);
      await page.goto(`${baseUrl}/console#post/${ids.published}`);
      await page
        .getByRole('region', { name: /^Post: / })
        .locator('[data-run-id]')
        .first()
        .waitFor();
      // The only errors Chromium logs are its own lines for the two refused moves.
      expect(errors).toEqual([
        'Failed to load resource: the server responded with a status of 400 (Bad Request)',
        'Failed to load resource: the server responded with a status of 409 (Conflict)',
      ]);
    },
  );
});
