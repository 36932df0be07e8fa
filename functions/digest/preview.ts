import type { Article } from '../core/article'
import { articleProblem } from '../core/digest-skips'
import { NotFoundError, ValidationError } from '../core/errors'
import type { RenderDigestVariant } from '../core/plan-digest'
import type { ArticleStore, Mailer } from '../core/ports'
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
}

/**
 * What a digest of these articles looks like, rendered exactly as the planner renders it and personalised
 * with placeholder links (a preview belongs to no subscriber).
 */
export async function previewDigest(deps: PreviewDeps, input: PreviewInput) {
  if (input.articles.length === 0)
    throw new ValidationError([{ field: 'articles', problem: 'needs at least one slug' }])
  const articles: Article[] = []
  for (const slug of input.articles) {
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
  const digest = { id: 'preview', cadence: 'daily' as const, period: new Date().toISOString().slice(0, 10) }
  const rendered = await deps.renderVariant({ digest, variantId: 'preview', lang: input.lang, articles })
  const variant = {
    digestId: 'preview',
    id: 'preview',
    lang: input.lang,
    ...rendered,
    articleSlugs: input.articles,
  }
  const site = deps.publication.siteUrl
  const { html, text } = personalise(variant, {
    unsubscribeUrl: `${site}/unsubscribe`,
    preferencesUrl: `${site}/preferences`,
  })
  return { subject: rendered.subject, html, text }
}

/** Sends one preview to an operator's address, marked as a test. */
export async function sendTestDigest(
  deps: PreviewDeps & { mailer: Mailer },
  input: PreviewInput & { to: string },
) {
  const preview = await previewDigest(deps, input)
  return deps.mailer.send({
    to: input.to,
    subject: `[TEST] ${preview.subject}`,
    html: preview.html,
    text: preview.text,
  })
}
