import { DIGEST_TAG, isMessageTagValue } from './message-tags'
import type { Clock, DeliveryFigureStore, DigestStore } from './ports'

/**
 * A digest's delivery figures: what became of its messages after SES took them, counted from SES's events
 * and from unsubscribes, without tracking readers (no open pixel, no rewritten links). `sent` is not here:
 * the ledger counts it (Digest.counts.sent).
 */
export interface DeliveryFigures {
  /** SES Delivery events: the receiving server accepted the message. */
  delivered: number
  /** SES Bounce events, permanent or transient: SES gave up delivering the message. */
  bounced: number
  /** SES Complaint events (a mailbox provider's "this is spam"), not an ISP's "not-spam" take-back. */
  complained: number
  /** Subscribers who left through this digest's links within UNSUBSCRIBE_WINDOW_MS of its send to them. */
  unsubscribed: number
}

export type DeliveryFigure = keyof DeliveryFigures

/** Everything an editor sees about a digest's delivery: `sent` from the ledger, the rest from the figures. */
export type DigestFigures = { sent: number } & DeliveryFigures

/** A digest's figures as shown: the ledger's `sent` and the counted figures (zero before any event). */
export function digestFigures(
  digest: { counts: { sent: number } },
  figures: DeliveryFigures | undefined,
): DigestFigures {
  return { sent: digest.counts.sent, ...(figures ?? NO_FIGURES) }
}

export const FIGURE_NAMES = [
  'delivered',
  'bounced',
  'complained',
  'unsubscribed',
] as const satisfies DeliveryFigure[]

export const NO_FIGURES: DeliveryFigures = { delivered: 0, bounced: 0, complained: 0, unsubscribed: 0 }

/** What one attempt to count an event did. */
export type CountOutcome =
  /** Added one to the digest's figure. */
  | 'counted'
  /** The same event was counted before (SNS delivers at least once; a replayed file): nothing added. */
  | 'already-counted'
  /** No digest has the id the event named: nothing added. */
  | 'no-digest'

/** An unsubscribe counts against a digest only this long after the digest was sent to the subscriber. */
export const UNSUBSCRIBE_WINDOW_MS = 7 * 24 * 3600_000

/** The SES event types that add to a figure; every other type (Send, Reject, DeliveryDelay...) adds nothing. */
const FIGURE_OF_EVENT: Readonly<Record<string, DeliveryFigure>> = {
  Delivery: 'delivered',
  Bounce: 'bounced',
  Complaint: 'complained',
}

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The figure an SES event adds to, and where: read from a configuration-set event (`eventType`). */
export interface FigureEvent {
  digestId: string
  figure: DeliveryFigure
  /** SES's message id and the event type: the same event delivered twice has the same id. */
  eventId: string
}

/**
 * Which digest figure an SES notification adds to, or undefined when it adds to none: a type we do not
 * count, a message without our digest tag (a confirmation, a welcome, a test send), an identity
 * notification (`notificationType`: SES puts no tags in those), or an ISP's "not-spam" take-back.
 */
export function figureEventOf(notification: unknown): FigureEvent | undefined {
  if (!isObject(notification) || !isObject(notification.mail)) return undefined
  const type = notification.eventType
  const figure = typeof type === 'string' ? FIGURE_OF_EVENT[type] : undefined
  const messageId = notification.mail.messageId
  // SES's message ids are some 60 characters; a longer one is not SES's, and would not fit in a key.
  if (figure === undefined || typeof messageId !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(messageId))
    return undefined
  if (
    figure === 'complained' &&
    isObject(notification.complaint) &&
    notification.complaint.complaintFeedbackType === 'not-spam'
  ) {
    return undefined
  }
  // SES gives every tag as a list of values; ours has one. A value outside SES's tag rule is not one we set.
  const tags = isObject(notification.mail.tags) ? notification.mail.tags : {}
  const values = tags[DIGEST_TAG]
  const digestId = Array.isArray(values) ? values[0] : undefined
  if (typeof digestId !== 'string' || !isMessageTagValue(digestId)) return undefined
  return { digestId, figure, eventId: `ses#${messageId}#${String(type)}` }
}

/** Counts an SES notification towards its digest's figures, once per event; undefined when it counts for none. */
export async function countSesEvent(
  deps: { figures: DeliveryFigureStore; clock: Clock },
  notification: unknown,
): Promise<(FigureEvent & { outcome: CountOutcome }) | undefined> {
  const event = figureEventOf(notification)
  if (event === undefined) return undefined
  const outcome = await deps.figures.countOnce(event.digestId, event.figure, event.eventId, deps.clock.now())
  return { ...event, outcome }
}

/** Why an unsubscribe did not count against the digest its link named. */
export type UnsubscribeCount = CountOutcome | 'not-sent' | 'too-late'

/**
 * Counts one subscriber's unsubscribe against the digest whose link they used (the `d` claim of the signed
 * link, core/tokens.ts), if the ledger says that digest was sent to them less than UNSUBSCRIBE_WINDOW_MS ago.
 *
 * Why the link, not "their last digest": the link names the very email the reader acted on, is signed (so
 * nobody can move a figure), and needs no lookup to find it; a subscriber on a daily cadence who leaves
 * from last week's email counts against last week's digest. The ledger's sentAt is the send to this
 * subscriber, not the digest's planning time, so a digest resumed days later still gets its full window.
 * Counted once per (digest, subscriber), so a replayed one-click POST adds nothing.
 */
export async function countUnsubscribe(
  deps: { figures: DeliveryFigureStore; digests: Pick<DigestStore, 'getDeliveries'>; clock: Clock },
  digestId: string,
  subscriberId: string,
): Promise<UnsubscribeCount> {
  const delivery = (await deps.digests.getDeliveries(digestId, [subscriberId])).get(subscriberId)
  if (delivery?.state !== 'sent' || delivery.sentAt === undefined) return 'not-sent'
  const now = deps.clock.now()
  if (now.getTime() - Date.parse(delivery.sentAt) > UNSUBSCRIBE_WINDOW_MS) return 'too-late'
  return deps.figures.countOnce(digestId, 'unsubscribed', `unsubscribe#${digestId}#${subscriberId}`, now)
}
