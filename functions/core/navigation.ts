import { Temporal } from 'temporal-polyfill'
import type { PublishedEntry } from './ports'

/**
 * The site's navigation, computed from the published entries (newest first) alone: pages of a listing,
 * months of the archive, the tag index, and an article's neighbours. Pure, so each is built once per change.
 */

/** The position of an entry in every published listing: PublishedQuery.before continues right after it. */
export const listingKey = (entry: Pick<PublishedEntry, 'slug' | 'publishedAt'>) =>
  `${entry.publishedAt}#${entry.slug}`

/** How many pages a listing of `total` articles fills; an empty listing still has its first page. */
export const pageCount = (total: number, pageSize: number) => Math.max(1, Math.ceil(total / pageSize))

/**
 * Where page `page` (from 1) of a listing starts: after which entry (undefined for page 1), or undefined
 * as a whole when there is no such page.
 */
export function pageStart(
  entries: readonly PublishedEntry[],
  page: number,
  pageSize: number,
): { after?: PublishedEntry } | undefined {
  if (!Number.isInteger(page) || page < 1 || page > pageCount(entries.length, pageSize)) return undefined
  if (page === 1) return {}
  return { after: entries[(page - 1) * pageSize - 1]! }
}

/** The month ("2026-11") an instant falls in, in a time zone. */
export function monthIn(iso: string, timeZone: string): string {
  return Temporal.Instant.from(iso).toZonedDateTimeISO(timeZone).toPlainDate().toPlainYearMonth().toString()
}

export interface MonthCount {
  month: string
  count: number
}

/** The months that hold an article, newest first, with how many; months as the publication's readers see them. */
export function archiveMonths(entries: readonly PublishedEntry[], timeZone: string): MonthCount[] {
  const counts = new Map<string, number>()
  for (const entry of entries) {
    const month = monthIn(entry.publishedAt, timeZone)
    counts.set(month, (counts.get(month) ?? 0) + 1)
  }
  // Entries come newest first, so the months do too.
  return [...counts].map(([month, count]) => ({ month, count }))
}

/** One month's entries, newest first. */
export function entriesOfMonth(
  entries: readonly PublishedEntry[],
  month: string,
  timeZone: string,
): PublishedEntry[] {
  return entries.filter((entry) => monthIn(entry.publishedAt, timeZone) === month)
}

export interface TagCount {
  tag: string
  count: number
}

/** Every tag on a published article with how many carry it: most used first, then by name. */
export function tagCounts(entries: readonly PublishedEntry[], locale: string): TagCount[] {
  const counts = new Map<string, number>()
  for (const entry of entries)
    for (const tag of new Set(entry.tags)) counts.set(tag, (counts.get(tag) ?? 0) + 1)
  const collator = new Intl.Collator(locale)
  return [...counts]
    .map(([tag, count]) => ({ tag, count }))
    .sort((a, b) => b.count - a.count || collator.compare(a.tag, b.tag))
}

export interface Neighbours {
  /** The article published just before this one. */
  previous?: PublishedEntry
  /** The article published just after this one. */
  next?: PublishedEntry
}

/** The articles published just before and just after the one with `slug`; none when it is not listed. */
export function neighbours(entries: readonly PublishedEntry[], slug: string): Neighbours {
  const index = entries.findIndex((entry) => entry.slug === slug)
  if (index === -1) return {}
  const previous = entries[index + 1]
  const next = index > 0 ? entries[index - 1] : undefined
  return { ...(previous !== undefined && { previous }), ...(next !== undefined && { next }) }
}
