import type { z } from 'zod'
import { articleInputSchema, type Article, type ArticleInput, type RelatedLink } from './article'
import { articleStructure, mergeRelated, renderArticleBody } from './article-structure'
import { ConflictError, NotFoundError, ValidationError, type FieldProblem } from './errors'
import { changedFeedUrls, changedPageUrls } from './feed-topics'
import { API_ACTOR, articleSubject, type Actor, type AuditAction } from './audit'
import type { ArticleStore, AuditLog, Clock, FeedChangeListener, GoLiveScheduler } from './ports'
import type { Publication } from './publication'
import { isSlug, parseSlug, slugFromTitle } from './slug'

export interface ArticleDeps {
  articles: ArticleStore
  clock: Clock
  /** Supplies the default language and the feed URLs that a change touches. */
  publication: Publication
  /** Told after every write that changed a feed or a public page (WebSub, IndexNow); optional. */
  feedListener?: FeedChangeListener
  /** Every change is written here, whoever makes it (desk, admin API, CLI through the API). */
  audit: AuditLog
  /**
   * Makes scheduled articles go live at their time (EventBridge Scheduler on AWS, timers under npm start).
   * Without one, a scheduled article waits until something runs go-live (goLive in go-live.ts).
   */
  scheduler?: GoLiveScheduler
}

/**
 * Appends what a write did to the audit log, after the write (no transactions, docs/decisions/001): a crash
 * in between loses the line, never the article. A status change is its own line beside created/changed.
 */
async function audit(
  deps: ArticleDeps,
  actor: Actor,
  before: Article | undefined,
  after: Article | undefined,
  action?: AuditAction,
): Promise<void> {
  const slug = (after ?? before)!.slug
  const at = deps.clock.now().toISOString()
  const actions: AuditAction[] = []
  if (action !== undefined) actions.push(action)
  else if (after === undefined) actions.push('deleted')
  else if (before === undefined) actions.push('created')
  else actions.push('changed')
  if (after !== undefined && action === undefined) {
    // Scheduled, or moved to another time: the line says when it will go live (publishedAt, on the entry's
    // revision); going live itself is go-live.ts's own line.
    const scheduled = after.status === 'scheduled'
    if (scheduled && (before?.status !== 'scheduled' || before.publishedAt !== after.publishedAt))
      actions.push('scheduled')
    if (after.status === 'published' && before?.status !== 'published') actions.push('published')
    if (after.status !== 'published' && before?.status === 'published') actions.push('unpublished')
  }
  for (const each of actions) {
    await deps.audit.record({
      subject: articleSubject(slug),
      action: each,
      actor,
      at,
      ...(after !== undefined && { revision: after.revision }),
    })
  }
}

/**
 * After a write: a scheduled article gets its go-live set (again: setting it is idempotent, so saving the
 * same article twice repairs a go-live that a failed call left unset); one that is no longer scheduled
 * loses it. Done after the write, since go-live reads the stored article and does nothing unless it is
 * still scheduled and due: a go-live left behind is harmless, a missing one would strand the article.
 */
async function syncGoLive(deps: ArticleDeps, before: Article | undefined, after: Article | undefined) {
  if (deps.scheduler === undefined) return
  if (after?.status === 'scheduled') await deps.scheduler.schedule(after.slug, after.publishedAt!)
  else if (before?.status === 'scheduled') await deps.scheduler.unschedule(before.slug)
}

/** Writes that change what readers see are announced; every write that can change a go-live syncs it. */
async function afterWrite(
  deps: ArticleDeps,
  actor: Actor,
  before: Article | undefined,
  after: Article | undefined,
  action?: AuditAction,
) {
  await audit(deps, actor, before, after, action)
  await syncGoLive(deps, before, after)
  await announceChange(deps, before, after)
}

/**
 * Tells the listener what a write changed: the feeds (WebSub) and the article's page (IndexNow). Every
 * change of a published article goes through here, a scheduled one going live included (go-live.ts).
 */
export async function announceChange(
  deps: Pick<ArticleDeps, 'publication' | 'feedListener'>,
  before: Article | undefined,
  after: Article | undefined,
): Promise<void> {
  const topics = changedFeedUrls(deps.publication, before, after)
  if (topics.length > 0) {
    await deps.feedListener?.feedsChanged(topics, changedPageUrls(deps.publication, before, after))
  }
}

// DynamoDB refuses items over 400 KB; Markdown and its HTML are both stored, so this leaves headroom.
const MAX_ARTICLE_BYTES = 350_000

/** Validates an editor's input; every problem is reported at once, each naming its field. */
export function parseArticleInput(raw: unknown): ArticleInput {
  const result = articleInputSchema.safeParse(raw)
  if (!result.success) throw new ValidationError(toFieldProblems(result.error))
  return result.data
}

/**
 * Zod issues as field problems. A field is named by the keys on its path as written, whatever they are:
 * `__proto__`, `constructor` or a symbol are names like any other (String(), not a lookup or a template).
 */
