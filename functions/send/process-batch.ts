import { randomUUID } from 'node:crypto'
import { realWaits, retrying } from '../adapters/retry-policy'
import type { Delivery, DeliveryBatch, Digest, DigestVariant } from '../core/digest'
import { digestSkip, errorReason, SKIP_RETENTION_MS, sendingProblem } from '../core/digest-skips'
import { ThrottledError } from '../core/errors'
import type { Clock, DigestStore, Mailer, OutgoingEmail, SendPacer, SubscriberStore } from '../core/ports'
import type { Publication } from '../core/publication'
import type { Subscriber } from '../core/subscriber'
import { subscriberLinks } from '../core/subscriber-links'
import { listId } from '../core/list-id'
import { DIGEST_TAG } from '../core/message-tags'
import { feedbackTags } from '../core/mail-stream'
import { personalisedContent, VariantTemplateError } from '../email/personalise'

/** What the sender needs; built once per process by send/deps.ts (buildSendDeps). */
export interface SendDeps {
  digests: DigestStore
  subscribers: SubscriberStore
  mailer: Mailer
  pacer: SendPacer
  clock: Clock
  publication: Publication
  tokenSecret: string
  /** Names this process (or Lambda instance) in claims; each processBatch call adds its own suffix. */
  worker: string
}

export interface ProcessBatchOptions {
  /** How long a claim keeps other senders off a recipient (default 5 minutes). */
  claimDurationMs?: number
  /** A send is not started on a claim with less than this left (default a fifth of the claim). */
  claimMarginMs?: number
  /** Tries after the first when SES throttles (default 4), with exponential backoff and full jitter. */
  throttleRetries?: number
  backoffBaseMs?: number
  backoffMaxMs?: number
  /** The mailto fallback of List-Unsubscribe, e.g. unsubscribe@news.example.com. */
  listUnsubscribeMailto?: string
  random?: () => number
  sleep?: (ms: number) => Promise<void>
  /** Hears what an operator may want to know (a lost claim, a failed send); console.warn by default. */
  warn?: (message: string) => void
}

export interface BatchResult {
  /** Recipients to try again later (the queue redelivers them); everyone else is sent or skipped. */
  failedSubscriberIds: string[]
}

type Settings = Required<Omit<ProcessBatchOptions, 'listUnsubscribeMailto'>> &
  Pick<ProcessBatchOptions, 'listUnsubscribeMailto'>

/**
 * What became of one recipient: finished, to retry, to retry along with the rest of the batch, or not
 * claimable (sent, skipped or claimed elsewhere: the ledger says which, read for several at once).
 */
type Outcome = 'done' | 'retry' | 'back-off' | 'unclaimed'

// Recipients whose subscriber records are read together, just before their sends. Small, so that someone
// who leaves while the batch runs is seen within a few sends; one BatchGetItem instead of a GetItem each.
const READ_CHUNK = 10

interface BatchContext {
  deps: SendDeps
  settings: Settings
  digest: Digest
  claimant: string
  variants: Map<string, Promise<DigestVariant | undefined>>
  /** Counter changes of this call, written once at its end (one UpdateItem per batch, not per recipient). */
  counts: { sent: number; skipped: number; failed: number }
  /** Recipients whose delivery is sent: their cursor moves to this digest, in one batch write at the end. */
  reached: string[]
}

/**
 * Sends one batch of a digest. For each recipient: claim the delivery in the ledger, check the subscriber
 * (who may have left since the digest was planned), personalise the shared variant, wait for the pacer,
 * send, and record the send while still holding the claim. The claim and the mark are the only writes per
 * recipient; subscriber records are read ten at a time, and the digest's counters and the subscribers'
 * cursors are written once per batch. A recipient already sent or skipped costs one failed conditional
 * write; one claimed by a live sender elsewhere is handed back as failed so the queue brings it round
 * again once that claim has settled.
 *
 * Errors of the ledger or the subscriber store abort the batch (the queue redelivers it whole); errors of
 * SES fail only their recipient.
 */
