import { describe, expect, it } from 'vitest'
import { excerpt } from '../../functions/core/excerpt'

const graphemes = (text: string) =>
  [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].length

describe('excerpt', () => {
  it('returns short text unchanged', () => {
    expect(excerpt('짧은 글', 10)).toBe('짧은 글')
  })

  it('cuts Korean without spaces at the grapheme limit with an ellipsis', () => {
    const cut = excerpt('가나다라마바사아자차카타파하'.repeat(3), 10)
    expect(cut).toBe('가나다라마바사아자…')
    expect(graphemes(cut)).toBe(10)
  })

  it('never splits an emoji sequence or a decomposed Hangul syllable', () => {
    const family = '👨‍👩‍👧‍👦'
    const decomposed = '한'.normalize('NFD')
    const cut = excerpt(`${family.repeat(5)}${decomposed.repeat(5)}`, 7)
    expect(cut).toBe(`${family.repeat(5)}${decomposed}…`)
  })

  it('prefers a word boundary near the end in spaced text', () => {
    expect(excerpt('The quick brown fox jumps over the lazy dog', 20)).toBe('The quick brown fox…')
  })
})
