/**
 * Minutes to read an article, for the digest card. A stand-in kept behind this one function: the core's
 * own reading-time function (long-form work, same issue) replaces it where it exists.
 *
 * Rates: Korean by characters, since a Korean "word" (eojeol) carries its particles and varies in length;
 * 500 characters a minute is the rate Korean publishers commonly assume for silent reading of prose.
 * English (and any other Latin-script text) by words at 238 a minute, the mean silent reading rate for
 * non-fiction in Brysbaert's 2019 meta-analysis (Journal of Memory and Language 109, 104047).
 */
import { compile } from 'html-to-text'
import type { Article } from '../core/article'

// html-to-text, as render.ts uses, rather than the core's Markdown module: the welcome email reads reading
// times too, and the confirmations function need not bundle marked and sanitize-html for that.
const plainText = compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
  ],
})

export const HANGUL_CHARACTERS_PER_MINUTE = 500
export const WORDS_PER_MINUTE = 238

// Hangul syllables and jamo, and CJK ideographs and kana, read character by character.
const CHARACTER_SCRIPT = /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu
const WORD = /[\p{L}\p{N}]+/gu

/** Whole minutes, at least 1: characters of Korean (and CJK) text plus words of everything else. */
export function readingMinutes(article: Pick<Article, 'bodyHtml'>): number {
  const text = plainText(article.bodyHtml)
  const characters = text.match(CHARACTER_SCRIPT)?.length ?? 0
  const words = text.replace(CHARACTER_SCRIPT, ' ').match(WORD)?.length ?? 0
  const minutes = characters / HANGUL_CHARACTERS_PER_MINUTE + words / WORDS_PER_MINUTE
  return Math.max(1, Math.round(minutes))
}
