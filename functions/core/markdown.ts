import { Marked, type Token, type TokensList } from 'marked'
import { compile } from 'html-to-text'
import sanitizeHtml from 'sanitize-html'
import { rawHtmlAsText } from './raw-html'
import { cleanText } from './xml-text'

/** The elements an article may contain; a tag naming any other is shown as text. */
export const ALLOWED_TAGS: readonly string[] = [
  ...sanitizeHtml.defaults.allowedTags,
  'img',
  'figure',
  'figcaption',
  'del',
  'ins',
  'sup',
  'sub',
]

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...ALLOWED_TAGS],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    ol: ['start'],
    th: ['align', 'colspan', 'rowspan'],
    td: ['align', 'colspan', 'rowspan'],
    code: ['class'],
  },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  // No javascript:, data: or vbscript: URL survives; relative links stay relative to the article page.
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  // Only allowed tags reach the sanitizer (rawHtmlAsText shows the others as text); were one to slip
  // through, it is shown too rather than dropped with its content.
  disallowedTagsMode: 'escape',
}

// A private instance, so no other module's marked.use() can change how articles render.
const marked = new Marked({ gfm: true, breaks: false, async: false }, rawHtmlAsText(ALLOWED_TAGS))

/**
 * Renders an article's Markdown to HTML that is safe to put in a page, a feed and an email.
 * Runs once when the article is written, never per request.
 */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(cleanText(markdown)) as string
  // Again after: the parser decodes entities, and `&#1;` names a character a feed cannot carry either.
  return cleanText(sanitizeHtml(html, SANITIZE_OPTIONS)).trim()
}

/**
 * The block tokens of an article's Markdown, read by the same private instance (and raw-HTML extension)
 * that renderMarkdown uses, so what is read from the structure is what the page shows.
 */
export function lexMarkdown(markdown: string): TokensList {
  return marked.lexer(cleanText(markdown))
}

/**
 * Sanitized HTML of some block tokens of lexMarkdown's output, as renderMarkdown would write them: a part of
 * an article (a section, the takeaways) renders exactly as it would within the whole.
 */
export function renderTokens(tokens: Token[]): string {
  return cleanText(sanitizeHtml(marked.parser(tokens), SANITIZE_OPTIONS)).trim()
}

/** Sanitized HTML of a heading's words (its inline tokens), for a heading the page writes itself. */
export function renderInline(tokens: Token[]): string {
  // The instance's defaults carry its extensions (raw HTML shown as text), as in renderMarkdown.
  const html = marked.Parser.parseInline(tokens, marked.defaults) as string
  return cleanText(sanitizeHtml(html, SANITIZE_OPTIONS)).trim()
}

/** Plain text of some block tokens, rendered and sanitized exactly as renderMarkdown would. */
export function tokensToPlainText(tokens: Token[]): string {
  return htmlToPlainText(sanitizeHtml(marked.parser(tokens), SANITIZE_OPTIONS))
}

const toText = compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'table', format: 'block' },
  ],
})

/** Plain text of sanitized HTML on one line, for excerpts when an article has no summary. */
export function htmlToPlainText(html: string): string {
  return toText(html).replace(/\s+/g, ' ').trim()
}
