import { compile } from 'html-to-text'
import stringWidth from 'string-width'
import { escapeHtml } from '../core/html'
import type { Publication } from '../core/publication'
import { publicationUrls } from '../core/publication'
import type { SubscriberLang } from '../core/subscriber'
import { confirmHtml } from '../../templates/compiled/confirm'
import { strings } from './strings'

/** A rendered email, ready to become an OutgoingEmail. */
export interface RenderedEmail {
  subject: string
  html: string
  text: string
}

/** A template asks for a value the renderer does not give: a typo, or a template newer than its code. */
export class TemplateError extends Error {
  override name = 'TemplateError'
}

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g

/**
 * Replaces every `{{name}}` in a compiled template with its value, HTML-escaped (so a value is safe both
 * as element text and inside a quoted attribute). Throws TemplateError naming every placeholder that has
 * no value, so a misspelt one fails a test instead of reaching a reader.
 */
export function fillTemplate(compiledHtml: string, values: Readonly<Record<string, string>>): string {
  const missing = new Set<string>()
  const filled = compiledHtml.replace(PLACEHOLDER, (_placeholder, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined
    if (value === undefined) {
      missing.add(name)
      return ''
    }
    return escapeHtml(value)
  })
  if (missing.size > 0) {
    throw new TemplateError(`No value for template placeholder(s): ${[...missing].join(', ')}`)
  }
  return filled
}

/** Columns per line of the plain-text part (RFC 5322's recommended line length). */
const TEXT_COLUMNS = 78

// html-to-text wraps by counting characters, but a Hangul syllable takes two columns, so it converts
// without wrapping and wrapToColumns wraps by display width instead.
const convert = compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'table', format: 'block' },
    { selector: '.html-only', format: 'skip' },
    // mj-preview's preheader: a hidden div at the top of the body, meant for the inbox list only.
    { selector: 'div[style*="display:none"]', format: 'skip' },
  ],
})

/**
 * The plain-text part, made from the filled HTML: links read "text [url]", lines wrap on spaces (Korean
 * has them between words too) within 78 columns, and long URLs are never broken. Elements with the class
 * `html-only` (mj-text css-class) are left out, e.g. a "copy this link" block that repeats the button's URL.
 */
export function htmlToText(html: string): string {
  // MJML's nested layout tables leave runs of blank lines; one blank line between blocks reads better.
  const text = convert(html)
    .replace(/\n{3,}/g, '\n\n')
    .trim()
  return `${wrapToColumns(text, TEXT_COLUMNS)}\n`
}

/**
 * Wraps each line on spaces so that it fits `columns` display columns (East Asian wide characters count
 * two). A word wider than the line (a URL) gets a line of its own, unbroken. Continuation lines keep a
 * quote's "> " and are indented under a list item's text.
 */
export function wrapToColumns(text: string, columns: number): string {
  return text
    .split('\n')
    .flatMap((line) => {
      if (stringWidth(line) <= columns) return [line]
      const prefix = /^(?:> ?)*(?:\s*(?:[*•-]|\d+\.)\s+|\s+)?/.exec(line)?.[0] ?? ''
      const indent = prefix.replace(/[^>]+$/, (rest) => ' '.repeat(stringWidth(rest)))
      const [first = '', ...rest] = line.slice(prefix.length).split(' ')
      const lines: string[] = []
      let current = prefix + first
      for (const word of rest) {
        if (stringWidth(`${current} ${word}`) <= columns) {
          current = `${current} ${word}`
        } else {
          lines.push(current)
          current = indent + word
        }
      }
      lines.push(current)
      return lines
    })
    .join('\n')
}

export interface ConfirmationEmailInput {
  lang: SubscriberLang
  /** The signed opt-in link; must be an absolute http(s) URL. */
  confirmUrl: string
  publication: Publication
  /** The sender's postal address for the footer (configuration POSTAL_ADDRESS); may be empty. */
  postalAddress: string
}

/** The double opt-in email, in the subscriber's language. */
export function renderConfirmationEmail(input: ConfirmationEmailInput): RenderedEmail {
  if (!/^https?:\/\//i.test(input.confirmUrl)) {
    throw new TypeError(`The confirmation URL must be an absolute http(s) URL, got "${input.confirmUrl}"`)
  }
  const words = strings[input.lang].confirmation
  const name = input.publication.title
  const subject = words.subject(name)
  const html = fillTemplate(confirmHtml, {
    lang: input.lang,
    title: subject,
    preheader: words.preheader(name),
    publicationName: name,
    siteUrl: publicationUrls(input.publication).home,
    heading: words.heading,
    intro: words.intro(name),
    button: words.button,
    confirmUrl: input.confirmUrl,
    fallback: words.fallback,
    ignore: words.ignore,
    footerNote: words.footerNote(name),
    postalAddress: input.postalAddress,
  })
  return { subject, html, text: htmlToText(html) }
}
