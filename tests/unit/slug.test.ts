import { describe, expect, it } from 'vitest'
import { ValidationError } from '../../functions/core/errors'
import { MAX_SLUG_LENGTH, isSlug, parseSlug, slugFromTitle } from '../../functions/core/slug'

describe('slugFromTitle', () => {
  it('romanizes Korean titles by the Revised Romanization', () => {
    expect(slugFromTitle('한국 경제 전망')).toBe('hanguk-gyeongje-jeonmang')
  })

  it('keeps digits and Latin words in mixed Korean titles', () => {
    expect(slugFromTitle('2027년 AI 투자의 향방')).toBe('2027-nyeon-ai-tujaui-hyangbang')
  })

  it('lower-cases English titles and drops punctuation', () => {
    expect(slugFromTitle('Hello, World! What’s next?')).toBe('hello-world-whats-next')
  })

  it('yields a valid, bounded slug from any title with a letter or digit', () => {
    for (const title of ['a'.repeat(500), '東京の天気', 'Ünïcödé  straße', '🙂 2027']) {
      const slug = slugFromTitle(title)
      expect(isSlug(slug), title).toBe(true)
      expect(slug.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH)
    }
  })

  it('refuses a title with nothing to make a slug of, asking for an explicit slug', () => {
    for (const title of ['!!!', '🙂🙂', '', '   ', '—']) {
      let thrown: unknown
      try {
        slugFromTitle(title)
      } catch (error) {
        thrown = error
      }
      expect(thrown, JSON.stringify(title)).toBeInstanceOf(ValidationError)
      const [problem] = (thrown as ValidationError).problems
      expect(problem?.field).toBe('slug')
      expect(problem?.problem).toContain('slug:')
    }
  })
})

describe('the slug rule', () => {
  it('accepts lower-case ASCII words joined by single dashes, up to 80 characters', () => {
    for (const slug of ['a', 'korea-economy-2027', '2027', 'x'.repeat(MAX_SLUG_LENGTH)]) {
      expect(isSlug(slug), slug).toBe(true)
      expect(parseSlug(slug)).toBe(slug)
    }
  })

  it('refuses anything else, naming the field slug', () => {
    for (const slug of [
      '',
      'a b',
      '<script>',
      'UPPER-Case',
      '../../x',
      '-a',
      'a--b',
      'a-',
      ' a',
      '한국',
      'x'.repeat(300),
      'x'.repeat(1100),
    ]) {
      expect(isSlug(slug), slug).toBe(false)
      expect(() => parseSlug(slug)).toThrow(ValidationError)
      try {
        parseSlug(slug)
      } catch (error) {
        expect((error as ValidationError).problems.map((p) => p.field)).toEqual(['slug'])
        // The refused value is not echoed: it may be 1,000 characters of anything.
        if (slug.length > 20) expect((error as ValidationError).message).not.toContain(slug)
      }
    }
  })
})
