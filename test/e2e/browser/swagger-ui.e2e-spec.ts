import type { Browser, Page } from 'playwright-core';
import { addAccount } from '../../utils/accounts';
import {
  collectPageErrors,
  describeInChromium,
  launchChromium,
  screenshot,
} from '../../utils/browser';
import { createUser, type TestUser } from '../../utils/identity';
import { getPost } from '../../utils/posts';
import { freePort } from '../../utils/soku-process';
import { createTestApp, type TestApp } from '../../utils/test-app';

/** The Swagger UI at /docs in a real Chromium: authorise with an API key and try two calls. */
describeInChromium('Swagger UI in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let baseUrl: string;
  let user: TestUser;

  beforeAll(async () => {
    browser = await launchChromium();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    t = await createTestApp({ env: { SOKU_PUBLIC_URL: baseUrl } });
    await t.app.listen(port, '127.0.0.1');
    user = await createUser(t);
    await addAccount(t, user.userId, 'x', 'sandbox_x');
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    errors = collectPageErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Opens an operation, presses "Try it out", optionally sets the body, executes it. */
  async function execute(operationId: string, body?: object): Promise<string> {
    const operation = page.locator(`[id$="-${operationId}"]`);
    await operation.locator('.opblock-summary').first().click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    if (body) {
      await operation.locator('textarea.body-param__text').fill(JSON.stringify(body, null, 2));
    }
    await operation.getByRole('button', { name: 'Execute' }).click();
    const status = operation.locator('.live-responses-table .response .response-col_status');
    await status.first().waitFor();
    return (await status.first().innerText()).trim();
  }

  it('should load the document, authorise with an API key and execute GET /health and POST /v1/posts', async () => {
    await page.goto(`${baseUrl}/docs`);
    await page.getByRole('heading', { name: /Soku Public API/ }).waitFor();
    await screenshot(page.locator('.information-container'), 'swagger-ui-loaded');

    await page.getByRole('button', { name: 'Authorize' }).first().click();
    const scheme = page.locator('.auth-container').filter({ hasText: 'soku-api-key' });
    await scheme.locator('input').fill(user.apiKey);
    await scheme.getByRole('button', { name: 'Apply credentials' }).click();
    await scheme.getByRole('button', { name: 'Remove authorization' }).waitFor();
    await screenshot(page.locator('.modal-ux'), 'swagger-ui-authorized');
    await page.getByRole('button', { name: 'Close' }).first().click();

    expect(await execute('Health_liveness')).toBe('200');
    const health = page.locator(
      '[id$="-Health_liveness"] .live-responses-table .response .response-col_description',
    );
    expect(await health.first().innerText()).toContain('"status": "ok"');
    await screenshot(page.locator('[id$="-Health_liveness"]'), 'swagger-ui-health');

    expect(
      await execute('Posts_create', {
        post: { content: { text: 'Hello from the Swagger UI', platform: ['x'] } },
      }),
    ).toBe('201');
    const created = page.locator(
      '[id$="-Posts_create"] .live-responses-table .response .response-col_description',
    );
    const text = await created.first().innerText();
    const id = /"postSubmissionId": "([0-9a-f-]{36})"/.exec(text)?.[1];
    expect(id).toBeDefined();
    await screenshot(
      page.locator('[id$="-Posts_create"] .live-responses-table'),
      'swagger-ui-post-created',
    );

    // The post was made with the key the UI was authorised with.
    expect((await getPost(t, user.apiKey, id!)).id).toBe(id);
    expect(errors).toEqual([]);
  });
});