export async function processBatch(
  deps: SendDeps,
  batch: DeliveryBatch,
  options: ProcessBatchOptions = {},
): Promise<BatchResult> {
  const claimDurationMs = options.claimDurationMs ?? 5 * 60_000
  const settings: Settings = {
    claimDurationMs,
    claimMarginMs: options.claimMarginMs ?? claimDurationMs / 5,
    throttleRetries: options.throttleRetries ?? 4,
    backoffBaseMs: options.backoffBaseMs ?? 100,
    backoffMaxMs: options.backoffMaxMs ?? 5_000,
    random: options.random ?? realWaits.random,
    sleep: options.sleep ?? realWaits.sleep,
    warn: options.warn ?? ((message) => console.warn(message)),
    ...(options.listUnsubscribeMailto !== undefined && {
      listUnsubscribeMailto: options.listUnsubscribeMailto,
    }),
  }
  const digest = await deps.digests.getDigest(batch.digestId)
  if (digest === undefined) throw new Error(`Digest ${batch.digestId} does not exist`)
  const context: BatchContext = {
    deps,
    settings,
    digest,
    // One claimant per call, not per process: the same batch delivered twice to one process makes two
    // claimants, and only one of them may send.
    claimant: `${deps.worker}/${randomUUID()}`,
    variants: new Map(),
    counts: { sent: 0, skipped: 0, failed: 0 },
    reached: [],
  }
  const failedSubscriberIds: string[] = []
  const recipients = [...new Set(batch.subscriberIds)]
  let handled = 0
  let backingOff = false
  try {
    for (let start = 0; start < recipients.length && !backingOff; start += READ_CHUNK) {
      const chunk = recipients.slice(start, start + READ_CHUNK)
      const subscribers = await deps.subscribers.getMany(chunk)
      const unclaimed: string[] = []
      // The next recipient's claim is taken while this one's message is on its way to SES: one round trip
      // fewer per recipient, and still one send at a time (a crash can duplicate at most one message).
      let claimAhead: Promise<Delivery | undefined> | undefined
      for (const [index, subscriberId] of chunk.entries()) {
        const claim = claimAhead ?? claimFor(context, subscriberId)
        const next = chunk[index + 1]
        const prefetch = () => {
          if (next === undefined) return
          claimAhead = claimFor(context, next)
          // Awaited on the next turn; if this batch stops first, the claim runs out like a crashed one's.
          claimAhead.catch(() => undefined)
        }
        claimAhead = undefined
        const outcome = await deliver(context, subscriberId, subscribers.get(subscriberId), claim, prefetch)
        handled++
        if (outcome === 'unclaimed') unclaimed.push(subscriberId)
        else if (outcome === 'retry') failedSubscriberIds.push(subscriberId)
        else if (outcome === 'back-off') {
          // SES keeps saying "slow down": leave the rest for the queue's redelivery rather than hammer it.
          backingOff = true
          failedSubscriberIds.push(subscriberId)
          break
        }
      }
      failedSubscriberIds.push(...(await settleUnclaimed(context, unclaimed)))
    }
  } catch (error) {
    // Whatever this call did is in the ledger already; keep the counters and cursors as close as we can.
    await recordBatch(context).catch(() => undefined)
    throw error
  }
  failedSubscriberIds.push(...recipients.slice(handled))
  await recordBatch(context)
  return { failedSubscriberIds }
}

function claimFor(context: BatchContext, subscriberId: string): Promise<Delivery | undefined> {
  const { deps, settings, digest, claimant } = context
  const now = deps.clock.now()
  return deps.digests.claimDelivery(
    digest.id,
    subscriberId,
    claimant,
    new Date(now.getTime() + settings.claimDurationMs),
    now,
  )
}

