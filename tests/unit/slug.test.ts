import { describe, expect, it } from 'vitest'
import { SLUG_PATTERN, slugFromTitle } from '../../functions/core/slug'

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

  it('always yields a valid, bounded slug, even from symbols only', () => {
    for (const title of ['!!!', '🙂🙂', 'a'.repeat(500), '東京の天気', 'Ünïcödé  straße']) {
      const slug = slugFromTitle(title)
      expect(slug).toMatch(SLUG_PATTERN)
      expect(slug.length).toBeLessThanOrEqual(80)
    }
  })
})
