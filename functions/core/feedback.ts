import { SES_ACTOR } from './audit'
import { countSesEvent, type CountOutcome, type FigureEvent } from './delivery-figures'
import { ConflictError, DomainError } from './errors'
import type { AuditLog, Clock, DeliveryFigureStore, SubscriberStore } from './ports'
import { auditSubscriber } from './subscriber-audit'
import { normaliseEmail, subscriberId, type Subscriber } from './subscriber'

/**
 * Bounce and complaint feedback from SES. SES publishes one JSON notification per event to SNS, in one of
 * two shapes: identity feedback notifications (`notificationType`) and configuration-set event publishing
 * (`eventType`). Both carry the same `bounce` and `complaint` objects, so one parser reads both.
 */

/** Transient bounces after which an address is suppressed (counted over its life: a delivery does not reset it). */
export const DEFAULT_SOFT_BOUNCE_LIMIT = 3

/** What one notification means for one recipient. */
export type FeedbackKind = 'permanent-bounce' | 'transient-bounce' | 'complaint' | 'ignore'

export interface FeedbackAction {
  /** The address as SES reported it (not yet normalised). */
  email: string
  kind: FeedbackKind
  /** e.g. "Permanent/General", "Transient/MailboxFull", "abuse", "Delivery". */
  detail: string
  /** SES's id of the message the event is about (mail.messageId), when the notification has one. */
  messageId?: string
}

/**
 * What makes a notification unreadable. The handler logs it; `npm run ses-event` words it in the
 * publication's language (cli/messages.ts), so it is data here, not a sentence.
 */
export type NotificationProblem =
  | { kind: 'not-json'; detail: string }
  | { kind: 'not-object' }
  | { kind: 'no-type' }
  | { kind: 'no-bounce' }
  | { kind: 'no-complaint' }
  | { kind: 'no-recipient-list'; field: string }
  | { kind: 'recipient-without-address'; field: string }

/** The problem in English: the error's message and the log's words. */
export function notificationProblemText(problem: NotificationProblem): string {
  switch (problem.kind) {
    case 'not-json':
      return `not JSON (${problem.detail})`
    case 'not-object':
      return 'The notification is not a JSON object'
    case 'no-type':
      return 'The notification has neither notificationType nor eventType'
    case 'no-bounce':
      return 'A Bounce notification has no bounce object'
    case 'no-complaint':
      return 'A Complaint notification has no complaint object'
    case 'no-recipient-list':
      return `${problem.field} is missing or not a list`
    case 'recipient-without-address':
      return `${problem.field} holds an entry without an emailAddress`
  }
}

/** The notification is not an SES notification we can read; retrying it will not help. */
export class MalformedNotificationError extends DomainError {
  constructor(readonly problem: NotificationProblem) {
    super(notificationProblemText(problem))
  }
}

type Json = Record<string, unknown>

/** How many soft-bounced message ids a subscriber remembers, to recognise a redelivered notification. */
const SOFT_BOUNCE_MEMORY = 10

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Reads one SES notification (already JSON-parsed) into one action per recipient. Throws
 * MalformedNotificationError when it has no type, or a bounce or complaint without its recipients.
 * Types that change no subscriber (Delivery, Send, Reject, Open, Click, DeliveryDelay, SES's subscription
 * test message, ...) become `ignore` actions for the mail's destinations; a Delivery still counts in its
 * digest's figures (applyFeedback).
 */
export function parseSesNotification(notification: unknown): FeedbackAction[] {
  if (!isObject(notification)) throw new MalformedNotificationError({ kind: 'not-object' })
  const messageId =
    isObject(notification.mail) && typeof notification.mail.messageId === 'string'
      ? notification.mail.messageId
      : undefined
  return parseActions(notification).map((action) =>
    messageId === undefined ? action : { ...action, messageId },
  )
}

function parseActions(notification: Json): FeedbackAction[] {
  const type = notification.notificationType ?? notification.eventType
  if (typeof type !== 'string' || type === '') {
    throw new MalformedNotificationError({ kind: 'no-type' })
  }
  switch (type) {
    case 'Bounce':
      return parseBounce(notification.bounce)
    case 'Complaint':
      return parseComplaint(notification.complaint)
    case 'Delivery': {
      const delivery = isObject(notification.delivery) ? notification.delivery : {}
      return ignoreAll(addressList(delivery.recipients) ?? destinations(notification), type)
    }
    default:
      return ignoreAll(destinations(notification), type)
  }
}

