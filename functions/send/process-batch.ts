import { randomUUID } from 'node:crypto'
import type { Delivery, DeliveryBatch, Digest, DigestVariant } from '../core/digest'
import { ThrottledError } from '../core/errors'
import type { Clock, DigestStore, Mailer, OutgoingEmail, SendPacer, SubscriberStore } from '../core/ports'
import type { Publication } from '../core/publication'
import { subscriberLinks } from '../core/subscriber-links'
import { personalise } from '../email/personalise'

/** What the sender needs; built once per process by send-deps.ts, or by a test. */
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
  /**
   * Recipients of the batch handled at once (default 1). More raises one sender's throughput when each
   * recipient waits on network round trips, but a crash can then duplicate up to this many messages
   * (every send in flight whose acceptance was not yet recorded); the fault tests cover 1.
   */
  concurrency?: number
  random?: () => number
  sleep?: (ms: number) => Promise<void>
  /** Hears what an operator may want to know (a lost claim, a failed send); console.warn by default. */
  warn?: (message: string) => void
}

export interface BatchResult {
  /** Recipients to try again later (the queue redelivers them); everyone else is sent or skipped. */
  failedSubscriberIds: string[]
}

type Settings = Required<Omit<ProcessBatchOptions, 'listUnsubscribeMailto' | 'concurrency'>> &
  Pick<ProcessBatchOptions, 'listUnsubscribeMailto'>

/** What became of one recipient: finished, to retry, or to retry along with the rest of the batch. */
type Outcome = 'done' | 'retry' | 'back-off'

interface BatchContext {
  deps: SendDeps
  settings: Settings
  digest: Digest
  claimant: string
  variants: Map<string, Promise<DigestVariant | undefined>>
}

