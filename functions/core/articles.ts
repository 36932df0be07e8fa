import type { z } from 'zod'
import { articleInputSchema, type Article, type ArticleInput } from './article'
import { NotFoundError, ValidationError, type FieldProblem } from './errors'
import { renderMarkdown } from './markdown'
import { changedFeedUrls } from './feed-topics'
import type { ArticleStore, Clock, FeedChangeListener } from './ports'
import type { Publication } from './publication'
import { slugFromTitle } from './slug'

export interface ArticleDeps {
  articles: ArticleStore
  clock: Clock
  /** Supplies the default language and the feed URLs that a change touches. */
  publication: Publication
  /** Told after every write that changed a feed (WebSub pings); optional. */
  feedListener?: FeedChangeListener
}

async function announce(
  deps: ArticleDeps,
  before: Article | undefined,
  after: Article | undefined,
): Promise<void> {
  const topics = changedFeedUrls(deps.publication, before, after)
  if (topics.length > 0) await deps.feedListener?.feedsChanged(topics)
}

// DynamoDB refuses items over 400 KB; Markdown and its HTML are both stored, so this leaves headroom.
const MAX_ARTICLE_BYTES = 350_000

/** Validates an editor's input; every problem is reported at once, each naming its field. */
export function parseArticleInput(raw: unknown): ArticleInput {
  const result = articleInputSchema.safeParse(raw)
  if (!result.success) throw new ValidationError(toFieldProblems(result.error))
  return result.data
}

export function toFieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return { field: issue.keys.join(', '), problem: 'is not a field of an article' }
    }
    return { field: issue.path.join('.') || '(body)', problem: issue.message }
  })
}

/** Builds the stored article from validated input: renders Markdown once and settles the dates. */
export function buildArticle(
  input: ArticleInput,
  now: Date,
  defaultLang: string,
  previous?: Article,
): Article {
  const stamp = now.toISOString()
  const publishedAt =
    input.publishedAt ?? previous?.publishedAt ?? (input.status === 'published' ? stamp : undefined)
  const article: Article = {
    slug: input.slug ?? previous?.slug ?? slugFromTitle(input.title),
    title: input.title,
    summary: input.summary,
    bodyMarkdown: input.body,
    bodyHtml: renderMarkdown(input.body),
    lang: input.lang ?? defaultLang,
    tags: input.tags,
    related: input.related,
    status: input.status,
    createdAt: previous?.createdAt ?? stamp,
    updatedAt: stamp,
    revision: (previous?.revision ?? 0) + 1,
    ...(input.author !== undefined && { author: input.author }),
    ...(input.image !== undefined && { image: input.image }),
    ...(input.canonicalUrl !== undefined && { canonicalUrl: input.canonicalUrl }),
    ...(publishedAt !== undefined && { publishedAt }),
  }
  if (article.bodyHtml === '') {
    throw new ValidationError([{ field: 'body', problem: 'has no content left once unsafe HTML is removed' }])
  }
  const bytes = Buffer.byteLength(JSON.stringify(article))
  if (bytes > MAX_ARTICLE_BYTES) {
    throw new ValidationError([
      { field: 'body', problem: `makes the article ${Math.ceil(bytes / 1000)} KB; the limit is 350 KB` },
    ])
  }
  return article
}

/** POST /api/articles: a new article; a taken slug is a ConflictError. */
export async function createArticle(deps: ArticleDeps, raw: unknown): Promise<Article> {
  const article = buildArticle(parseArticleInput(raw), deps.clock.now(), deps.publication.lang)
  await deps.articles.create(article)
  await announce(deps, undefined, article)
  return article
}

/**
 * PUT /api/articles/:slug: replaces the article at `slug`, or creates it there, so publishing the same
 * file twice updates instead of failing.
 */
export async function putArticle(
  deps: ArticleDeps,
  slug: string,
  raw: unknown,
): Promise<{ article: Article; created: boolean }> {
  const input = parseArticleInput(raw)
  if (input.slug !== undefined && input.slug !== slug) {
    throw new ValidationError([
      { field: 'slug', problem: `is "${input.slug}" but the URL says "${slug}"; a slug cannot be changed` },
    ])
  }
  const previous = await deps.articles.get(slug)
  const article = buildArticle({ ...input, slug }, deps.clock.now(), deps.publication.lang, previous)
  if (previous === undefined) await deps.articles.create(article)
  else await deps.articles.replace(article, input.revision ?? previous.revision)
  await announce(deps, previous, article)
  return { article, created: previous === undefined }
}

export async function getArticle(deps: Pick<ArticleDeps, 'articles'>, slug: string): Promise<Article> {
  const article = await deps.articles.get(slug)
  if (article === undefined) throw new NotFoundError(`No article has the slug "${slug}"`)
  return article
}

/** Publishes or unpublishes; publishedAt is set on first publication and kept afterwards. */
export async function setArticleStatus(
  deps: ArticleDeps,
  slug: string,
  status: Article['status'],
): Promise<Article> {
  const previous = await getArticle(deps, slug)
  if (previous.status === status) return previous
  const stamp = deps.clock.now().toISOString()
  const article: Article = {
    ...previous,
    status,
    publishedAt: previous.publishedAt ?? (status === 'published' ? stamp : undefined),
    updatedAt: stamp,
    revision: previous.revision + 1,
  }
  if (article.publishedAt === undefined) delete article.publishedAt
  await deps.articles.replace(article, previous.revision)
  await announce(deps, previous, article)
  return article
}

export async function deleteArticle(deps: ArticleDeps, slug: string): Promise<Article> {
  const deleted = await deps.articles.delete(slug)
  await announce(deps, deleted, undefined)
  return deleted
}
