import { parse } from 'parse5'
import type { DefaultTreeAdapterMap } from 'parse5'

type Node = DefaultTreeAdapterMap['node']
type Element = DefaultTreeAdapterMap['element']

/** An element of a parsed email: its name, attributes, classes and the text inside it, whitespace collapsed. */
export interface EmailElement {
  tag: string
  attrs: Record<string, string>
  classes: string[]
  text: string
  /** The element's descendants (not itself), in document order. */
  descendants: EmailElement[]
}

function textOf(node: Node): string {
  if (node.nodeName === '#text' && 'value' in node) return node.value
  if ('childNodes' in node) return node.childNodes.map(textOf).join(' ')
  return ''
}

function toElement(element: Element): EmailElement {
  const attrs = Object.fromEntries(element.attrs.map(({ name, value }) => [name, value]))
  return {
    tag: element.tagName,
    attrs,
    classes: (attrs.class ?? '').split(/\s+/).filter((name) => name !== ''),
    text: textOf(element).replace(/\s+/g, ' ').trim(),
    get descendants() {
      return allElements(element)
    },
  }
}

function allElements(root: Node): EmailElement[] {
  const found: EmailElement[] = []
  const visit = (node: Node) => {
    if ('childNodes' in node) {
      for (const child of node.childNodes) {
        if ('tagName' in child) found.push(toElement(child))
        visit(child)
      }
    }
  }
  visit(root)
  return found
}

/** Every element of an HTML email as a browser (or a mail client's HTML parser) builds them, in order. */
export function emailElements(html: string): EmailElement[] {
  return allElements(parse(html))
}

/** The text of every <style> element in the document's head (not those inside Outlook's conditional comments). */
export function headStyles(html: string): string[] {
  const head = emailElements(html).find((element) => element.tag === 'head')
  return (head?.descendants ?? []).filter((element) => element.tag === 'style').map((element) => element.text)
}
