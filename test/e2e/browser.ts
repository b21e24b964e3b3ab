// The e2e helper (issue #14): harness.ts (platform + Chromium) plus, per page, no
// browser-console error, axe-core without serious or critical violations, and screenshots in
// test/e2e/screenshots/.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import type { ConsolePage } from './harness.ts';

export * from './harness.ts';

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** axe-core (WCAG 2 A/AA rules) on the current page: no serious or critical violation. */
export async function expectAccessible(p: ConsolePage, what: string): Promise<void> {
  // Evaluated through the DevTools protocol, so a Content-Security-Policy does not block it.
  await p.page.evaluate(axeSource);
  const found = (await p.page.evaluate(`axe
    .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } })
    .then((r) => r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.impact + ' ' + v.id + ': ' + v.help + ' at ' +
        v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')))`)) as string[];
  expect(found, `axe on ${what}`).toEqual([]);
}

export function expectNoBrowserErrors(p: ConsolePage): void {
  expect(p.errors).toEqual([]);
}
