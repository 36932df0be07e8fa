/**
 * Reading rates, for silent reading of non-fiction by adults.
 *
 * English: 238 words a minute, the mean of 190 studies (Brysbaert, M. (2019). How many words do we read per
 * minute? A review and meta-analysis of reading rate. Journal of Memory and Language 109, 104047).
 *
 * Korean is counted in characters, because a Korean "word" (어절, the run between spaces) carries a particle
 * or an ending and varies in length far more than an English word. Rhiu et al. (2017), Korean Version
 * Self-testing Application for Reading Speed, Korean Journal of Ophthalmology 31(3), doi:10.3341/kjo.2016.0042,
 * measured 202 어절 a minute in silent reading by normal-sighted adults. Our example article has about 3
 * characters (spaces left out) per 어절 (tests/unit/reading-time.test.ts measures it), so that is ~600 a
 * minute; their sentences came from second-grade textbooks, and economic analysis with figures and tables
 * reads slower, so we take 500 a minute, the rate Korean publishing sites commonly assume. An estimate that
 * runs a little long is the kinder error.
 */
export const ENGLISH_WORDS_PER_MINUTE = 238
export const KOREAN_CHARACTERS_PER_MINUTE = 500

/** Characters a Korean reader reads: every character but whitespace, composed (a syllable counts once). */
export function koreanCharacterCount(text: string): number {
  return [...text.normalize('NFC').replace(/\s+/gu, '')].length
}

export function wordCount(text: string): number {
  return text.split(/\s+/u).filter((word) => word !== '').length
}

/**
 * Whole minutes to read `text` (at least 1): by characters for Korean (`ko`, `ko-KR`...), by words for
 * every other language, which the English rate stands in for.
 */
export function readingMinutes(text: string, lang: string): number {
  const minutes = lang.toLowerCase().startsWith('ko')
    ? koreanCharacterCount(text) / KOREAN_CHARACTERS_PER_MINUTE
    : wordCount(text) / ENGLISH_WORDS_PER_MINUTE
  return Math.max(1, Math.round(minutes))
}
