import type { Config } from '../../functions/config'
import type { FeedChangeListener } from '../../functions/core/ports'
import type { Deps } from '../../functions/deps'
import { createLocalDigestRuntime, type LocalDigestRuntime } from '../../functions/digest/local-runtime'
import { variantRenderer } from '../../functions/digest/render-variant'
import { buildSendDeps } from '../../functions/send/send-deps'

/** The emulator has no send quota; locally the sender paces itself to this many messages a second. */
const LOCAL_SEND_RATE = 50

/** Planner and sender in this process, as `npm start` and `npm run digest` use them. */
export async function localDigests(
  config: Config,
  deps: Pick<Deps, 'articles' | 'publication'>,
): Promise<LocalDigestRuntime> {
  const send = await buildSendDeps(config, { fallbackSendRate: LOCAL_SEND_RATE })
  return createLocalDigestRuntime({
    ...send,
    articles: deps.articles,
    renderVariant: variantRenderer(deps.publication, config.POSTAL_ADDRESS),
  })
}

/**
 * The digest schedule under `npm start`: at the top of every hour, plan daily and weekly digests for the
 * subscribers whose local delivery hour it is (EventBridge Scheduler does this on AWS).
 */
export function scheduleHourly(runtime: LocalDigestRuntime, log: (line: string) => void): () => void {
  let timer: NodeJS.Timeout | undefined
  const next = () => {
    const now = Date.now()
    timer = setTimeout(run, 3_600_000 - (now % 3_600_000) + 1_000)
  }
  const run = async () => {
    for (const cadence of ['instant', 'daily', 'weekly'] as const) {
      try {
        const summary = await runtime.plan(cadence, false)
        if (summary.planned > 0)
          log(`${cadence} digest: ${summary.planned} planned (${summary.digests.join(', ')})`)
      } catch (error) {
        log(`${cadence} digest planning failed: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
    next()
  }
  next()
  return () => clearTimeout(timer)
}

/**
 * Instant emails under `npm start`: when a write changes the feeds (a publish), plan the instant cadence
 * in the background. The hourly run catches anything this misses (a crash, a publish from another process).
 */
export function instantOnPublish(
  runtime: LocalDigestRuntime,
  log: (line: string) => void,
): FeedChangeListener {
  return {
    feedsChanged: () => {
      runtime.plan('instant', false).then(
        (summary) => summary.planned > 0 && log(`instant: ${summary.planned} email(s) planned`),
        (error: unknown) =>
          log(`instant planning failed: ${error instanceof Error ? error.message : String(error)}`),
      )
    },
  }
}
