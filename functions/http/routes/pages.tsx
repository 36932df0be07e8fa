import { Hono, type Context } from 'hono'
import { isPublic, normaliseTag, type Article } from '../../core/article'
import {
  archiveMonths,
  entriesOfMonth,
  listingKey,
  neighbours,
  pageCount,
  pageStart,
  tagCounts,
} from '../../core/navigation'
import type { PublishedEntry } from '../../core/ports'
import { publicationUrls, type Publication } from '../../core/publication'
import { isSlug } from '../../core/slug'
import type { AppDeps } from '../app-deps'
import type { FeedCache } from '../feed-cache'
import { Representation, sendRepresentation } from '../representation'
import { errorPage } from '../views/error-page'
import { ArticleListPage } from '../views/article-list-page'
import { ArticlePage } from '../views/article-page'
import { ArchiveMonthPage, ArchivePage, TagIndexPage } from '../views/archive-pages'
import { pageLang } from '../views/page-strings'
import { FeedExtensionPage } from '../views/feed-extension-page'
import { FEED_EXTENSION_PATH } from '../../core/feed'

const PAGE_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600'
const HTML = 'text/html; charset=utf-8'
// A page number as a path writes it: no sign, no leading zero, no exponent.
const PAGE_NUMBER = /^[1-9]\d{0,5}$/
const YEAR = /^\d{4}$/
const MONTH = /^(0[1-9]|1[0-2])$/

const tagged = (entries: PublishedEntry[], tag: string | undefined) =>
  tag === undefined ? entries : entries.filter((entry) => entry.tags.includes(tag))

/** One page of the home page (no tag) or of a tag's page, as a document. */
export function listPageHtml(
  publication: Publication,
  articles: Article[],
  tag: string | undefined,
  entries: PublishedEntry[],
  page = 1,
): string {
  const total = tagged(entries, tag).length
  return (
    '<!doctype html>' +
    (
      <ArticleListPage
        publication={publication}
        articles={articles}
        {...(tag !== undefined && { tag })}
        page={page}
        pages={pageCount(total, publication.feedSize)}
        total={total}
      />
    )
  )
}

/**
 * The public web pages: home and its further pages, one article, one tag and its pages, the tag index and
 * the monthly archive. Drafts and scheduled articles are never shown (isPublic). Every page that lists articles is built once per change:
 * the first page of home and of a tag with their feeds, the others from the published entries
 * (FeedCache.derived); each answers with a strong ETag and 304s.
 */
export function pageRoutes(deps: AppDeps, cache: FeedCache): Hono {
  const { articles, publication } = deps
  const urls = publicationUrls(publication)
  const timeZone = publication.timeZone ?? 'UTC'
  const lang = pageLang(publication.lang)
  const app = new Hono()
  const notFound = (c: Context) => c.html(errorPage(404, lang), 404)
  const send = (c: Context, page: Representation | undefined) =>
    page === undefined ? notFound(c) : sendRepresentation(c, page, PAGE_CACHE_CONTROL)
  const document = (html: string, lastModified: Date) => new Representation(html, HTML, lastModified)

  const firstPage = async (c: Context, tag?: string) => {
    const page = (await cache.get(tag === undefined ? {} : { tag }))?.page
    if (page === undefined) throw new Error('the feed cache was made without a list page renderer')
    return send(c, page)
  }

  const laterPage = async (c: Context, tag?: string) => {
    const param = c.req.param('page') ?? ''
    if (!PAGE_NUMBER.test(param)) return notFound(c)
    const number = Number(param)
    if (number === 1) return c.redirect(urls.listPage(1, tag), 301)
    // Checked before anything is cached: a crawler walking page numbers fills no cache with 404s.
    if (pageStart(tagged(await cache.entries(), tag), number, publication.feedSize) === undefined) {
      return notFound(c)
    }
    const page = await cache.derived(`page|${tag ?? ''}|${number}`, async (lastModified) => {
      const entries = await cache.entries()
      const start = pageStart(tagged(entries, tag), number, publication.feedSize)
      if (start?.after === undefined) return undefined
      const listed = await articles.listPublished({
        limit: publication.feedSize,
        before: listingKey(start.after),
        ...(tag !== undefined && { tag }),
      })
      return document(listPageHtml(publication, listed, tag, entries, number), lastModified)
    })
    return send(c, page)
  }

  app.get('/', (c) => firstPage(c))
  app.get('/page/:page/', (c) => laterPage(c))

  app.get('/articles/:slug', async (c) => {
    const slug = c.req.param('slug')
    // A slug that breaks the rule names no article that could exist: the 404 page, without a read.
    if (!isSlug(slug)) return notFound(c)
    const [article, entries] = await Promise.all([articles.get(slug), cache.entries()])
    if (article === undefined || !isPublic(article)) return notFound(c)
    c.header('Cache-Control', PAGE_CACHE_CONTROL)
    return c.html(
      '<!doctype html>' +
      <ArticlePage publication={publication} article={article} neighbours={neighbours(entries, slug)} />,
    )
  })

  app.get(FEED_EXTENSION_PATH, (c) => {
    c.header('Cache-Control', PAGE_CACHE_CONTROL)
    return c.html('<!doctype html>' + <FeedExtensionPage publication={publication} />)
  })

  app.get('/tags/', async (c) =>
    send(
      c,
      await cache.derived('tags', async (lastModified) =>
        document(
          '<!doctype html>' +
          <TagIndexPage publication={publication} tags={tagCounts(await cache.entries(), lang)} />,
          lastModified,
        ),
      ),
    ),
  )
  app.get('/tags/:tag/', (c) => firstPage(c, normaliseTag(c.req.param('tag'))))
  app.get('/tags/:tag/page/:page/', (c) => laterPage(c, normaliseTag(c.req.param('tag'))))

  app.get('/archive/', async (c) =>
    send(
      c,
      await cache.derived('archive', async (lastModified) =>
        document(
          '<!doctype html>' +
          <ArchivePage publication={publication} months={archiveMonths(await cache.entries(), timeZone)} />,
          lastModified,
        ),
      ),
    ),
  )
  app.get('/archive/:year/:month/', async (c) => {
    const { year, month } = c.req.param()
    if (!YEAR.test(year) || !MONTH.test(month)) return notFound(c)
    const period = `${year}-${month}`
    if (entriesOfMonth(await cache.entries(), period, timeZone).length === 0) return notFound(c)
    const page = await cache.derived(`archive|${period}`, async (lastModified) => {
      const entries = entriesOfMonth(await cache.entries(), period, timeZone)
      if (entries.length === 0) return undefined
      return document(
        '<!doctype html>' + <ArchiveMonthPage publication={publication} month={period} entries={entries} />,
        lastModified,
      )
    })
    return send(c, page)
  })

  return app
}
