import stringWidth from 'string-width'

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })
const ELLIPSIS = '…'

/**
 * Shortens text to at most `maxColumns` display columns, counting a wide character (Hangul, CJK, most
 * emoji) as two, so a Korean excerpt looks as long as an English one. Cuts only between grapheme clusters,
 * so it never splits a surrogate pair, an emoji sequence or a decomposed Hangul syllable. Prefers a word
 * boundary near the end; text without spaces is cut at the limit. Adds an ellipsis when it cut.
 */
export function excerpt(text: string, maxColumns: number): string {
  const trimmed = text.trim()
  if (stringWidth(trimmed) <= maxColumns) return trimmed
  const budget = maxColumns - stringWidth(ELLIPSIS)
  const kept: string[] = []
  let width = 0
  for (const { segment } of graphemes.segment(trimmed)) {
    const next = stringWidth(segment)
    if (width + next > budget) {
      // Cutting right before a space is already a word boundary.
      if (/\s/.test(segment)) return `${kept.join('').trimEnd()}${ELLIPSIS}`
      break
    }
    kept.push(segment)
    width += next
  }
  const lastSpace = kept.findLastIndex((cluster) => /\s/.test(cluster))
  const cut = lastSpace > kept.length * 0.6 ? kept.slice(0, lastSpace) : kept
  return `${cut.join('').trimEnd()}${ELLIPSIS}`
}
