import type { Clients } from '../../functions/clients'
import type { Config } from '../../functions/config'
import type { PlanDeps } from '../../functions/core/plan-digest'
import type { FeedChangeListener } from '../../functions/core/ports'
import { buildPlanDeps } from '../../functions/digest/deps'
import { buildSendDeps } from '../../functions/send/deps'
import type { SendDeps } from '../../functions/send/process-batch'
import {
  createLocalDigestRuntime,
  localSendQueue,
  type LocalDigestRuntime,
  type LocalQueueOptions,
} from './digest-runtime'

/** The emulator has no send quota; locally the sender paces itself to this many messages a second. */
const LOCAL_SEND_RATE = 50

export interface LocalDigestOptions {
  clients?: Partial<Clients>
  /** Replaces built dependencies (tests: a fixed clock, a faster pacer; the bench: timed stores). */
  overrides?: Partial<Omit<PlanDeps, 'queue'> & SendDeps>
  queue?: LocalQueueOptions
}

/**
 * Planner and sender in this process, as `npm start`, `npm run digest`, the tests and the digest bench use
 * them: built by the planner's and the sender's own builders, joined by an in-process queue.
 */
export async function localDigests(
  config: Config,
  options: LocalDigestOptions = {},
): Promise<LocalDigestRuntime> {
  const { clients, overrides = {} } = options
  const queue = localSendQueue(options.queue)
  // One sender here, so it takes the whole local rate rather than a share.
  const send = await buildSendDeps(config, {
    fallbackSendRate: LOCAL_SEND_RATE,
    senderConcurrency: 1,
    ...(clients !== undefined && { clients }),
    overrides,
  })
  const plan = buildPlanDeps(config, {
    ...(clients !== undefined && { clients }),
    overrides: { ...overrides, queue },
  })
  return createLocalDigestRuntime({ ...send, ...plan, queue })
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
