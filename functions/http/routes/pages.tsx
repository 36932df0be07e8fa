import { Hono, type Context } from 'hono'
import { isPublic, normaliseTag, type Article } from '../../core/article'
import type { Publication } from '../../core/publication'
import { isSlug } from '../../core/slug'
import type { AppDeps } from '../app-deps'
import type { FeedCache } from '../feed-cache'
import { sendRepresentation } from '../representation'
import { errorPage } from '../views/error-page'
import { ArticleListPage } from '../views/article-list-page'
import { ArticlePage } from '../views/article-page'

const PAGE_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600'

/** The home page (no tag) or a tag's page, as a document. */
export function listPageHtml(publication: Publication, articles: Article[], tag?: string): string {
  return (
    '<!doctype html>' +
    <ArticleListPage publication={publication} articles={articles} {...(tag !== undefined && { tag })} />
  )
}

/**
 * The public web pages: home, one article, one tag. Drafts and scheduled articles are never shown (isPublic). Home and tag pages come from
 * the feed cache, which builds them with the feeds of the same articles: once per change, not per request.
 */
export function pageRoutes(deps: AppDeps, cache: FeedCache): Hono {
  const { articles, publication } = deps
  const app = new Hono()

  const listPage = async (c: Context, tag?: string) => {
    const page = (await cache.get(tag === undefined ? {} : { tag }))?.page
    if (page === undefined) throw new Error('the feed cache was made without a list page renderer')
    return sendRepresentation(c, page, PAGE_CACHE_CONTROL)
  }

  app.get('/', (c) => listPage(c))

  app.get('/articles/:slug', async (c) => {
    const slug = c.req.param('slug')
    // A slug that breaks the rule names no article that could exist: the 404 page, without a read.
    if (!isSlug(slug)) return c.html(errorPage(404), 404)
    const article = await articles.get(slug)
    if (article === undefined || !isPublic(article)) return c.html(errorPage(404), 404)
    c.header('Cache-Control', PAGE_CACHE_CONTROL)
    return c.html('<!doctype html>' + <ArticlePage publication={publication} article={article} />)
  })

  app.get('/tags/:tag/', (c) => listPage(c, normaliseTag(c.req.param('tag'))))

  return app
}
