import type { PublishedEntry } from './ports'
import { publicationUrls, type Publication } from './publication'

/** One <url> of a sitemap: where, and when its content last changed (W3C datetime). */
export interface SitemapUrl {
  loc: string
  lastmod?: string
}

/** The sitemaps.org protocol's ceiling: a sitemap lists at most 50,000 URLs, or an index splits it. */
export const SITEMAP_MAX_URLS = 50_000

/** The sitemap's documents: one urlset, or an index (root) over parts of at most maxUrls each. */
export interface SitemapDocuments {
  root: string
  /** Empty when the root is itself the urlset. */
  parts: string[]
}

const latest = (dates: (string | undefined)[]) =>
  dates.reduce<string | undefined>(
    (a, b) => (b === undefined || (a !== undefined && a >= b) ? a : b),
    undefined,
  )

/**
 * Every public page worth crawling, with lastmod: the home page, each tag's page and each published article
 * (drafts never reach `entries`). An article whose canonical URL is on another site is left out: a sitemap
 * lists only its own site's canonical pages.
 */
export function sitemapUrls(publication: Publication, entries: PublishedEntry[]): SitemapUrl[] {
  const urls = publicationUrls(publication)
  const ownSite = `${publication.siteUrl}/`
  const tagDates = new Map<string, string | undefined>()
  for (const entry of entries) {
    for (const tag of entry.tags) tagDates.set(tag, latest([tagDates.get(tag), entry.updatedAt]))
  }
  const home = latest(entries.map((entry) => entry.updatedAt))
  const articles = entries.flatMap((entry): SitemapUrl[] => {
    const loc = entry.canonicalUrl ?? urls.article(entry.slug)
    return loc.startsWith(ownSite) ? [{ loc, lastmod: entry.updatedAt }] : []
  })
  return [
    { loc: urls.home, ...(home !== undefined && { lastmod: home }) },
    // Tags in a fixed order, so an unchanged site makes the same bytes (and ETag) whatever was read first.
    ...[...tagDates]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([tag, lastmod]) => ({ loc: urls.tag(tag), ...(lastmod && { lastmod }) })),
    ...articles,
  ]
}

/**
 * The sitemap as XML: one urlset while it holds `maxUrls` URLs or fewer; past that, the root is a sitemap
 * index naming parts 1..n (`publicationUrls.sitemap(n)`), each a urlset of at most `maxUrls`.
 */
export function sitemapDocuments(
  publication: Publication,
  urls: SitemapUrl[],
  maxUrls = SITEMAP_MAX_URLS,
): SitemapDocuments {
  if (urls.length <= maxUrls) return { root: urlset(urls), parts: [] }
  const chunks: SitemapUrl[][] = []
  for (let i = 0; i < urls.length; i += maxUrls) chunks.push(urls.slice(i, i + maxUrls))
  const index = chunks.map((chunk, i) => {
    const lastmod = latest(chunk.map((url) => url.lastmod))
    return { loc: publicationUrls(publication).sitemap(i + 1), ...(lastmod !== undefined && { lastmod }) }
  })
  return { root: sitemapIndex(index), parts: chunks.map(urlset) }
}

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9'

const entry = (element: string, { loc, lastmod }: SitemapUrl) =>
  `<${element}><loc>${escapeXml(loc)}</loc>${lastmod === undefined ? '' : `<lastmod>${lastmod}</lastmod>`}</${element}>\n`

function urlset(urls: SitemapUrl[]): string {
  return `${HEAD}<urlset xmlns="${NS}">\n${urls.map((url) => entry('url', url)).join('')}</urlset>\n`
}

function sitemapIndex(sitemaps: SitemapUrl[]): string {
  return `${HEAD}<sitemapindex xmlns="${NS}">\n${sitemaps.map((url) => entry('sitemap', url)).join('')}</sitemapindex>\n`
}

// The protocol asks for entity-escaped URLs; & is the one a real URL carries (a query string).
const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`)
