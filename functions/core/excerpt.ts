const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/**
 * Shortens text to at most `max` user-perceived characters (grapheme clusters), so a cut never splits a
 * surrogate pair, an emoji sequence or a decomposed Hangul syllable. Prefers a word boundary when one is
 * near the end; Korean without spaces is cut at the grapheme limit. Adds an ellipsis when it cut.
 */
export function excerpt(text: string, max: number): string {
  const clusters = Array.from(graphemes.segment(text.trim()), (s) => s.segment)
  if (clusters.length <= max) return clusters.join('')
  let cut = clusters.slice(0, max - 1)
  const endsAtWord = /\s/.test(clusters[max - 1]!)
  const lastSpace = cut.findLastIndex((cluster) => /\s/.test(cluster))
  if (!endsAtWord && lastSpace > max * 0.6) cut = cut.slice(0, lastSpace)
  return `${cut.join('').trimEnd()}…`
}
