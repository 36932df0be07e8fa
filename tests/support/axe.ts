import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright-core'

/** The axe-core tags of WCAG 2.1 levels A and AA: what every page must pass. */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/** One line per violation and element: rule id, impact, the element's selector, and at which width. */
export async function violations(page: Page, width: number): Promise<string[]> {
  // Legacy mode: axe.run() in the page itself, rather than a partial run per frame finished in a second,
  // blank page; the same rules, a third of the work, and these pages have no frames that it would skip.
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).setLegacyMode().analyze()
  return results.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} [${violation.impact ?? 'unknown'}] ${node.target.join(' ')} at ${width} px: ${violation.help}`,
    ),
  )
}
