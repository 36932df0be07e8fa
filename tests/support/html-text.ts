import { decodeHTMLStrict } from 'entities'
import { defaultTreeAdapter, html as spec, parseFragment } from 'parse5'
import type { DefaultTreeAdapterMap } from 'parse5'

type Node = DefaultTreeAdapterMap['node']

// Read rendered HTML the way a browser does (parse5 follows the HTML standard's parsing algorithm),
// so a raw-text element, a foreign element or a bad nesting counts as it would on a reader's screen:
// inside a <div>, as the article page, the feed readers and the digest email put it.
function walk(html: string, visit: (node: Node) => void, leave: (node: Node) => void = () => {}): void {
  const context = defaultTreeAdapter.createElement('div', spec.NS.HTML, [])
  // Depth first, with a marker to call leave() once a node's children are done.
  const pending: (Node | { left: Node })[] = [parseFragment(context, html, {})]
  while (pending.length > 0) {
    const next = pending.pop()!
    if ('left' in next) {
      leave(next.left)
      continue
    }
    visit(next)
    pending.push({ left: next })
    if ('content' in next) pending.push(next.content)
    if ('childNodes' in next) pending.push(...[...next.childNodes].reverse())
  }
}

/** The text a reader sees in rendered HTML, entities decoded, in document order. */
export function renderedText(html: string): string {
  let text = ''
  // Element boundaries, where it opens and where it closes, separate words the way a browser lays out blocks:
  // `<p>가</p>` followed by text that a <table> moved out of itself ("foster parenting") reads as two words.
  const boundary = (node: Node) => {
    if ('tagName' in node) text += ' '
  }
  walk(
    html,
    (node) => {
      if (node.nodeName === '#text' && 'value' in node) text += node.value
      else boundary(node)
    },
    boundary,
  )
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

/** Attributes that would run script (`onclick`...) or load it (`javascript:` URLs), as `element@attribute`. */
export function scriptAttributes(html: string): string[] {
  const found: string[] = []
  walk(html, (node) => {
    if (!('attrs' in node)) return
    for (const { name, value } of node.attrs) {
      if (/^on/i.test(name) || /^\s*(javascript|vbscript|data):/i.test(value))
        found.push(`${node.tagName}@${name}`)
    }
  })
  return found
}

/**
 * Words as a reader compares them: character references decoded (strictly, with their `;`, as Markdown does),
 * Unicode NFC, split on any whitespace. Applied to both sides of a comparison, so `&amp;` shown as typed in a
 * code span and `&` shown in an HTML block (where Markdown does not apply) read alike.
 */
export function wordsOf(text: string): string[] {
  return decodeHTMLStrict(text).normalize('NFC').split(/\s+/u).filter(Boolean)
}
