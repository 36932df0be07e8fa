import type { Article } from '../core/article'
import type { Publication } from '../core/publication'
import { readingMinutes } from './reading-time'
import type { DigestStrings } from './strings'

/**
 * "김민준 · 2026년 11월 27일 · 6분 읽기": the author when the article names one, the day it was published in
 * the publication's time zone (UTC when none is configured) and in the digest's language, the reading time.
 */
export function byline(
  article: Article,
  publication: Publication,
  words: Pick<DigestStrings, 'dateLocale' | 'readingTime'>,
): string {
  const parts = [article.author?.trim() ?? '']
  if (article.publishedAt !== undefined) {
    parts.push(dayLabel(article.publishedAt, words.dateLocale, publicationTimeZone(publication)))
  }
  parts.push(words.readingTime(readingMinutes(article)))
  return parts.filter((part) => part !== '').join(' · ')
}

/**
 * The publication's IANA time zone, when its configuration has one (Publication.timeZone, part of the
 * Korean-first work of the same issue), else UTC, so every planner run writes the same date.
 */
function publicationTimeZone(publication: Publication & { timeZone?: string }): string {
  return publication.timeZone ?? 'UTC'
}

function dayLabel(iso: string, locale: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(new Date(iso))
  } catch {
    // A zone this runtime does not know: the date as stored, rather than no digest.
    return iso.slice(0, 10)
  }
}
