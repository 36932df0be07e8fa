import { realLeaseWaits } from '../adapters/lease-waits'
import { InProcessQueue } from '../adapters/queue/in-process-queue'
import { planDigests, type DigestCadence, type PlanDeps, type PlanSummary } from '../core/plan-digest'
import { processBatch, type SendDeps } from '../send/process-batch'
import { previewDigest, sendTestDigest, type PreviewInput } from './preview'

export interface LocalDigestRuntime {
  /** Plans a run and returns at once; the queue's consumer sends in the background. */
  plan(cadence: DigestCadence, force: boolean): Promise<PlanSummary>
  preview(input: PreviewInput): ReturnType<typeof previewDigest>
  test(input: PreviewInput & { to: string }): ReturnType<typeof sendTestDigest>
  queue: InProcessQueue
  /** Resolves when every queued batch has been handled (sent, skipped, or dead-lettered). */
  idle(): Promise<void>
  stop(): Promise<void>
}

/**
 * Digests on one machine (`npm start`, `npm run digest`, tests): the same planner and sender the Lambdas
 * run, joined by an in-process queue with SQS's semantics instead of SQS.
 */
export function createLocalDigestRuntime(
  // The lease's timer and ids default to real ones; tests may pass their own.
  deps: Omit<PlanDeps, 'queue' | 'sleep' | 'newId'> & Partial<Pick<PlanDeps, 'sleep' | 'newId'>> & SendDeps,
  options: {
    concurrency?: number
    visibilityTimeoutMs?: number
    maxReceiveCount?: number
    /** The queue's clock (visibility timeouts); tests pass the clock their claims run on. */
    now?: () => number
  } = {},
): LocalDigestRuntime {
  const queue = new InProcessQueue({
    concurrency: options.concurrency ?? 2,
    visibilityTimeoutMs: options.visibilityTimeoutMs ?? 60_000,
    maxReceiveCount: options.maxReceiveCount ?? 5,
    ...(options.now !== undefined && { now: options.now }),
  })
  // A claim shorter than the visibility timeout: a message comes back only after its claims have expired.
  queue.start(async (batch) => {
    const result = await processBatch(deps, batch, { claimDurationMs: 50_000 })
    return { failedSubscriberIds: result.failedSubscriberIds }
  })
  return {
    plan: (cadence, force) => planDigests({ ...realLeaseWaits, ...deps, queue }, { cadence, force }),
    preview: (input) => previewDigest(deps, input),
    test: (input) => sendTestDigest(deps, input),
    queue,
    idle: () => queue.idle(),
    stop: () => queue.stop(),
  }
}
