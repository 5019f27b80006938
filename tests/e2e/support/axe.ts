/** Runs axe-core inside the page against the ConsentGate widget's shadow-root content. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Marks the element whose (open) shadow root holds the consent dialog, so axe can be pointed at it alone. */
async function markWidgetHost(page: Page): Promise<void> {
  const found = await page.evaluate(() => {
    for (const element of Array.from(document.querySelectorAll('*'))) {
      if (element.shadowRoot?.querySelector('dialog[open]')) {
        element.setAttribute('data-axe-widget-host', '');
        return true;
      }
    }
    return false;
  });
  if (!found) throw new Error('no element with an open shadow root holding a dialog: is the widget shown?');
}

export async function widgetViolations(page: Page): Promise<AxeViolation[]> {
  await markWidgetHost(page);
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    type AxeResult = { violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown }> }> };
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<AxeResult> } }).axe;
    const result = await axe.run(
      { include: [['[data-axe-widget-host]']] },
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } },
    );
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
}
