import type { Page } from 'playwright-core';
import request from 'supertest';
import { type Platform, PLATFORMS } from '../../../src/common/platforms';
import { textLengthOf } from '../../../src/modules/connectors';
import { seriousAxeViolations } from '../../utils/axe';
import { describeInChromium, OVERFLOW_REPORT, screenshot } from '../../utils/browser';
import { COUNTING_SAMPLES } from '../../utils/text-samples';
import { accountLabel, type ComposerPage, composerText, openComposer } from './composer-support';

/** What Chromium logs on purpose here: a draft the API's schema refuses (an empty part) is a 400. */
const EXPECTED_ERROR = /status of 400 \(Bad Request\)/;

/** The composer's counters and its problems on their fields, before anything is sent. */
describeInChromium('Console composer in Chromium: counting and checking', () => {
  let c: ComposerPage;
  let page: Page;
  const text = () => composerText(page);
  const target = (platform: string) => accountLabel(page, platform);
  const counts = (field: string) =>
    page.locator(`#${field}-counts li`).evaluateAll((items) =>
      items.map((item) => ({
        platform: item.getAttribute('data-platform'),
        length: Number(item.getAttribute('data-length')),
      })),
    );

  beforeAll(async () => {
    c = await openComposer();
    page = c.page;
  });

  beforeEach(() => c.fresh());

  afterAll(() => c?.close());

  it("should count every chosen platform's length live, exactly as the API does", async () => {
    for (const platform of PLATFORMS) {
      await target(platform).locator('input').check();
    }
    for (const sample of COUNTING_SAMPLES) {
      await text().fill(sample);
      const shown = await counts('composer-text');
      expect(shown.map((count) => count.platform).sort()).toEqual([...PLATFORMS].sort());
      expect(shown).toEqual(
        shown.map(({ platform }) => ({
          platform,
          length: textLengthOf(platform as Platform, sample).length,
        })),
      );
    }
    // The bundle the page runs is the API's own rule, message and all.
    const inPage = await page.evaluate(
      `${JSON.stringify(PLATFORMS)}.flatMap((p) => ${JSON.stringify(COUNTING_SAMPLES)}.map(
        (s) => sokuTextLength.textLengthOf(p, s)))`,
    );
    expect(inPage).toEqual(
      PLATFORMS.flatMap((p) => COUNTING_SAMPLES.map((s) => textLengthOf(p, s))),
    );
    expect(await page.locator('#composer-text-counts').getAttribute('aria-live')).toBe('polite');
  });

  it('should show the length POST /v1/posts/validate gives, URL and emoji weighed as X does', async () => {
    // 250 + 1 + 23 (any URL) + 1 + 2 (one emoji sequence) + 1 + 4 (two CJK) = 282 weighted.
    const sample = `${'a'.repeat(250)} https://example.com/${'p'.repeat(60)} 👨‍👩‍👧 日本`;
    await target('x').locator('input').check();
    await text().fill(sample);
    const validated = await request(c.t.http)
      .post('/v1/posts/validate')
      .set('soku-api-key', c.user.apiKey)
      .send({ post: { content: { text: sample, platform: 'x' } } })
      .expect(200);
    const message = JSON.stringify(validated.body.problems);
    expect(message).toContain('the text has 282');
    expect(await counts('composer-text')).toEqual([{ platform: 'x', length: 282 }]);
  });

  it('should show a too-long X text under the text area before anything is sent', async () => {
    await target('x').locator('input').check();
    await text().fill('a'.repeat(281));
    const error = page.locator('#composer-text-error li');
    await error
      .filter({
        hasText: 'X allows 280 weighted characters (URLs 23, emoji and CJK 2); the text has 281',
      })
      .waitFor();
    expect(await text().getAttribute('aria-invalid')).toBe('true');
    expect(await text().getAttribute('aria-describedby')).toBe(
      'composer-text-counts composer-text-error',
    );
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('status').filter({ hasText: 'The post was not sent' }).waitFor();
    expect(await page.evaluate('document.activeElement.id')).toBe('composer-text');
    expect(c.postRequests).toHaveLength(0);
    await screenshot(page, 'composer-too-long');
  });

  it("should put a thread part's and the X tab's problems on that part and that tab", async () => {
    await target('x').locator('input').check();
    await text().fill('A thread opener');
    await page.getByRole('button', { name: 'Add a thread part' }).click();
    await page.getByLabel('Part 2 of the thread').fill('b'.repeat(300));
    await page
      .locator('#composer-part-1-error li')
      .filter({ hasText: 'the text has 300' })
      .waitFor();
    expect(await page.getByLabel('Part 2 of the thread').getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('button', { name: 'Remove part 2' }).click();

    await page.getByRole('tab', { name: 'X', exact: true }).click();
    await page.getByLabel(/^Text on X only/).fill('c'.repeat(290));
    await page.getByRole('tab', { name: 'X (fix needed)' }).waitFor();
    await page
      .locator('#composer-override-x-error li')
      .filter({ hasText: 'the text has 290' })
      .waitFor();
    expect(await counts('composer-override-x')).toEqual([{ platform: 'x', length: 290 }]);
    // The tabs move with the arrow keys, as the tab pattern does.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('ArrowLeft');
    expect(
      await page.getByRole('tab', { name: 'All platforms' }).getAttribute('aria-selected'),
    ).toBe('true');
    await page.getByRole('tab', { name: /^X/ }).click();
    await page.getByLabel(/^Text on X only/).fill('');
    await page.getByRole('tab', { name: 'All platforms' }).click();
    expect(c.postRequests).toHaveLength(0);
  });

  it('should put a missing date under the date field when scheduling', async () => {
    await target('x').locator('input').check();
    await text().fill('Scheduled, but when?');
    await page.getByLabel('Schedule').check();
    await page.getByRole('button', { name: 'Publish' }).click();
    const date = page.getByLabel(/^Date and time/);
    await page.locator('#composer-when-error li').waitFor();
    expect(await date.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate('document.activeElement.id')).toBe('composer-when');
    expect(c.postRequests).toHaveLength(0);
  });

  it.each([1280, 390])('should fit %i px with no serious axe violation', async (width) => {
    await page.setViewportSize({ width, height: 900 });
    await target('x').locator('input').check();
    await text().fill('a'.repeat(281));
    await page.locator('#composer-text-error li').waitFor();
    await page.getByRole('button', { name: 'Add a thread part' }).click();
    await screenshot(page.locator('#composer'), `composer-${width}`);
    expect(await page.evaluate(OVERFLOW_REPORT)).toEqual({ page: 0, cutOff: [] });
    expect(await seriousAxeViolations(page, '#composer')).toEqual([]);
    await page.getByRole('button', { name: 'Remove part 2' }).click();
    await text().fill('');
    expect(c.errors.filter((error) => !EXPECTED_ERROR.test(error))).toEqual([]);
  });
});
