import { parse, type DefaultTreeAdapterMap } from 'parse5'

type Element = DefaultTreeAdapterMap['element']
type Node = DefaultTreeAdapterMap['node']

/** A page as a browser builds it (parse5), with the few questions page tests ask of it. */
export class HtmlPage {
  private readonly all: Element[] = []

  constructor(html: string | Node) {
    const pending: Node[] = [typeof html === 'string' ? parse(html) : html]
    while (pending.length > 0) {
      const node = pending.shift()!
      if ('tagName' in node) this.all.push(node)
      if ('childNodes' in node) pending.unshift(...node.childNodes)
    }
  }

  /** Elements with this tag name, in document order, optionally narrowed to those with an attribute value. */
  elements(tag: string, where: Record<string, string> = {}): Element[] {
    return this.all.filter(
      (element) =>
        element.tagName === tag &&
        Object.entries(where).every(([name, value]) => attribute(element, name)?.split(' ').includes(value)),
    )
  }

  /** The text of the first element with this tag name (and attributes), spaces collapsed. */
  text(tag: string, where: Record<string, string> = {}): string | undefined {
    const element = this.elements(tag, where)[0]
    return element === undefined ? undefined : textOf(element)
  }

  /** The href of the first link with this rel (optionally inside an element with this class). */
  rel(rel: string): string | undefined {
    const link = [...this.elements('a', { rel }), ...this.elements('link', { rel })][0]
    return link === undefined ? undefined : attribute(link, 'href')
  }

  get lang(): string | undefined {
    return attribute(this.elements('html')[0]!, 'lang')
  }
}

export function attribute(element: Element, name: string): string | undefined {
  return element.attrs.find((attr) => attr.name === name)?.value
}

/** The text a reader sees, with a space where an element starts, as a browser lays out blocks; spaces collapsed. */
export function textOf(node: Node): string {
  let text = ''
  const pending: Node[] = [node]
  while (pending.length > 0) {
    const next = pending.shift()!
    if (next.nodeName === '#text' && 'value' in next) text += next.value
    else if ('tagName' in next) text += ' '
    if ('childNodes' in next) pending.unshift(...next.childNodes)
  }
  return text.replace(/\s+/g, ' ').trim()
}

/** The elements with this tag name inside an element, in document order. */
export function descendants(element: Element, tag: string): Element[] {
  return new HtmlPage(element).elements(tag).filter((found) => found !== element)
}

/** The items of a list element: each `<li>`'s text. */
export function itemsOf(list: Element): string[] {
  return list.childNodes
    .filter((node): node is Element => 'tagName' in node && node.tagName === 'li')
    .map(textOf)
}