function parseBounce(bounce: unknown): FeedbackAction[] {
  if (!isObject(bounce)) throw new MalformedNotificationError({ kind: 'no-bounce' })
  const bounceType = typeof bounce.bounceType === 'string' ? bounce.bounceType : 'Undetermined'
  const subType = typeof bounce.bounceSubType === 'string' ? bounce.bounceSubType : 'Undetermined'
  // Only a Permanent bounce is proof that the address is dead; Undetermined (and any type SES adds later)
  // counts as a soft bounce, so it suppresses only when it keeps happening.
  const kind: FeedbackKind = bounceType === 'Permanent' ? 'permanent-bounce' : 'transient-bounce'
  const recipients = recipientAddresses(bounce.bouncedRecipients, 'bounce.bouncedRecipients')
  return recipients.map((email) => ({ email, kind, detail: `${bounceType}/${subType}` }))
}

function parseComplaint(complaint: unknown): FeedbackAction[] {
  if (!isObject(complaint)) {
    throw new MalformedNotificationError({ kind: 'no-complaint' })
  }
  const feedbackType =
    typeof complaint.complaintFeedbackType === 'string' ? complaint.complaintFeedbackType : ''
  const subType = typeof complaint.complaintSubType === 'string' ? complaint.complaintSubType : ''
  const detail = feedbackType || subType || 'unspecified'
  // "not-spam" is an ISP taking back an earlier report (RFC 5965 / IANA MARF), not a complaint.
  const kind: FeedbackKind = feedbackType === 'not-spam' ? 'ignore' : 'complaint'
  const recipients = recipientAddresses(complaint.complainedRecipients, 'complaint.complainedRecipients')
  return recipients.map((email) => ({ email, kind, detail }))
}

function recipientAddresses(list: unknown, field: string): string[] {
  if (!Array.isArray(list)) throw new MalformedNotificationError({ kind: 'no-recipient-list', field })
  return list.map((recipient) => {
    if (!isObject(recipient) || typeof recipient.emailAddress !== 'string' || recipient.emailAddress === '') {
      throw new MalformedNotificationError({ kind: 'recipient-without-address', field })
    }
    return bareAddress(recipient.emailAddress)
  })
}

function destinations(notification: Json): string[] {
  return (isObject(notification.mail) ? addressList(notification.mail.destination) : undefined) ?? []
}

function addressList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined
  return value.filter((item): item is string => typeof item === 'string').map(bareAddress)
}

function ignoreAll(emails: string[], type: string): FeedbackAction[] {
  return emails.map((email) => ({ email, kind: 'ignore' as const, detail: type }))
}

/** "Jane Doe <jane@example.com>" -> "jane@example.com"; a bare address is returned as is. */
function bareAddress(address: string): string {
  const angled = /<([^<>]+)>\s*$/.exec(address)
  return (angled?.[1] ?? address).trim()
}

/** What applyFeedback did, by subscriber id (never by address, so it can be logged). */
export interface FeedbackSummary {
  /** Subscribers this notification suppressed. */
  suppressed: string[]
  /** Subscribers whose soft-bounce count went up without reaching the limit. */
  softBounced: string[]
  /** Recipients of notifications we do not act on (deliveries, sends, ...). */
  ignored: number
  /** Recipients with no subscriber record (never subscribed, or erased). */
  unknown: number
  /** Subscribers already suppressed, left as they were (a replayed notification, or a second report). */
  unchanged: number
  /** The digest figure this event added to (or found it had added to before), when it belongs to a digest. */
  figure?: FigureEvent & { outcome: CountOutcome }
}

export interface FeedbackDeps {
  subscribers: SubscriberStore
  /** The digests' delivery figures: a Delivery, Bounce or Complaint event of a digest's message counts there. */
  figures: DeliveryFigureStore
  clock: Clock
  /** Each bounce or complaint acted on, and the suppression it caused, is a line in the subscriber's history. */
  audit: AuditLog
}

// Each attempt re-reads the record, so losing this many races in a row means something is wrong; the
// error then reaches SNS, which retries the whole notification later.
const MAX_ATTEMPTS = 5

/**
 * Applies one SES notification to the subscribers it names: a permanent bounce or a complaint suppresses
 * at once; a transient bounce counts, and suppresses at `softBounceLimit`. A Delivery, Bounce or Complaint
 * event about a digest's message then adds to that digest's figures, once per event (delivery-figures.ts). Safe to call again with the
 * same notification for permanent bounces and complaints (a suppressed subscriber is left alone). Throws
 * MalformedNotificationError before writing anything if the notification cannot be read.
 */
