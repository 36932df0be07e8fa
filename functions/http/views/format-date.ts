/**
 * A reader-facing date in the reader's language, in the publication's time zone (PUBLICATION_TIME_ZONE), so
 * an article published at 08:00 in Seoul is dated that day on a Korean site, whichever server renders it.
 */
export function formatDate(iso: string, lang: string, timeZone: string | undefined): string {
  try {
    return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: timeZone ?? 'UTC' }).format(
      new Date(iso),
    )
  } catch {
    return iso.slice(0, 10)
  }
}

/** A month heading ("2026년 11월", "November 2026") for a month given as "2026-11". */
export function formatMonth(month: string, lang: string): string {
  // The middle of the month in UTC is the same month in every time zone.
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(`${month}-15T00:00:00Z`),
  )
}
