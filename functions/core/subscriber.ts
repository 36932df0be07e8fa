import { createHash } from 'node:crypto'

export const CADENCES = ['instant', 'daily', 'weekly'] as const
export type Cadence = (typeof CADENCES)[number]

/** A subscriber's name is at most this many characters (UTF-16 code units, as zod counts), at every door. */
export const SUBSCRIBER_NAME_MAX_LENGTH = 100

export const SUBSCRIBER_LANGS = ['ko', 'en'] as const
export type SubscriberLang = (typeof SUBSCRIBER_LANGS)[number]

/** The email language for a BCP 47 tag (a publication's): Korean for ko-*, English otherwise. */
export const subscriberLang = (tag: string): SubscriberLang =>
  tag.toLowerCase().startsWith('ko') ? 'ko' : 'en'

/**
 * pending: asked to subscribe, has not clicked the opt-in link yet. confirmed: clicked it (double opt-in).
 * unsubscribed: left; mailing again needs a new opt-in. suppressed: SES reported a permanent bounce or a
 * complaint (or too many soft bounces); never mailed again.
 */
export type SubscriberState = 'pending' | 'confirmed' | 'unsubscribed' | 'suppressed'
export const SUBSCRIBER_STATES: SubscriberState[] = ['pending', 'confirmed', 'unsubscribed', 'suppressed']

export interface Subscriber {
  /** Derived from the address (see subscriberId), so one address can only ever have one record. */
  id: string
  email: string
  name?: string
  /** Tags the subscriber follows; empty means every article. */
  topics: string[]
  cadence: Cadence
  /** Local hour (0-23) at which daily and weekly digests go out, in `timezone`. */
  deliveryHour: number
  /** IANA time zone, e.g. Asia/Seoul. */
  timezone: string
  lang: SubscriberLang
  state: SubscriberState
  createdAt: string
  updatedAt: string
  confirmedAt?: string
  unsubscribedAt?: string
  suppressedAt?: string
  suppressionReason?: string
  /** When the last confirmation email went out; a pending address gets at most one per interval. */
  confirmationSentAt?: string
  /** The subscribe request that confirmation email answered, so a retried job sends it again (confirmation.ts). */
  confirmationRequestId?: string
  /**
   * The confirmation (its confirmedAt) whose welcome email is taken care of: written before the email goes,
   * so a repeated job never sends a second one (welcome.ts).
   */
  welcomedConfirmationAt?: string
  /** Where the consent came from: the web form, or an import that said the person had opted in. */
  consent?: { source: 'form' | 'import'; at: string }
  softBounces: number
  /** SES message ids of the latest soft bounces, so a notification delivered twice counts once. */
  softBounceMessageIds?: string[]
  /** Bumped when the subscriber leaves or is re-invited, so links from older emails stop working. */
  tokenVersion: number
  /** Bumped on every write; writes are conditional on it (no transactions in dynalite). */
  revision: number
}

/** Lower-cases and trims an address; the local part is kept as typed except for case. */
export function normaliseEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase()
}

/**
 * A stable, non-reversible-at-a-glance id for an address: the key of the subscriber's record and the
 * subject of every token, so no address appears in a URL or a table key.
 */
export function subscriberId(normalisedEmail: string): string {
  return createHash('sha256')
    .update(`pressroom-subscriber:${normalisedEmail}`)
    .digest('base64url')
    .slice(0, SUBSCRIBER_ID_LENGTH)
}

/** Characters in a subscriber id. */
export const SUBSCRIBER_ID_LENGTH = 22

/** Whether a value can be a subscriber id (22 base64url characters), so a longer key is never looked up. */
export const isSubscriberId = (value: string): boolean =>
  new RegExp(`^[A-Za-z0-9_-]{${SUBSCRIBER_ID_LENGTH}}$`).test(value)