export async function applyFeedback(
  deps: FeedbackDeps,
  notification: unknown,
  options: { softBounceLimit?: number } = {},
): Promise<FeedbackSummary> {
  const limit = options.softBounceLimit ?? DEFAULT_SOFT_BOUNCE_LIMIT
  const summary: FeedbackSummary = { suppressed: [], softBounced: [], ignored: 0, unknown: 0, unchanged: 0 }
  // One notification may list an address twice (in different cases); it is one event for that person.
  const actions = new Map<string, FeedbackAction>()
  for (const action of parseSesNotification(notification)) {
    const email = normaliseEmail(action.email)
    if (!actions.has(email)) actions.set(email, action)
  }
  for (const [email, action] of actions) {
    if (action.kind === 'ignore') {
      summary.ignored++
      continue
    }
    const outcome = await applyToSubscriber(deps, subscriberId(email), action, limit)
    if (outcome.result === 'suppressed') summary.suppressed.push(outcome.id)
    else if (outcome.result === 'soft-bounced') summary.softBounced.push(outcome.id)
    else summary[outcome.result]++
  }
  // Counted after the subscribers' changes: if those fail, SNS retries the event and it has not counted yet.
  const figure = await countSesEvent(deps, notification)
  return figure === undefined ? summary : { ...summary, figure }
}

type Outcome = { id: string; result: 'suppressed' | 'soft-bounced' | 'unknown' | 'unchanged' }

async function applyToSubscriber(
  deps: FeedbackDeps,
  id: string,
  action: FeedbackAction,
  softBounceLimit: number,
): Promise<Outcome> {
  for (let attempt = 1; ; attempt++) {
    const current = await deps.subscribers.get(id)
    if (current === undefined) return { id, result: 'unknown' }
    if (current.state === 'suppressed') return { id, result: 'unchanged' }
    const next = nextState(current, action, softBounceLimit, deps.clock.now().toISOString())
    if (next === current) return { id, result: 'unchanged' }
    try {
      await deps.subscribers.replace(next, current.revision)
      await auditFeedback(deps.audit, next, action)
      return { id, result: next.state === 'suppressed' ? 'suppressed' : 'soft-bounced' }
    } catch (error) {
      // Another write (a confirm, an unsubscribe, a concurrent notification) got there first: read again.
      if (!(error instanceof ConflictError) || attempt >= MAX_ATTEMPTS) throw error
    }
  }
}

/** The report as a line of the subscriber's history, and the suppression it caused as another. */
async function auditFeedback(audit: AuditLog, next: Subscriber, action: FeedbackAction): Promise<void> {
  const kind = action.kind === 'complaint' ? 'complained' : 'bounced'
  const soft = action.kind === 'transient-bounce' ? ` (${next.softBounces})` : ''
  await auditSubscriber(audit, next, kind, SES_ACTOR, next.updatedAt, `${action.detail}${soft}`)
  if (next.state === 'suppressed') {
    await auditSubscriber(audit, next, 'suppressed', SES_ACTOR, next.updatedAt, next.suppressionReason)
  }
}

function nextState(
  current: Subscriber,
  action: FeedbackAction,
  softBounceLimit: number,
  now: string,
): Subscriber {
  const written = { ...current, updatedAt: now, revision: current.revision + 1 }
  const suppress = (reason: string): Subscriber => ({
    ...written,
    state: 'suppressed',
    suppressedAt: now,
    suppressionReason: reason,
  })
  switch (action.kind) {
    case 'permanent-bounce':
      return suppress(`bounce: ${action.detail}`)
    case 'complaint':
      return suppress(`complaint: ${action.detail}`)
    default: {
      // SNS delivers at least once: the same transient bounce (same message) must count once.
      if (action.messageId !== undefined && current.softBounceMessageIds?.includes(action.messageId))
        return current
      const softBounceMessageIds = [
        ...(current.softBounceMessageIds ?? []),
        ...(action.messageId ? [action.messageId] : []),
      ].slice(-SOFT_BOUNCE_MEMORY)
      const softBounces = current.softBounces + 1
      if (softBounces >= softBounceLimit) {
        return {
          ...suppress(`bounce: ${action.detail} (${softBounces} soft bounces)`),
          softBounces,
          softBounceMessageIds,
        }
      }
      return { ...written, softBounces, softBounceMessageIds }
    }
  }
}
