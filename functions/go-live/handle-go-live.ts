import { z } from 'zod'
import { goLive, type GoLiveDeps } from '../core/go-live'
import { slugSchema } from '../core/slug'
import { timestampSchema } from '../core/timestamp'

/**
 * What a go-live schedule hands the function (EventBridgeGoLiveScheduler's Input, passed to Lambda as the
 * event itself). Without a slug (`{}`, an operator's manual invoke) it only publishes what is due.
 */
const goLiveEvent = z.object({ slug: slugSchema.optional(), publishedAt: timestampSchema.optional() })

export interface GoLiveResult {
  published: string[]
}

/** Thrown when the event is not a go-live schedule's input; nothing was published. */
export class GoLiveEventError extends Error {
  override name = 'GoLiveEventError'
}

/** Publishes the scheduled article the event names, if still due, and any other that is due. */
export async function handleGoLive(deps: GoLiveDeps, event: unknown): Promise<GoLiveResult> {
  const parsed = goLiveEvent.safeParse(event ?? {})
  if (!parsed.success) {
    throw new GoLiveEventError(
      `Go-live input must be {"slug": "...", "publishedAt": "..."}, got ${JSON.stringify(event)?.slice(0, 200)}`,
    )
  }
  const published = await goLive(deps, parsed.data.slug)
  return { published: published.map((article) => article.slug) }
}
