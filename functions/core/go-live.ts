import type { Article } from './article'
import { announceChange, type ArticleDeps } from './articles'
import { articleSubject, SCHEDULE_ACTOR } from './audit'
import { ConflictError } from './errors'

/** What go-live needs: the articles, the clock, and whom to tell (feeds, hubs, instant emails). */
export type GoLiveDeps = Pick<ArticleDeps, 'articles' | 'clock' | 'publication' | 'feedListener' | 'audit'>

// Far more than an editorial desk schedules for one moment; the rest go live at the next run.
const MAX_PER_RUN = 100

/**
 * Publishes every scheduled article that is due, and `slug` if it is one of them (its own schedule fired:
 * read directly, since the index may not show a write made a moment ago). Idempotent: an article is
 * published only while it is still scheduled and its time has come, with a write conditional on the
 * revision just read, so a schedule left behind by a reschedule or a cancel, a second delivery of the same
 * event, or two runs at once publish nothing twice. Any run also catches an article whose own schedule was
 * lost. Returns the articles it published.
 */
export async function goLive(deps: GoLiveDeps, slug?: string): Promise<Article[]> {
  const now = deps.clock.now()
  const due = await deps.articles.listScheduled({ limit: MAX_PER_RUN, dueBy: now.toISOString() })
  const slugs = new Set([...(slug === undefined ? [] : [slug]), ...due.map((article) => article.slug)])
  const published: Article[] = []
  for (const candidate of slugs) {
    const article = await publishIfDue(deps, candidate, now)
    if (article !== undefined) published.push(article)
  }
  return published
}

/** Whether a stored article is scheduled and its time has come: the one condition go-live acts on. */
export function isDue(article: Article, now: Date): boolean {
  return (
    article.status === 'scheduled' &&
    article.publishedAt !== undefined &&
    Date.parse(article.publishedAt) <= now.getTime()
  )
}

async function publishIfDue(deps: GoLiveDeps, slug: string, now: Date): Promise<Article | undefined> {
  const previous = await deps.articles.get(slug)
  if (previous === undefined || !isDue(previous, now)) return undefined
  const stamp = now.toISOString()
  const article: Article = {
    ...previous,
    status: 'published',
    // The moment readers could first see it, not the planned one: a digest planned between the two has
    // already moved its readers' cursors past the planned moment, and would never carry the article.
    publishedAt: stamp,
    updatedAt: stamp,
    revision: previous.revision + 1,
  }
  try {
    await deps.articles.replace(article, previous.revision)
  } catch (error) {
    // An editor saved it meanwhile (rescheduled, cancelled, published by hand): their write decides.
    if (error instanceof ConflictError) return undefined
    throw error
  }
  await deps.audit.record({
    subject: articleSubject(slug),
    action: 'published',
    actor: SCHEDULE_ACTOR,
    at: stamp,
    revision: article.revision,
  })
  await announceChange(deps, previous, article)
  return article
}
