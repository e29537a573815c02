/** axe-core scans of extension pages in Chromium: the serious and critical violations, named. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** `id (impact, nodes: first node)` for every serious or critical violation on `page` as it is now. */
export async function axeSeriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource); // CDP evaluation is not subject to the page's CSP
  const result = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown[] }[] }[] }>;
        };
      }
    ).axe;
    return (await axe.run()).violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      count: v.nodes.length,
      first: JSON.stringify(v.nodes[0]?.target ?? []),
    }));
  });
  return result
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}, ${v.count}: ${v.first})`);
}
