import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { articleStructure } from '../../functions/core/article-structure'
import { parseMarkdownArticle } from '../../functions/core/front-matter'
import { lexMarkdown, tokensToPlainText } from '../../functions/core/markdown'
import {
  ENGLISH_WORDS_PER_MINUTE,
  KOREAN_CHARACTERS_PER_MINUTE,
  koreanCharacterCount,
  readingMinutes,
  wordCount,
} from '../../functions/core/reading-time'

describe('readingMinutes', () => {
  it('reads Korean by characters, spaces left out and a decomposed syllable counted once', () => {
    expect(koreanCharacterCount('한국 경제')).toBe(4)
    expect(koreanCharacterCount('한'.normalize('NFD'))).toBe(1)
    expect(readingMinutes('가'.repeat(KOREAN_CHARACTERS_PER_MINUTE * 3), 'ko')).toBe(3)
    expect(readingMinutes('가 '.repeat(KOREAN_CHARACTERS_PER_MINUTE * 3), 'ko-KR')).toBe(3)
  })

  it('reads English (and every other language) by words', () => {
    expect(wordCount('  The quick\nbrown fox ')).toBe(4)
    expect(readingMinutes('word '.repeat(ENGLISH_WORDS_PER_MINUTE * 4), 'en')).toBe(4)
    // The same text as Korean would be read by its characters: 4 × 238 × 4 = 3,808 characters, 8 minutes.
    expect(readingMinutes('word '.repeat(ENGLISH_WORDS_PER_MINUTE * 4), 'ko')).toBe(8)
  })

  it('says at least one minute, and rounds to the nearest minute', () => {
    expect(readingMinutes('', 'en')).toBe(1)
    expect(readingMinutes('가'.repeat(1_240), 'ko')).toBe(2)
    expect(readingMinutes('가'.repeat(1_260), 'ko')).toBe(3)
  })

  it('measures the bundled example: about 3 characters per 어절, the figure reading-time.ts cites', async () => {
    const { body } = parseMarkdownArticle(await readFile('examples/korean-economy-2027.md', 'utf8')) as {
      body: string
    }
    const text = tokensToPlainText(lexMarkdown(body))
    const perWord = koreanCharacterCount(text) / wordCount(text)
    expect(perWord).toBeGreaterThan(2.7)
    expect(perWord).toBeLessThan(3.4)
    expect(articleStructure(body, { lang: 'ko' }).readingMinutes).toBe(
      Math.round(koreanCharacterCount(text) / KOREAN_CHARACTERS_PER_MINUTE),
    )
  })
})
