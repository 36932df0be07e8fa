import type { Cadence } from './subscriber'

/**
 * A digest: one cadence's mailing for one period (a local day for daily, an ISO week for weekly).
 * Its id is derived from cadence and period, so planning the same window twice finds the same digest.
 */
export interface Digest {
  id: string
  cadence: Exclude<Cadence, 'instant'> | 'instant'
  /** "2026-11-27" for daily, "2026-W48" for weekly, the article slug for instant. */
  period: string
  state: DigestState
  createdAt: string
  updatedAt: string
  /** Recipients planned, and what became of them so far. */
  counts: DigestCounts
}

export type DigestState = 'planning' | 'sending' | 'done'

/**
 * Under this id test sends keep their web versions (`/digests/test/<variant id>`): no digest has it, as a
 * digest's id starts with its cadence.
 */
export const TEST_DIGEST_ID = 'test'

export interface DigestCounts {
  planned: number
  sent: number
  failed: number
  skipped: number
}

/**
 * Something a digest left out because it could not be rendered or sent, and why: an article (its slug), a
 * subscriber (their id), or a variant (a language and its articles) that failed to render as a whole.
 * Kept with the digest, one per kind and id, so operators see it in the digest's status.
 */
export interface DigestSkip {
  kind: 'article' | 'subscriber' | 'variant'
  id: string
  reason: string
  /** When it was last left out. */
  at: string
}

/**
 * One rendered variant of a digest: the same language and the same articles give the same HTML, compiled
 * from MJML once in the planner. Per-subscriber parts stay as {{placeholders}} filled in by the sender.
 */
export interface DigestVariant {
  digestId: string
  /** Hash of language + article slugs. */
  id: string
  lang: string
  subject: string
  /** Compiled HTML with placeholders: {{unsubscribeUrl}}, {{preferencesUrl}}, {{greetingName}}. */
  html: string
  /** Plain-text part with the same placeholders. */
  text: string
  /**
   * The web version's HTML, every article as a card, when `html` is the email cut to its size budget (the
   * cards that fit, then the other articles by title); absent when `html` holds every card already.
   */
  webHtml?: string
  articleSlugs: string[]
}

/** Where one subscriber stands in one digest. Writes are conditional: the ledger is what makes sends once-only. */
export type DeliveryState = 'planned' | 'claimed' | 'sent' | 'skipped' | 'failed'

export interface Delivery {
  digestId: string
  subscriberId: string
  variantId: string
  state: DeliveryState
  /** While claimed: who holds the claim and until when (ISO); an expired claim may be taken over. */
  claimedBy?: string
  claimedUntil?: string
  sentAt?: string
  /** SES MessageId, once SES accepted the message. */
  messageId?: string
  attempts: number
  lastError?: string
  /** When it last left a claim (sent, skipped or failed). */
  updatedAt?: string
}

/** A unit of work on the queue: some recipients of one digest variant. */
export interface DeliveryBatch {
  digestId: string
  variantId: string
  subscriberIds: string[]
}
