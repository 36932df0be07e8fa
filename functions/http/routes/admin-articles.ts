import { Hono, type MiddlewareHandler } from 'hono'
import { validator } from 'hono/validator'
import { z } from 'zod'
import { articleInputSchema, type Article, type ArticleInput } from '../../core/article'
import {
  createArticle,
  deleteArticle,
  getArticle,
  parseArticleInput,
  putArticle,
  setArticleStatus,
  type ArticleDeps,
} from '../../core/articles'
import { ValidationError } from '../../core/errors'
import { parseMarkdownArticle } from '../../core/front-matter'
import { publicationUrls } from '../../core/publication'
import { slugSchema } from '../../core/slug'
import { cursorSchema } from '../../adapters/dynamodb/cursor'
import type { AppDeps } from '../app-deps'
import { requireAdminToken } from '../admin-auth'
import { checkJsonBody, isJsonType } from '../json-body'
import { limitSchema, validate } from '../validate'

const listQuery = validate('query', z.object({ limit: limitSchema(20), cursor: cursorSchema.optional() }))
const slugParam = validate('param', z.object({ slug: slugSchema }))

/** The editors' API: every route needs the admin token. */
export function adminArticleRoutes(deps: AppDeps): Hono {
  const articleDeps: ArticleDeps = deps
  const withUrl = (article: Article) => ({
    ...article,
    url: publicationUrls(deps.publication).article(article.slug),
  })
  const app = new Hono()

  app.use('*', requireAdminToken(deps.adminToken))

  app.get('/articles', listQuery, async (c) => {
    const { limit, cursor } = c.req.valid('query')
    const page = await deps.articles.listAll({ limit, ...(cursor !== undefined && { cursor }) })
    const items = page.items.map(({ bodyMarkdown: _markdown, bodyHtml: _html, ...summary }) => ({
      ...summary,
      url: publicationUrls(deps.publication).article(summary.slug),
    }))
    return c.json({ items, ...(page.cursor !== undefined && { cursor: page.cursor }) })
  })

  app.post('/articles', articleBody, async (c) => {
    const article = await createArticle(articleDeps, c.req.valid('json'))
    return c.json(withUrl(article), 201, { Location: `/api/articles/${article.slug}` })
  })

  app.get('/articles/:slug', slugParam, async (c) =>
    c.json(withUrl(await getArticle(deps, c.req.valid('param').slug))),
  )

  app.put('/articles/:slug', slugParam, articleBody, async (c) => {
    const { article, created } = await putArticle(articleDeps, c.req.valid('param').slug, c.req.valid('json'))
    return c.json(withUrl(article), created ? 201 : 200)
  })

  app.delete('/articles/:slug', slugParam, async (c) => {
    await deleteArticle(articleDeps, c.req.valid('param').slug)
    return c.body(null, 204)
  })

  app.post('/articles/:slug/publish', slugParam, async (c) =>
    c.json(withUrl(await setArticleStatus(articleDeps, c.req.valid('param').slug, 'published'))),
  )
  app.post('/articles/:slug/unpublish', slugParam, async (c) =>
    c.json(withUrl(await setArticleStatus(articleDeps, c.req.valid('param').slug, 'draft'))),
  )

  app.notFound((c) =>
    c.json({ error: 'not_found', message: `No API route ${c.req.method} ${c.req.path}` }, 404),
  )
  return app
}

const jsonArticle = validate('json', articleInputSchema)
/** Markdown with YAML front matter, read into the same input (parseMarkdownArticle) and the same schema. */
const markdownArticle = validator('json', async (_value, c) =>
  parseArticleInput(parseMarkdownArticle(await c.req.text())),
)

/** JSON, or Markdown with YAML front matter; both end up as the same validated article input. */
const articleBody: MiddlewareHandler<object, string, { out: { json: ArticleInput } }> = async (c, next) => {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (type === 'text/markdown' || type === 'text/x-markdown') return markdownArticle(c, next)
  if (isJsonType(type)) {
    await checkJsonBody(c)
    return jsonArticle(c, next)
  }
  throw new ValidationError([
    { field: 'Content-Type', problem: 'must be application/json or text/markdown (with YAML front matter)' },
  ])
}
