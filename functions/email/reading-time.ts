/**
 * Minutes to read an article, for the digest card and the welcome email: the core's rates and counting
 * (core/reading-time.ts, with its sources), over the article's text taken from its stored HTML.
 */
import { compile } from 'html-to-text'
import type { Article } from '../core/article'
import { readingMinutes as minutesOf } from '../core/reading-time'

// html-to-text, as render.ts uses, rather than the core's Markdown lexer: the confirmations function sends
// the welcome email and need not bundle marked and sanitize-html for a reading time.
const plainText = compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
  ],
})

/** Whole minutes, at least 1, in the article's own language. */
export function readingMinutes(article: Pick<Article, 'bodyHtml' | 'lang'>): number {
  return minutesOf(plainText(article.bodyHtml), article.lang)
}
