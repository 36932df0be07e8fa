import type { Article } from './article'
import type { Cadence, Subscriber, SubscriberState } from './subscriber'

/** One page of a listing and the opaque cursor for the next one (absent on the last page). */
export interface Page<T> {
  items: T[]
  cursor?: string
}

/** Where articles live. Implementations never scan: every listing reads an index in order. */
export interface ArticleStore {
  get(slug: string): Promise<Article | undefined>
  /** Writes a new article; throws ConflictError when the slug is taken. */
  create(article: Article): Promise<void>
  /** Replaces an article; throws ConflictError unless the stored revision is `expectedRevision`. */
  replace(article: Article, expectedRevision: number): Promise<void>
  /** Deletes an article; throws NotFoundError when there is none. */
  delete(slug: string): Promise<Article>
  /** Every article, drafts included, newest first, for the admin API. */
  listAll(options: { limit: number; cursor?: string }): Promise<Page<Article>>
  /** Published articles, newest publishedAt first, narrowed as the query says. */
  listPublished(query: PublishedQuery): Promise<Article[]>
  /** Changes on every write that can change a feed; feeds are cached against it. */
  publicationVersion(): Promise<PublicationVersion>
}

export interface PublishedQuery {
  limit: number
  /** Only articles carrying this tag. */
  tag?: string
  /** Only articles whose publishedAt starts with this prefix, e.g. "2026-11" for one month's archive. */
  period?: string
  /** Only articles published before this ISO 8601 prefix (exclusive), e.g. "2026-11" for "before November". */
  before?: string
}

export interface PublicationVersion {
  version: number
  updatedAt?: string
}

/** The current time; injected so tests are deterministic. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** Hears which feed URLs a write changed (for WebSub). Returns at once: the work happens in the background. */
export interface FeedChangeListener {
  feedsChanged(topicUrls: string[]): void
}

/** Where subscribers live. One record per address; writes are conditional on `revision`. */
export interface SubscriberStore {
  get(id: string): Promise<Subscriber | undefined>
  /** Writes a new record; throws ConflictError when the address already has one. */
  create(subscriber: Subscriber): Promise<void>
  /** Replaces a record; throws ConflictError unless the stored revision is `expectedRevision`. */
  replace(subscriber: Subscriber, expectedRevision: number): Promise<void>
  /** Deletes the record and every item that holds its personal data; returns what was deleted. */
  erase(id: string): Promise<Subscriber | undefined>
  /** Newest first, optionally one state and/or addresses containing `query`; for the admin API. */
  list(options: {
    limit: number
    cursor?: string
    state?: SubscriberState
    query?: string
  }): Promise<Page<Subscriber>>
  countByState(): Promise<Record<SubscriberState, number>>
  /** Confirmed subscribers on a cadence, page by page (never the whole list at once), for digests. */
  listAudience(options: { cadence: Cadence; limit: number; cursor?: string }): Promise<Page<Subscriber>>
}

/** A message ready to send: the adapter turns it into MIME and hands it to SES. */
export interface OutgoingEmail {
  to: string
  subject: string
  html: string
  text: string
  /** RFC 8058 one-click unsubscribe (https) and an optional mailto fallback. */
  listUnsubscribe?: { url: string; mailto?: string }
  /** Extra headers such as List-Id. */
  headers?: Record<string, string>
}

/** Sends one rendered message; throws ThrottledError when SES asks us to slow down. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>
}

/** Counts events per key in fixed windows; `hit` answers whether one more is allowed. */
export interface RateLimiter {
  hit(key: string, limit: number, windowSeconds: number): Promise<boolean>
}
