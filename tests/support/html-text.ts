import { parseFragment } from 'parse5'
import type { DefaultTreeAdapterMap } from 'parse5'

type Node = DefaultTreeAdapterMap['node']

// Read rendered HTML the way a browser does (parse5 follows the HTML standard's parsing algorithm),
// so a raw-text element, a foreign element or a bad nesting counts as it would on a reader's screen.
function walk(html: string, visit: (node: Node) => void): void {
  const pending: Node[] = [parseFragment(html)]
  while (pending.length > 0) {
    const node = pending.pop()!
    visit(node)
    if ('content' in node) pending.push(node.content)
    if ('childNodes' in node) pending.push(...[...node.childNodes].reverse())
  }
}

/** The text a reader sees in rendered HTML, entities decoded, in document order. */
export function renderedText(html: string): string {
  let text = ''
  walk(html, (node) => {
    if (node.nodeName === '#text' && 'value' in node) text += node.value
    // Block boundaries separate words the way a browser lays them out.
    else if ('tagName' in node) text += ' '
  })
  return text
}

/** Every element a browser builds from the HTML, by name; an active element here means markup survived. */
export function elementNames(html: string): Set<string> {
  const names = new Set<string>()
  walk(html, (node) => {
    if ('tagName' in node) names.add(node.tagName)
  })
  return names
}

/** Words as a reader compares them: Unicode NFC, split on any whitespace. */
export function wordsOf(text: string): string[] {
  return text.normalize('NFC').split(/\s+/u).filter(Boolean)
}
