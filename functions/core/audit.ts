/**
 * What an audit entry says was done: one word per change an editor can make to an article, and `sent` for
 * mail an editor sent by hand (a test digest, a dead-lettered batch sent again).
 */
export type AuditAction =
  'created' | 'changed' | 'scheduled' | 'published' | 'unpublished' | 'deleted' | 'sent'

/**
 * What an audit entry says happened to a subscriber: their own steps (subscribed, confirmed, changed their
 * preferences, unsubscribed), SES feedback (bounced, complained) and the operators' actions (imported,
 * suppressed, unsuppressed, erased).
 */
export type SubscriberAuditAction =
  | 'subscribed'
  | 'confirmed'
  | 'preferences-changed'
  | 'unsubscribed'
  | 'bounced'
  | 'complained'
  | 'suppressed'
  | 'unsuppressed'
  | 'imported'
  | 'erased'

export type AnyAuditAction = AuditAction | SubscriberAuditAction

/**
 * Who did it: an editor signed in to the desk (their display name), the admin API's bearer token, the
 * schedule, the subscriber themselves (through a link or the form), or SES (a bounce or complaint report).
 */
export interface Actor {
  name: string
  via: 'desk' | 'api' | 'schedule' | 'subscriber' | 'ses'
}

/** The admin API, CLI and scripts all hold the one bearer token, so they share one name. */
export const API_ACTOR: Actor = { name: 'api', via: 'api' }

/** A scheduled article going live at its time (go-live.ts): nobody pressed a button then. */
export const SCHEDULE_ACTOR: Actor = { name: 'schedule', via: 'schedule' }

/** A subscriber acting on their own subscription; never named (their address is not written to the log). */
export const SUBSCRIBER_ACTOR: Actor = { name: 'subscriber', via: 'subscriber' }

/** SES reporting a bounce or a complaint (feedback.ts). */
export const SES_ACTOR: Actor = { name: 'ses', via: 'ses' }

/** One line of the audit log: who did what to which subject (article, subscriber, digest), and when. */
export interface AuditEntry<A extends AnyAuditAction = AuditAction> {
  /** The subject, e.g. `article:<slug>`, `subscriber:<id>` or `digest:<id>`; the log is read per subject. */
  subject: string
  action: A
  actor: Actor
  /** ISO 8601. */
  at: string
  /** The subject's revision after the change (absent for a deletion, an erasure and for digests). */
  revision?: number
  /**
   * A short, address-free note: the bounce type, the preferences that changed, a suppression's reason, the
   * articles of a test digest, how many recipients a retry sent again.
   * Never personal data: the lines outlive an erasure.
   */
  detail?: string
}

export const articleSubject = (slug: string) => `article:${slug}`

/** A subscriber's lines are keyed by their id (a hash of the address), never by the address itself. */
export const subscriberSubject = (id: string) => `subscriber:${id}`
/** A digest's log (`digest:test` holds the test sends, which belong to no digest). */
export const digestSubject = (digestId: string) => `digest:${digestId}`
