import { parse, type DefaultTreeAdapterMap } from 'parse5'

type Element = DefaultTreeAdapterMap['element']
type Node = DefaultTreeAdapterMap['node']

/** A parsed page's elements, as a browser's parser (parse5, the HTML standard's algorithm) builds them. */
export function pageElements(html: string): Element[] {
  const found: Element[] = []
  const pending: Node[] = [parse(html)]
  while (pending.length > 0) {
    const node = pending.pop()!
    if ('tagName' in node) found.push(node)
    if ('childNodes' in node) pending.push(...[...node.childNodes].reverse())
  }
  return found
}

export const attribute = (element: Element, name: string) =>
  element.attrs.find((attr) => attr.name === name)?.value

/** The text inside an element (a <script>'s source, a <title>), as the parser read it. */
export const textOf = (element: Element) =>
  element.childNodes.map((child) => ('value' in child ? child.value : '')).join('')

/** The JSON-LD blocks of a page, each parsed by JSON.parse from the script's text as the parser ended it. */
export function jsonLdBlocks(html: string): unknown[] {
  return pageElements(html)
    .filter((element) => element.tagName === 'script' && attribute(element, 'type') === 'application/ld+json')
    .map((element) => JSON.parse(textOf(element)) as unknown)
}

/** `<link rel=…>` hrefs by rel, and `<meta name=…>` contents by name. */
export function headLinks(html: string, rel: string): string[] {
  return pageElements(html)
    .filter((element) => element.tagName === 'link' && attribute(element, 'rel') === rel)
    .map((element) => attribute(element, 'href') ?? '')
}

export function metaContent(html: string, key: string): string[] {
  return pageElements(html)
    .filter(
      (element) =>
        element.tagName === 'meta' && (attribute(element, 'name') ?? attribute(element, 'property')) === key,
    )
    .map((element) => attribute(element, 'content') ?? '')
}
