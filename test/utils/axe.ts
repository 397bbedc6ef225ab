import * as fs from 'node:fs';
import type { Page } from 'playwright-core';

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeProblem {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * The serious and critical axe-core violations inside `selector`. The script goes in through
 * the DevTools protocol (page.evaluate), which the console's CSP does not govern, so the page
 * under test keeps its real policy.
 */
export async function seriousAxeViolations(page: Page, selector: string): Promise<AxeProblem[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(`axe
    .run(document.querySelector(${JSON.stringify(selector)}), { resultTypes: ['violations'] })
    .then((result) => result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.map((node) => node.target.join(' ')) })))`);
}