/**
 * Sends one batch of a digest. For each recipient: claim the delivery in the ledger, re-read the
 * subscriber (who may have left since the digest was planned), personalise the shared variant, wait for
 * the pacer, send, and record the send while still holding the claim. A recipient already sent or
 * skipped costs one failed conditional write; one claimed by a live sender elsewhere is handed back as
 * failed so the queue brings it round again once that claim has settled.
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
    random: options.random ?? Math.random,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
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
  }
  const failedSubscriberIds: string[] = []
  const recipients = [...new Set(batch.subscriberIds)]
  // Optionally several recipients in flight (see `concurrency`); the pacer still spaces the sends themselves.
  let next = 0
  let backingOff = false
  const worker = async () => {
    while (next < recipients.length && !backingOff) {
      const subscriberId = recipients[next++]!
      const outcome = await deliver(context, subscriberId)
      if (outcome === 'back-off') {
        // SES keeps saying "slow down": leave the rest for the queue's redelivery rather than hammer it.
        backingOff = true
        failedSubscriberIds.push(subscriberId)
      } else if (outcome === 'retry') failedSubscriberIds.push(subscriberId)
    }
  }
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 1, recipients.length) }, worker))
  failedSubscriberIds.push(...recipients.slice(next))
  return { failedSubscriberIds }
}

async function deliver(context: BatchContext, subscriberId: string): Promise<Outcome> {
  const { deps, settings, digest, claimant } = context
  const now = deps.clock.now()
  const claimed = await deps.digests.claimDelivery(
    digest.id,
    subscriberId,
    claimant,
    new Date(now.getTime() + settings.claimDurationMs),
    now,
  )
  if (claimed === undefined) {
    const current = await deps.digests.getDelivery(digest.id, subscriberId)
    if (current?.state === 'sent') {
      // A sender that died between markSent and here left the cursor behind; moving it is idempotent.
      await deps.digests.setLastDigestAt(subscriberId, digest.cadence, digest.createdAt)
      return 'done'
    }
    // Not planned, or skipped: nothing to do. Otherwise another sender holds it; if that sender died,
    // its claim runs out and this recipient must not be forgotten, so ask the queue to come back.
    if (current === undefined || current.state === 'skipped') return 'done'
    return 'retry'
  }
  let messageId: string | undefined
  try {
    const subscriber = await deps.subscribers.get(subscriberId)
    if (subscriber === undefined || subscriber.state !== 'confirmed') {
      // Left, bounced or erased since the digest was planned: the ledger says why nobody wrote to them.
      const reason = `subscriber ${subscriber?.state ?? 'erased'} before sending`
      if (await deps.digests.markSkipped(digest.id, subscriberId, claimant, reason, deps.clock.now())) {
        await deps.digests.addCounts(digest.id, { skipped: 1, ...failedCountChange(claimed) })
      }
      return 'done'
    }
    const variant = await loadVariant(context, claimed.variantId)
    const links = subscriberLinks(deps, subscriber)
    const content = personalise(variant, {
      unsubscribeUrl: links.unsubscribeUrl,
      preferencesUrl: links.preferencesUrl,
      ...(subscriber.name !== undefined && { name: subscriber.name }),
    })
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
    }
    const result = await sendPaced(context, claimed, email)
    if ('error' in result) {
      await fail(context, claimed, errorText(result.error))
      return result.error instanceof ThrottledError ? 'back-off' : 'retry'
    }
    messageId = result.messageId
    // SES has the message. Until markSent lands, a crash here means the claim runs out and someone sends again.
    if (await deps.digests.markSent(digest.id, subscriberId, claimant, messageId, deps.clock.now())) {
      await deps.digests.addCounts(digest.id, { sent: 1, ...failedCountChange(claimed) })
    } else {
      settings.warn(
        `Digest ${digest.id}: sent to ${subscriberId} after its claim ran out; another sender may send again`,
      )
    }
    // The articles in a digest are those published before it was planned, so the next one starts there.
    await deps.digests.setLastDigestAt(subscriberId, digest.cadence, digest.createdAt)
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

/** Waits for the pacer and sends; on throttling, backs off (full jitter) and tries again a few times. */
async function sendPaced(
  context: BatchContext,
  claimed: Delivery,
  email: OutgoingEmail,
): Promise<{ messageId: string } | { error: unknown }> {
  const { deps, settings } = context
  const claimedUntil = Date.parse(claimed.claimedUntil ?? '')
  for (let attempt = 0; ; attempt++) {
    await deps.pacer.acquire()
    if (claimedUntil - deps.clock.now().getTime() < settings.claimMarginMs) {
      // Another sender may take this recipient over while SES is still answering us.
      return { error: new Error('claim too close to expiry to start a send') }
    }
    try {
      return await deps.mailer.send(email)
    } catch (error) {
      if (!(error instanceof ThrottledError)) return { error }
      if (error.reason === 'daily-quota' || attempt >= settings.throttleRetries) return { error }
      const ceiling = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** attempt)
      await settings.sleep(settings.random() * ceiling)
    }
  }
}

async function fail(context: BatchContext, claimed: Delivery, error: string): Promise<void> {
  const { deps, digest, claimant } = context
  if (await deps.digests.markFailed(digest.id, claimed.subscriberId, claimant, error, deps.clock.now())) {
    // `failed` counts recipients waiting for a retry after a failure: only the first failure adds one.
    if (claimed.lastError === undefined) await deps.digests.addCounts(digest.id, { failed: 1 })
  }
  context.settings.warn(`Digest ${digest.id}: sending to ${claimed.subscriberId} failed: ${error}`)
}

/** A recipient that had failed before leaves the `failed` count when it is finally sent or skipped. */
function failedCountChange(claimed: Delivery): { failed?: number } {
  return claimed.lastError === undefined ? {} : { failed: -1 }
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

/** RFC 2919 List-Id: the publication's title and its host, one list for every digest. */
export function listId(publication: Publication): string {
  return `${publication.title} <digest.${new URL(publication.siteUrl).hostname}>`
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
