import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { CHROMIUM_PATH, chromiumAvailable } from './chromium';

export { CHROMIUM_PATH };

/**
 * In the page (a string: this project's TypeScript has no DOM types): how far the page is wider
 * than the window, and the text of every visible cell, item or control cut off at the right edge
 * or inside its own box.
 */
export const OVERFLOW_REPORT = `({
  page: document.documentElement.scrollWidth - window.innerWidth,
  cutOff: [...document.querySelectorAll('td, th, li, button, input, select')]
    .filter((node) => node.offsetParent !== null)
    .filter((node) => node.getBoundingClientRect().right > window.innerWidth ||
      node.scrollWidth > node.clientWidth + 1)
    .map((node) => node.textContent),
})`;

export const BROWSER_ARTIFACTS = path.resolve(__dirname, '../../test-artifacts/browser');

/** `describe` where Chromium is (see chromiumAvailable), `describe.skip` elsewhere. */
export const describeInChromium = chromiumAvailable ? describe : describe.skip;

/** One headless Chromium per suite; a clear error when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `The browser suites need Chromium at ${CHROMIUM_PATH}: install it with ` +
        '`apt-get install -y chromium` (CI does), or set SOKU_CHROMIUM_PATH.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * Saves a screenshot of the page (full length) or of one element as a test artefact
 * (test-artifacts/browser, git-ignored).
 */
export async function screenshot(target: Page | Locator, name: string): Promise<void> {
  fs.mkdirSync(BROWSER_ARTIFACTS, { recursive: true });
  const file = path.join(BROWSER_ARTIFACTS, `${name}.png`);
  await ('goto' in target
    ? target.screenshot({ path: file, fullPage: true })
    : target.screenshot({ path: file }));
}

/** Page errors and console errors (CSP violations among them), to assert there were none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') {
      errors.push(message.text());
    }
  });
  return errors;
}
