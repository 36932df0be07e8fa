import { Hono, type Context } from 'hono'
import type { Article } from '../../core/article'
import {
  createArticle,
  deleteArticle,
  getArticle,
  putArticle,
  setArticleStatus,
  type ArticleDeps,
} from '../../core/articles'
import { ValidationError } from '../../core/errors'
import { parseMarkdownArticle } from '../../core/front-matter'
import { publicationUrls } from '../../core/publication'
import type { AppDeps } from '../app-deps'
import { requireAdminToken } from '../admin-auth'
import { readJsonBody } from '../json-body'

/** The editors' API: every route needs the admin token. */
export function adminArticleRoutes(deps: AppDeps): Hono {
  const articleDeps: ArticleDeps = deps
  const withUrl = (article: Article) => ({
    ...article,
    url: publicationUrls(deps.publication).article(article.slug),
  })
  const app = new Hono()

  app.use('*', requireAdminToken(deps.adminToken))

  app.get('/articles', async (c) => {
    const limit = parseLimit(c.req.query('limit'))
    const cursor = c.req.query('cursor')
    const page = await deps.articles.listAll({ limit, ...(cursor !== undefined && { cursor }) })
    const items = page.items.map(({ bodyMarkdown: _markdown, bodyHtml: _html, ...summary }) => ({
      ...summary,
      url: publicationUrls(deps.publication).article(summary.slug),
    }))
    return c.json({ items, ...(page.cursor !== undefined && { cursor: page.cursor }) })
  })

  app.post('/articles', async (c) => {
    const article = await createArticle(articleDeps, await readArticleBody(c))
    return c.json(withUrl(article), 201, { Location: `/api/articles/${article.slug}` })
  })

  app.get('/articles/:slug', async (c) => c.json(withUrl(await getArticle(deps, c.req.param('slug')))))

  app.put('/articles/:slug', async (c) => {
    const { article, created } = await putArticle(articleDeps, c.req.param('slug'), await readArticleBody(c))
    return c.json(withUrl(article), created ? 201 : 200)
  })

  app.delete('/articles/:slug', async (c) => {
    await deleteArticle(articleDeps, c.req.param('slug'))
    return c.body(null, 204)
  })

  app.post('/articles/:slug/publish', async (c) =>
    c.json(withUrl(await setArticleStatus(articleDeps, c.req.param('slug'), 'published'))),
  )
  app.post('/articles/:slug/unpublish', async (c) =>
    c.json(withUrl(await setArticleStatus(articleDeps, c.req.param('slug'), 'draft'))),
  )

  app.notFound((c) =>
    c.json({ error: 'not_found', message: `No API route ${c.req.method} ${c.req.path}` }, 404),
  )
  return app
}

/** JSON, or Markdown with YAML front matter; both end up as the same article input. */
async function readArticleBody(c: Context): Promise<unknown> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (type === 'text/markdown' || type === 'text/x-markdown') return parseMarkdownArticle(await c.req.text())
  if (type === 'application/json') return readJsonBody(c)
  throw new ValidationError([
    { field: 'Content-Type', problem: 'must be application/json or text/markdown (with YAML front matter)' },
  ])
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return 20
  const limit = Number(raw)
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new ValidationError([{ field: 'limit', problem: 'must be a whole number from 1 to 100' }])
  }
  return limit
}
