import stringWidth from 'string-width'
import type { Token } from 'marked'
import { lexMarkdown, tokensToPlainText } from './markdown'

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })
const ELLIPSIS = '…'
const ELLIPSIS_WIDTH = stringWidth(ELLIPSIS)

/**
 * Shortens text to at most `maxColumns` display columns, counting a wide character (Hangul, CJK, most
 * emoji) as two, so a Korean excerpt looks as long as an English one. Cuts only between grapheme clusters,
 * so it never splits a surrogate pair, an emoji sequence or a decomposed Hangul syllable. Prefers a word
 * boundary near the end; text without spaces is cut at the limit. Adds an ellipsis when it cut.
 * Reads only as far as the limit, so a long body costs no more than a short one.
 */
export function excerpt(text: string, maxColumns: number): string {
  const trimmed = text.trim()
  const budget = maxColumns - ELLIPSIS_WIDTH
  const kept: string[] = []
  let width = 0
  let cutAt = -1 // clusters that fit with an ellipsis after them
  let boundary = false // the first cluster past the budget is whitespace
  for (const { segment } of graphemes.segment(trimmed)) {
    width += stringWidth(segment)
    if (width > maxColumns) {
      const cut = kept.slice(0, cutAt)
      const lastSpace = cut.findLastIndex((cluster) => /\s/.test(cluster))
      const atWord = boundary || lastSpace <= cut.length * 0.6 ? cut : cut.slice(0, lastSpace)
      return `${atWord.join('').trimEnd()}${ELLIPSIS}`
    }
    if (width <= budget) cutAt = kept.length + 1
    else if (cutAt === kept.length) boundary = /\s/.test(segment)
    kept.push(segment)
  }
  return trimmed
}

/**
 * An automatic excerpt of an article's Markdown body, for when the editor wrote no summary. Headings are
 * left out, so "## 핵심 요약" never runs into the paragraph after it ("핵심 요약 반도체 수출이…"); blocks are
 * read only until they hold enough text for the excerpt.
 */
export function bodyExcerpt(markdown: string, maxColumns: number): string {
  const enough = maxColumns * 4 // Markdown source per column of text, generously (links, emphasis, tables)
  const blocks: Token[] = []
  let length = 0
  for (const token of lexMarkdown(markdown)) {
    if (length > enough) break
    if (token.type === 'heading' || token.type === 'space') continue
    blocks.push(token)
    length += token.raw.length
  }
  return excerpt(tokensToPlainText(blocks), maxColumns)
}
