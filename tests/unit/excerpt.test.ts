import fc from 'fast-check'
import stringWidth from 'string-width'
import { describe, expect, it } from 'vitest'
import { bodyExcerpt, excerpt } from '../../functions/core/excerpt'

const clusters = (text: string) =>
  [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((s) => s.segment)

describe('excerpt', () => {
  it('returns short text unchanged', () => {
    expect(excerpt('짧은 글', 10)).toBe('짧은 글')
  })

  it('cuts Korean without spaces to the same display width as English, with an ellipsis', () => {
    const korean = excerpt('가나다라마바사아자차카타파하'.repeat(3), 20)
    const english = excerpt('abcdefghijklmnopqrstuvwxyz'.repeat(3), 20)
    expect(korean).toBe('가나다라마바사아자…')
    expect(english).toBe('abcdefghijklmnopqrs…')
    expect(stringWidth(korean)).toBe(19)
    expect(stringWidth(english)).toBe(20)
  })

  it('never splits an emoji sequence or a decomposed Hangul syllable', () => {
    const family = '👨‍👩‍👧‍👦'
    const decomposed = '한'.normalize('NFD')
    const cut = excerpt(`${family.repeat(5)}${decomposed.repeat(5)}`, 13)
    expect(cut).toBe(`${family.repeat(5)}${decomposed}…`)
  })

  it('prefers a word boundary near the end in spaced text', () => {
    expect(excerpt('The quick brown fox jumps over the lazy dog', 20)).toBe('The quick brown fox…')
    expect(excerpt('반도체 수출이 전년 대비 크게 늘었다', 20)).toBe('반도체 수출이 전년…')
  })

  it('always fits the width and is a prefix of whole grapheme clusters', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 80 }),
        fc.integer({ min: 4, max: 60 }),
        (text, max) => {
          const cut = excerpt(text, max)
          expect(stringWidth(cut)).toBeLessThanOrEqual(max)
          const kept = cut.endsWith('…') && cut !== text.trim() ? cut.slice(0, -1) : cut
          const original = clusters(text.trim())
          expect(clusters(kept)).toEqual(original.slice(0, clusters(kept).length))
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe('bodyExcerpt', () => {
  it('never runs a heading into the paragraph after it', () => {
    const markdown = '## 핵심 요약\n\n반도체 수출이 늘었다.\n\n### Outlook\n\nRates fall.'
    expect(bodyExcerpt(markdown, 200)).toBe('반도체 수출이 늘었다. Rates fall.')
    expect(bodyExcerpt('# Title\n\nFirst paragraph.', 200)).toBe('First paragraph.')
  })

  it('cuts a long body to the width like excerpt, reading only its opening blocks', () => {
    const paragraph = '반도체 수출이 전년 대비 크게 늘었다.'
    const markdown = Array.from({ length: 2_000 }, (_, index) => `## ${index}\n\n${paragraph}`).join('\n\n')
    const cut = bodyExcerpt(markdown, 40)
    expect(stringWidth(cut)).toBeLessThanOrEqual(40)
    expect(cut.startsWith(paragraph)).toBe(true)
    expect(cut).not.toMatch(/\d/)
  })
})