export function toFieldProblems(error: z.core.$ZodError): FieldProblem[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return { field: issue.keys.map(String).join(', '), problem: 'is not a field of an article' }
    }
    return { field: issue.path.map(String).join('.') || '(body)', problem: issue.message }
  })
}

export interface BuildOptions {
  /** The site's base URL: related links written as paths resolve against it, and it tells our own articles. */
  siteUrl?: string
  /** Our own published articles that related links point to, by URL (see ownArticlesLinked). */
  ownArticles?: ReadonlyMap<string, Article>
}

/**
 * Builds the stored article from validated input: renders Markdown once and settles the dates. A related
 * list in the body ("## 관련 기사") joins the related links and leaves the body's HTML, since every format
 * shows related links on its own; a link to one of our own articles takes its title and dek when the
 * editor gave none.
 */
export function buildArticle(
  input: ArticleInput,
  now: Date,
  defaultLang: string,
  previous?: Article,
  options: BuildOptions = {},
): Article {
  const structure = articleStructure(
    input.body,
    options.siteUrl === undefined ? {} : { siteUrl: options.siteUrl },
  )
  if (input.takeaways !== undefined && structure.takeawaysTitle !== undefined) {
    throw new ValidationError([
      {
        field: 'takeaways',
        problem: `are given twice, as a field and under the heading "${structure.takeawaysTitle}"; keep one`,
      },
    ])
  }
  const related = mergeRelated(
    input.related.map((link) => filledIn(link, options.ownArticles?.get(link.url))),
    structure.related.map((link) => filledIn(link, options.ownArticles?.get(link.url))),
  )
  const stamp = now.toISOString()
  const source = input.source ?? previous?.source
  // A scheduled article's publishedAt is a plan, not a fact: a write that does not schedule it again
  // (publish now, back to draft) drops it rather than carry a future date into a published article.
  const carried = previous?.status === 'scheduled' && input.status !== 'scheduled' ? undefined : previous
  const publishedAt =
    input.publishedAt ?? carried?.publishedAt ?? (input.status === 'published' ? stamp : undefined)
  const status = settleStatus(input.status, publishedAt, now)
  const article: Article = {
    slug: input.slug ?? previous?.slug ?? slugFromTitle(input.title),
    title: input.title,
    summary: input.summary,
    bodyMarkdown: input.body,
    bodyHtml: renderArticleBody(input.body, options.siteUrl),
    lang: input.lang ?? defaultLang,
    tags: input.tags,
    related,
    status,
    createdAt: previous?.createdAt ?? stamp,
    updatedAt: stamp,
    revision: (previous?.revision ?? 0) + 1,
    ...(input.author !== undefined && { author: input.author }),
    ...(input.image !== undefined && { image: input.image }),
    ...(input.takeaways !== undefined && { takeaways: input.takeaways }),
    ...(input.canonicalUrl !== undefined && { canonicalUrl: input.canonicalUrl }),
    ...(publishedAt !== undefined && { publishedAt }),
    ...(source !== undefined && { source }),
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

/**
 * A related link as stored: the editor's title and blurb, else our own article's title and dek, else the
 * URL. A title that is only the URL (a bare link, `[](url)`, `<url>`) counts as none.
 */
function filledIn(
  link: { url: string; title?: string; blurb?: string },
  own: Article | undefined,
): RelatedLink {
  const blurb = link.blurb ?? (own?.summary || undefined)
  const given = link.title === link.url ? undefined : link.title
  return { title: given ?? own?.title ?? link.url, url: link.url, ...(blurb !== undefined && { blurb }) }
}

/**
 * Our own published articles that the input's related links point to (SITE_URL/articles/<slug>), by URL,
 * read when the article is written: a later change to them shows after this article is saved again.
 */
export async function ownArticlesLinked(
  deps: Pick<ArticleDeps, 'articles' | 'publication'>,
  input: ArticleInput,
): Promise<Map<string, Article>> {
  const siteUrl = deps.publication.siteUrl
  const urls = [
    ...input.related.map((link) => link.url),
    ...articleStructure(input.body, { siteUrl }).related.map((link) => link.url),
  ]
  const prefix = `${siteUrl}/articles/`
  const found = new Map<string, Article>()
  for (const url of new Set(urls)) {
    const slug = url.startsWith(prefix) ? url.slice(prefix.length).replace(/\/$/, '') : undefined
    if (slug === undefined || !isSlug(slug)) continue
    const article = await deps.articles.get(slug)
    if (article?.status === 'published') found.set(url, article)
  }
  return found
}

const buildOptions = async (deps: ArticleDeps, input: ArticleInput): Promise<BuildOptions> => ({
  siteUrl: deps.publication.siteUrl,
  ownArticles: await ownArticlesLinked(deps, input),
})

/**
 * The status an article is stored with. `scheduled` needs a publishedAt in the future; `published` with a
 * future publishedAt is scheduled too, since readers must not see an article before its date (a past date
 * is a backdated publish, as always). A draft keeps whatever date it has.
 */
export function settleStatus(
  requested: Article['status'],
  publishedAt: string | undefined,
  now: Date,
): Article['status'] {
  if (requested === 'draft') return 'draft'
  const future = publishedAt !== undefined && Date.parse(publishedAt) > now.getTime()
  if (future) return 'scheduled'
  if (requested === 'scheduled') {
    throw new ValidationError([
      {
        field: 'publishedAt',
        problem:
          publishedAt === undefined
            ? 'is required to schedule an article: the moment it goes live, such as 2026-11-27T09:00:00+09:00'
            : `must be in the future to schedule an article (it is ${publishedAt}, now is ${now.toISOString()})`,
      },
    ])
  }
  return 'published'
}

/** POST /api/articles: a new article from validated input (parseArticleInput); a taken slug is a ConflictError. */
export async function createArticle(
  deps: ArticleDeps,
  input: ArticleInput,
  actor: Actor = API_ACTOR,
): Promise<Article> {
  const options = await buildOptions(deps, input)
  const article = buildArticle(input, deps.clock.now(), deps.publication.lang, undefined, options)
  await deps.articles.create(article)
  await afterWrite(deps, actor, undefined, article)
  return article
}

/**
 * PUT /api/articles/:slug: replaces the article at `slug`, or creates it there, so publishing the same
 * file twice updates instead of failing.
 *
 * A PUT that names a `source` (npm run publish names the file) but not the slug in its body is asking for
 * "the article from this file", at a slug derived from its title: it replaces only an article from the
 * same source. Two files whose titles make the same slug would otherwise overwrite each other. Naming
 * the slug in the body is the author claiming it, and replaces whatever is there, as a PUT does.
 */
export async function putArticle(
  deps: ArticleDeps,
  slug: string,
  input: ArticleInput,
  actor: Actor = API_ACTOR,
): Promise<{ article: Article; created: boolean }> {
  parseSlug(slug)
  if (input.slug !== undefined && input.slug !== slug) {
    throw new ValidationError([
      { field: 'slug', problem: `is "${input.slug}" but the URL says "${slug}"; a slug cannot be changed` },
    ])
  }
  const previous = await deps.articles.get(slug)
  if (previous !== undefined && isSomeoneElses(previous, input)) {
    const owner = previous.source === undefined ? '' : `, from ${previous.source}`
    throw new ConflictError(
      `slug ${slug} is taken by another article ("${previous.title}"${owner}); ` +
        `add \`slug:\` with a slug of its own to the front matter, or \`slug: ${slug}\` to replace that article`,
    )
  }
  const options = await buildOptions(deps, input)
  const article = buildArticle({ ...input, slug }, deps.clock.now(), deps.publication.lang, previous, options)
  if (previous === undefined) await deps.articles.create(article)
  else await deps.articles.replace(article, input.revision ?? previous.revision)
  await afterWrite(deps, actor, previous, article)
  return { article, created: previous === undefined }
}

/** The write names where it comes from, does not claim the slug, and the stored article is from elsewhere. */
function isSomeoneElses(previous: Article, input: ArticleInput): boolean {
  return input.source !== undefined && input.slug === undefined && previous.source !== input.source
}

export async function getArticle(deps: Pick<ArticleDeps, 'articles'>, slug: string): Promise<Article> {
  // A slug that breaks the rule is a 422 naming it, on every /api/articles/:slug route alike, rather than
  // a 404: the editor learns that the slug is misspelt (upper case, a space), not merely absent.
  const article = await deps.articles.get(parseSlug(slug))
  if (article === undefined) throw new NotFoundError(`No article has the slug "${slug}"`)
  return article
}

/**
 * Publishes or unpublishes; publishedAt is set on first publication and kept afterwards. Publishing a
 * scheduled article publishes it now; unpublishing it cancels it (a draft again, without the planned date).
 * Publishing a draft whose publishedAt is still ahead schedules it (settleStatus).
 */
export async function setArticleStatus(
  deps: ArticleDeps,
  slug: string,
  status: Exclude<Article['status'], 'scheduled'>,
  actor: Actor = API_ACTOR,
): Promise<Article> {
  const previous = await getArticle(deps, slug)
  if (previous.status === status) return previous
  const now = deps.clock.now()
  const stamp = now.toISOString()
  const kept = previous.status === 'scheduled' ? undefined : previous.publishedAt
  const publishedAt = kept ?? (status === 'published' ? stamp : undefined)
  const article: Article = {
    ...previous,
    status: settleStatus(status, publishedAt, now),
    publishedAt,
    updatedAt: stamp,
    revision: previous.revision + 1,
  }
  if (article.publishedAt === undefined) delete article.publishedAt
  if (article.status === previous.status) return previous
  await deps.articles.replace(article, previous.revision)
  await afterWrite(deps, actor, previous, article, status === 'published' ? 'published' : 'unpublished')
  return article
}

export async function deleteArticle(
  deps: ArticleDeps,
  slug: string,
  actor: Actor = API_ACTOR,
): Promise<Article> {
  const deleted = await deps.articles.delete(parseSlug(slug))
  await afterWrite(deps, actor, deleted, undefined)
  return deleted
}
