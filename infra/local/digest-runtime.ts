import {
  InProcessQueue,
  type DeadLetter as QueueDeadLetter,
} from '../../functions/adapters/queue/in-process-queue'
import type { DeadLetter, DeadLetterQueue, DigestTrigger } from '../../functions/core/ports'
import {
  planDigests,
  type DigestCadence,
  type PlanDeps,
  type PlanSummary,
} from '../../functions/core/plan-digest'
import {
  previewDigest,
  previewDraftDigest,
  sendTestDigest,
  type PreviewInput,
} from '../../functions/digest/preview'
import { processBatch, type SendDeps } from '../../functions/send/process-batch'

export interface LocalDigestRuntime {
  /** Plans a run and returns at once; the queue's consumer sends in the background. */
  plan(cadence: DigestCadence, force: boolean): Promise<PlanSummary>
  preview(input: PreviewInput): ReturnType<typeof previewDigest>
  test(input: PreviewInput & { to: string }): ReturnType<typeof sendTestDigest>
  previewDraft(input: Parameters<typeof previewDraftDigest>[1]): ReturnType<typeof previewDraftDigest>
  queue: InProcessQueue
  /** What planner and sender run on (built by their own builders): for reading progress. */
  deps: PlanDeps & SendDeps
  /** Resolves when every queued batch has been handled (sent, skipped, or dead-lettered). */
  idle(): Promise<void>
  stop(): Promise<void>
}

export interface LocalQueueOptions {
  concurrency?: number
  visibilityTimeoutMs?: number
  maxReceiveCount?: number
  /** The queue's clock (visibility timeouts); tests pass the clock their claims run on. */
  now?: () => number
}

/** The in-process stand-in for the send queue, with SQS's semantics. */
export function localSendQueue(options: LocalQueueOptions = {}): InProcessQueue {
  return new InProcessQueue({
    concurrency: options.concurrency ?? 2,
    visibilityTimeoutMs: options.visibilityTimeoutMs ?? 60_000,
    maxReceiveCount: options.maxReceiveCount ?? 5,
    ...(options.now !== undefined && { now: options.now }),
  })
}

/**
 * Digests on one machine (`npm start`, `npm run digest`, tests, the digest bench): the same planner and
 * sender the Lambdas run, joined by an in-process queue (the planner's `queue`) instead of SQS.
 */
export function createLocalDigestRuntime(
  deps: PlanDeps & SendDeps & { queue: InProcessQueue },
): LocalDigestRuntime {
  const { queue } = deps
  // A claim shorter than the visibility timeout: a message comes back only after its claims have expired.
  queue.start(async (batch) => {
    const result = await processBatch(deps, batch, { claimDurationMs: 50_000 })
    return { failedSubscriberIds: result.failedSubscriberIds }
  })
  return {
    plan: (cadence, force) => planDigests(deps, { cadence, force }),
    preview: (input) => previewDigest(deps, input),
    test: (input) => sendTestDigest(deps, input),
    previewDraft: (input) => previewDraftDigest(deps, input),
    queue,
    deps,
    idle: () => queue.idle(),
    stop: () => queue.stop(),
  }
}

/** The admin API's way to run and preview digests (POST /api/digests/...), where the planner is in process. */
export function digestTrigger(runtime: LocalDigestRuntime): DigestTrigger {
  return {
    run: runtime.plan,
    preview: runtime.preview,
    test: runtime.test,
    previewDraft: runtime.previewDraft,
  }
}

/** The desk's dead-letter list and retry, on the in-process send queue (the SQS dead-letter queue on AWS). */
export function deadLetterQueue(runtime: Pick<LocalDigestRuntime, 'queue'>): DeadLetterQueue {
  const asCore = ({ messageId, ...letter }: QueueDeadLetter): DeadLetter => ({ id: messageId, ...letter })
  return {
    count: async () => runtime.queue.deadLetters().length,
    redriveAll: async () => {
      let moved = 0
      for (const { messageId } of runtime.queue.deadLetters()) {
        if ((await runtime.queue.redrive(messageId)) !== undefined) moved += 1
      }
      return moved
    },
    list: async () => runtime.queue.deadLetters().map(asCore),
    redrive: async (id) => {
      const letter = await runtime.queue.redrive(id)
      return letter === undefined ? undefined : asCore(letter)
    },
  }
}