async function deliver(
  context: BatchContext,
  subscriberId: string,
  subscriber: Subscriber | undefined,
  claim: Promise<Delivery | undefined>,
  claimNext: () => void,
): Promise<Outcome> {
  const { deps, settings, digest, claimant } = context
  const claimed = await claim
  if (claimed === undefined) {
    claimNext()
    return 'unclaimed'
  }
  let messageId: string | undefined
  try {
    if (subscriber === undefined || subscriber.state !== 'confirmed') {
      claimNext()
      // Left, bounced or erased since the digest was planned: the ledger says why nobody wrote to them.
      const reason = `subscriber ${subscriber?.state ?? 'erased'} before sending`
      if (await deps.digests.markSkipped(digest.id, subscriberId, claimant, reason, deps.clock.now())) {
        context.counts.skipped++
        settleFailedCount(context, claimed)
      }
      return 'done'
    }
    const variant = await loadVariant(context, claimed.variantId)
    let links: ReturnType<typeof subscriberLinks>
    let content: ReturnType<typeof personalisedContent>
    try {
      const problem = sendingProblem(subscriber)
      if (problem !== undefined) throw new Error(problem)
      links = subscriberLinks(deps, subscriber, { digestId: digest.id })
      content = personalisedContent(variant, {
        unsubscribeUrl: links.unsubscribeUrl,
        preferencesUrl: links.preferencesUrl,
        ...(subscriber.name !== undefined && { name: subscriber.name }),
      })
    } catch (error) {
      // A broken variant concerns every recipient: the batch fails and the queue brings it round again.
      if (error instanceof VariantTemplateError) throw error
      claimNext()
      await skipUnsendable(context, claimed, `cannot be sent: ${errorReason(error)}`)
      return 'done'
    }
    // SES takes one personalised message per call, so every unsubscribe link is unique.
    const email: OutgoingEmail = {
      to: subscriber.email,
      subject: variant.subject,
      html: content.html,
      text: content.text,
      listUnsubscribe: {
        url: links.unsubscribeUrl,
        ...(settings.listUnsubscribeMailto !== undefined && { mailto: settings.listUnsubscribeMailto }),
      },
      headers: { 'List-Id': listId(deps.publication) },
      // SES copies them into this message's events: the digest's figures, and the stream's Feedback-ID.
      tags: { ...feedbackTags('digest', digest.cadence), [DIGEST_TAG]: digest.id },
    }
    claimNext()
    const result = await sendPaced(context, claimed, email)
    if ('error' in result) {
      await fail(context, claimed, errorText(result.error))
      return result.error instanceof ThrottledError ? 'back-off' : 'retry'
    }
    messageId = result.messageId
    // SES has the message. Until markSent lands, a crash here means the claim runs out and someone sends again.
    if (await deps.digests.markSent(digest.id, subscriberId, claimant, messageId, deps.clock.now())) {
      context.counts.sent++
      settleFailedCount(context, claimed)
    } else {
      settings.warn(
        `Digest ${digest.id}: sent to ${subscriberId} after its claim ran out; another sender may send again`,
      )
    }
    context.reached.push(subscriberId)
    return 'done'
  } catch (error) {
    // Hand the recipient back now rather than when the claim runs out, unless SES already has the
    // message (then holding the claim is the better bet). If the ledger is what failed, this fails too.
    if (messageId === undefined) {
      await deps.digests
        .markFailed(digest.id, subscriberId, claimant, errorText(error), deps.clock.now())
        .catch(() => false)
    }
    throw error
  }
}

/**
 * A subscriber record the sender cannot use (an address SES cannot take, a field of the wrong kind): left
 * out for good rather than retried until the dead-letter queue, and named in the digest's status.
 */
async function skipUnsendable(context: BatchContext, claimed: Delivery, reason: string): Promise<void> {
  const { deps, digest, claimant } = context
  const now = deps.clock.now()
  if (!(await deps.digests.markSkipped(digest.id, claimed.subscriberId, claimant, reason, now))) return
  context.counts.skipped++
  settleFailedCount(context, claimed)
  const skip = digestSkip('subscriber', claimed.subscriberId, reason, now)
  await deps.digests.recordSkips(digest.id, [skip], new Date(now.getTime() + SKIP_RETENTION_MS))
}

/**
 * Recipients whose claim was refused, looked up together: sent (by an earlier try that died before moving
 * the cursor, so move it now), skipped or never planned (nothing to do), or claimed by a live sender
 * elsewhere: returned for a retry, since if that sender died its claim runs out and they must not be lost.
 */
