import { randomUUID } from 'node:crypto'
import type { Article } from '../core/article'
import { TEST_DIGEST_ID, type DigestVariant } from '../core/digest'
import { articleProblem } from '../core/digest-article'
import { buildArticle, parseArticleInput } from '../core/articles'
import { NotFoundError, ValidationError } from '../core/errors'
import { feedbackTags } from '../core/mail-stream'
import type { RenderDigestVariant } from '../core/plan-digest'
import type { ArticleStore, Clock, DigestStore, Mailer } from '../core/ports'
import type { Publication } from '../core/publication'
import { personalise } from '../email/personalise'

export interface PreviewInput {
  /** Slugs of the articles to put in the digest, in order. */
  articles: string[]
  lang: 'ko' | 'en'
}

interface PreviewDeps {
  articles: ArticleStore
  publication: Publication
  renderVariant: RenderDigestVariant
  clock?: Clock
}

/** How long a test send's web version stays readable; then DynamoDB's TTL deletes it. */
const TEST_WEB_VERSION_MS = 30 * 24 * 3600_000

/**
 * The personal links of a preview or test digest. Not the real settings and unsubscribe pages: an editor
 * clicks every link of a test to check it, and a test must never change anyone's subscription (a working
 * unsubscribe link would take the editor off the list they are testing, and an address that is no
 * subscriber has no settings to open). So they lead to a page that says what the link does in a real digest.
 */
export function testLinks(publication: Publication) {
  const page = `${publication.siteUrl}/digests/test-link`
  return { preferencesUrl: `${page}?for=preferences`, unsubscribeUrl: `${page}?for=unsubscribe` }
}

async function loadArticles(deps: PreviewDeps, slugs: string[]): Promise<Article[]> {
  if (slugs.length === 0)
    throw new ValidationError([{ field: 'articles', problem: 'needs at least one slug' }])
  const articles: Article[] = []
  for (const slug of slugs) {
    const article = await deps.articles.get(slug)
    if (article === undefined) throw new NotFoundError(`No article has the slug "${slug}"`)
    // What the planner would leave out of a digest cannot be previewed either: say why instead of a 500.
    const problem = articleProblem(article)
    if (problem !== undefined) {
      throw new ValidationError([
        { field: 'articles', problem: `"${slug}" cannot go in a digest: ${problem}` },
      ])
    }
    articles.push(article)
  }
  return articles
}

/** Renders a digest of these articles exactly as the planner renders it, as a variant of `digestId`. */
async function renderAs(
  deps: PreviewDeps,
  input: PreviewInput,
  digestId: string,
  variantId: string,
  given?: Article[],
): Promise<DigestVariant> {
  const articles = given ?? (await loadArticles(deps, input.articles))
  const now = (deps.clock?.now() ?? new Date()).toISOString()
  const digest = { id: digestId, cadence: 'daily' as const, period: now.slice(0, 10) }
  const rendered = await deps.renderVariant({ digest, variantId, lang: input.lang, articles })
  return { digestId, id: variantId, lang: input.lang, ...rendered, articleSlugs: input.articles }
}

/**
 * What a digest of these articles looks like, rendered exactly as the planner renders it and personalised
 * with the test links (a preview belongs to no subscriber).
 */
export async function previewDigest(deps: PreviewDeps, input: PreviewInput) {
  const variant = await renderAs(deps, input, 'preview', 'preview')
  const { html, text } = personalise(variant, testLinks(deps.publication))
  return { subject: variant.subject, html, text }
}

/**
 * A digest of one article that is not stored (the desk's editor shows its card as the editor types): the
 * API's fields, parsed by the API's own rule and built as a save would build them, as a published article.
 * What the planner would leave out of a digest is refused with its reason, as for a stored article.
 */
export async function previewDraftDigest(
  deps: PreviewDeps,
  input: { draft: Record<string, unknown>; lang: 'ko' | 'en' },
) {
  const now = deps.clock?.now() ?? new Date()
  const parsed = parseArticleInput({ ...input.draft, status: 'published' })
  const article = buildArticle(
    { ...parsed, publishedAt: parsed.publishedAt ?? now.toISOString() },
    now,
    deps.publication.lang,
  )
  const problem = articleProblem(article)
  if (problem !== undefined) {
    throw new ValidationError([
      { field: 'articles', problem: `this article cannot go in a digest: ${problem}` },
    ])
  }
  const variant = await renderAs(deps, { articles: [article.slug], lang: input.lang }, 'preview', 'preview', [
    article,
  ])
  const { html, text } = personalise(variant, testLinks(deps.publication))
  return { subject: variant.subject, html, text }
}

/**
 * Sends one digest of these articles to an operator's address, marked as a test. Its web version is stored
 * like a real variant's, so "view in browser" opens it, under an unguessable id (only this email names it;
 * the articles may be drafts) and only for a while.
 */
export async function sendTestDigest(
  deps: PreviewDeps & { mailer: Mailer; digests: DigestStore },
  input: PreviewInput & { to: string },
) {
  const variant = await renderAs(deps, input, TEST_DIGEST_ID, randomUUID().replaceAll('-', ''))
  const now = deps.clock?.now() ?? new Date()
  await deps.digests.putVariant(variant, new Date(now.getTime() + TEST_WEB_VERSION_MS))
  const { html, text } = personalise(variant, testLinks(deps.publication))
  return deps.mailer.send({
    to: input.to,
    subject: `[TEST] ${variant.subject}`,
    html,
    text,
    tags: feedbackTags('test'),
  })
}
