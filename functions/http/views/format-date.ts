/** A reader-facing date in the article's language, in UTC so every server renders the same page. */
export function formatDate(iso: string, lang: string): string {
  try {
    return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso))
  } catch {
    return iso.slice(0, 10)
  }
}
