import { Hono } from 'hono'
import { normaliseTag } from '../../core/article'
import type { Deps } from '../../deps'
import { errorPage } from '../views/error-page'
import { ArticleListPage } from '../views/article-list-page'
import { ArticlePage } from '../views/article-page'

const PAGE_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600'

/** The public web pages: home, one article, one tag. Drafts are never shown. */
export function pageRoutes(deps: Deps): Hono {
  const { articles, publication } = deps
  const app = new Hono()

  app.get('/', async (c) => {
    const latest = await articles.listPublished({ limit: publication.feedSize })
    c.header('Cache-Control', PAGE_CACHE_CONTROL)
    return c.html('<!doctype html>' + <ArticleListPage publication={publication} articles={latest} />)
  })

  app.get('/articles/:slug', async (c) => {
    const article = await articles.get(c.req.param('slug'))
    if (article === undefined || article.status !== 'published') return c.html(errorPage(404), 404)
    c.header('Cache-Control', PAGE_CACHE_CONTROL)
    return c.html('<!doctype html>' + <ArticlePage publication={publication} article={article} />)
  })

  app.get('/tags/:tag/', async (c) => {
    const tag = normaliseTag(c.req.param('tag'))
    const tagged = await articles.listPublished({ limit: publication.feedSize, tag })
    c.header('Cache-Control', PAGE_CACHE_CONTROL)
    return c.html(
      '<!doctype html>' + <ArticleListPage publication={publication} articles={tagged} tag={tag} />,
    )
  })

  return app
}