async function settleUnclaimed(context: BatchContext, subscriberIds: string[]): Promise<string[]> {
  if (subscriberIds.length === 0) return []
  const deliveries = await context.deps.digests.getDeliveries(context.digest.id, subscriberIds)
  const retry: string[] = []
  for (const subscriberId of subscriberIds) {
    const state = deliveries.get(subscriberId)?.state
    if (state === 'sent') context.reached.push(subscriberId)
    else if (state !== undefined && state !== 'skipped') retry.push(subscriberId)
  }
  return retry
}

/**
 * The batch's counter changes in one UpdateItem, then the cursors of everyone it reached: the articles in a
 * digest are those published before it was planned, so their next digest starts there. A crash before
 * this leaves the counters short (the ledger pass in plan-digest.ts sets them from the ledger once the
 * digest is finished) and the cursors behind (the redelivered batch finds those recipients sent and moves them).
 */
async function recordBatch(context: BatchContext): Promise<void> {
  const { deps, digest, counts } = context
  const changed = Object.fromEntries(Object.entries(counts).filter(([, value]) => value !== 0))
  if (Object.keys(changed).length > 0) {
    await deps.digests.addCounts(digest.id, changed)
    context.counts = { sent: 0, skipped: 0, failed: 0 }
  }
  if (context.reached.length > 0) {
    await deps.digests.moveLastDigestAt(context.reached, digest.cadence, digest.createdAt)
    context.reached = []
  }
}

/** Waits for the pacer and sends; on throttling, backs off (full jitter) and tries again a few times. */
async function sendPaced(
  context: BatchContext,
  claimed: Delivery,
  email: OutgoingEmail,
): Promise<{ messageId: string } | { error: unknown }> {
  const { deps, settings } = context
  const claimedUntil = Date.parse(claimed.claimedUntil ?? '')
  try {
    return await retrying(
      async () => {
        await deps.pacer.acquire()
        if (claimedUntil - deps.clock.now().getTime() < settings.claimMarginMs) {
          // Another sender may take this recipient over while SES is still answering us.
          throw new Error('claim too close to expiry to start a send')
        }
        return await deps.mailer.send(email)
      },
      {
        tries: settings.throttleRetries + 1,
        firstDelayMs: settings.backoffBaseMs,
        maxDelayMs: settings.backoffMaxMs,
      },
      {
        // A daily quota does not lift within this batch; a rate limit does, within seconds.
        retryable: (error) => error instanceof ThrottledError && error.reason !== 'daily-quota',
        waits: { sleep: settings.sleep, random: settings.random },
      },
    )
  } catch (error) {
    return { error }
  }
}

async function fail(context: BatchContext, claimed: Delivery, error: string): Promise<void> {
  const { deps, digest, claimant } = context
  if (await deps.digests.markFailed(digest.id, claimed.subscriberId, claimant, error, deps.clock.now())) {
    // `failed` counts recipients waiting for a retry after a failure: only the first failure adds one. Added
    // at once (failures are rare), so that a later success's -1 never lands before it.
    if (claimed.lastError === undefined) await deps.digests.addCounts(digest.id, { failed: 1 })
  }
  context.settings.warn(`Digest ${digest.id}: sending to ${claimed.subscriberId} failed: ${error}`)
}

/** A recipient that had failed before leaves the `failed` count when it is finally sent or skipped. */
function settleFailedCount(context: BatchContext, claimed: Delivery): void {
  if (claimed.lastError !== undefined) context.counts.failed--
}

/** Every recipient of a batch shares one variant: read it once. */
function loadVariant(context: BatchContext, variantId: string): Promise<DigestVariant> {
  let variant = context.variants.get(variantId)
  if (variant === undefined) {
    variant = context.deps.digests.getVariant(context.digest.id, variantId)
    context.variants.set(variantId, variant)
  }
  return variant.then((found) => {
    if (found === undefined) {
      context.variants.delete(variantId)
      throw new Error(`Digest ${context.digest.id} has no variant ${variantId}`)
    }
    return found
  })
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
