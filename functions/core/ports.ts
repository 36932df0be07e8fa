import type { Article } from './article'
import type { AnyAuditAction, AuditAction, AuditEntry } from './audit'
import type {
  Delivery,
  DeliveryBatch,
  Digest,
  DigestCounts,
  DigestSkip,
  DigestState,
  DigestVariant,
} from './digest'
import type { Cadence, Subscriber, SubscriberLang, SubscriberState } from './subscriber'
import type { SubscriberCounts } from './subscriber-counts'
import type { ConfirmationJob, SubscribeRequest } from './confirmation'
import type { EmailContent } from './filled-text'
import type { DigestCadence, PlanSummary } from './plan-digest'
import type { Publication } from './publication'
import type { EditorSession } from './editor-session'
import type { Carried } from './warm-up'
import type { CountOutcome, DeliveryFigure, DeliveryFigures } from './delivery-figures'

/**
 * Every port of the core: what it needs from the world, each implemented by an adapter (functions/adapters,
 * functions/email) and chosen by an entry point's deps.ts. Typed with the core's own types.
 */

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
  /** Published articles (isPublic), newest publishedAt first, narrowed as the query says. */
  listPublished(query: PublishedQuery): Promise<Article[]>
  /**
   * Scheduled articles, soonest publishedAt first; with `dueBy` (ISO 8601), only those due by then. Read from
   * an index, so it may lag a write by a moment: go-live reads each article again before publishing it.
   */
  listScheduled(query: { limit: number; dueBy?: string }): Promise<Article[]>
  /** Changes on every write that can change a feed; feeds are cached against it. */
  publicationVersion(): Promise<PublicationVersion>
  /**
   * Every published article without its body, newest publishedAt first, in the order of listPublished, so
   * `before: listingKey(entry)` (core/navigation.ts) continues a listing right after `entry`. Navigation and
   * the sitemap list them all, so they must not read every article whole.
   */
  listPublishedEntries(): Promise<PublishedEntry[]>
}

export interface PublishedQuery {
  limit: number
  /** Only articles carrying this tag. */
  tag?: string
  /** Only articles whose publishedAt starts with this prefix, e.g. "2026-11" for one month's archive. */
  period?: string
  /**
   * Only articles published before this ISO 8601 prefix (exclusive), e.g. "2026-11" for "before November",
   * or after an entry given by its listingKey (the next page of a listing).
   */
  before?: string
}

/**
 * A published article without its body: what the archive, the tag index, pagination, prev/next and the
 * sitemap read.
 */
export type PublishedEntry = Pick<Article, 'slug' | 'title' | 'tags' | 'updatedAt' | 'canonicalUrl'> & {
  publishedAt: string
}

export interface PublicationVersion {
  version: number
  updatedAt?: string
}

/** The current time; injected so tests are deterministic. */
export interface Clock {
  now(): Date
  /** The same instant in milliseconds, where a clock can give it without making a Date (hot paths). */
  nowMs?(): number
}

export const systemClock: Clock = { now: () => new Date(), nowMs: Date.now }

/**
 * Hears which feed URLs a write changed (for WebSub) and which pages (for IndexNow). Returns at once: the
 * work happens in the background.
 */
export interface FeedChangeListener {
  /**
   * Told after a write that changed these feeds and, when given, these pages (the article's URL, for search
   * engines). It must neither throw nor wait on a hub: a promise, if it returns one, is for a quick
   * hand-off the request must finish first (a queue message on Lambda, where nothing runs once the
   * response is sent).
   */
  feedsChanged(topicUrls: string[], pageUrls?: string[]): void | Promise<void>
}

/**
 * Makes a scheduled article go live at its time: one one-time schedule per article (EventBridge Scheduler on
 * AWS, a timer under `npm start`) that runs go-live (core/go-live.ts). Go-live does nothing unless the
 * article is still scheduled and due, so a schedule left behind by a reschedule or a cancel is harmless.
 */
export interface GoLiveScheduler {
  /** Creates the article's go-live at `at` (ISO 8601), or moves it there; setting it twice is harmless. */
  schedule(slug: string, at: string): Promise<void>
  /** Removes the article's go-live; nothing happens when it has none (any more). */
  unschedule(slug: string): Promise<void>
}

/** Where subscribers live. One record per address; writes are conditional on `revision`. */
export interface SubscriberStore {
  get(id: string): Promise<Subscriber | undefined>
  /** Many records at once (one BatchGetItem per 100), keyed by id; ids without a record are absent. */
  getMany(ids: string[]): Promise<Map<string, Subscriber>>
  /** Writes a new record; throws ConflictError when the address already has one. */
  create(subscriber: Subscriber): Promise<void>
  /** Replaces a record; throws ConflictError unless the stored revision is `expectedRevision`. */
  replace(subscriber: Subscriber, expectedRevision: number): Promise<void>
  /** Deletes the record and every item that holds its personal data; returns what was deleted. */
  erase(id: string): Promise<Subscriber | undefined>
  /**
   * Newest first, optionally one state, addresses containing `query` and/or addresses starting with
   * `emailPrefix` (normalised, as stored); for the admin API and the desk.
   */
  list(options: {
    limit: number
    cursor?: string
    state?: SubscriberState
    query?: string
    emailPrefix?: string
  }): Promise<Page<Subscriber>>
  /** Counts by state, cadence, topic and language, in one paged pass over every subscriber. */
  counts(): Promise<SubscriberCounts>
  /** Confirmed subscribers on a cadence, page by page (never the whole list at once), for digests. */
  listAudience(options: { cadence: Cadence; limit: number; cursor?: string }): Promise<Page<Subscriber>>
}

/**
 * Subscribe requests waiting for the confirmation worker: one per address, the latest replacing any earlier
 * one. Erasing a subscriber erases its request too (it holds the address).
 */
export interface SubscribeRequestStore {
  /** Records the request, replacing any earlier one: unconditional, so it costs the same for every address. */
  record(request: SubscribeRequest): Promise<void>
  get(subscriberId: string): Promise<SubscribeRequest | undefined>
  /** Deletes the request once acted on, unless a newer one has replaced it meanwhile. */
  finish(subscriberId: string, requestId: string): Promise<void>
}

/**
 * Where subscribe requests wait for the confirmation worker: SQS on AWS, an in-process queue locally. At least
 * once: a job may be handled twice, and the worker makes the second a no-op.
 */
export interface ConfirmationQueue {
  enqueue(job: ConfirmationJob): Promise<void>
}

/** A message ready to send: the adapter turns it into MIME and hands it to SES. */
export interface OutgoingEmail {
  to: string
  subject: string
  /** A string, or (digests) a variant's shared parts filled with one subscriber's values. */
  html: EmailContent
  text: EmailContent
  /** RFC 8058 one-click unsubscribe (https) and an optional mailto fallback. */
  listUnsubscribe?: { url: string; mailto?: string }
  /** Extra headers such as List-Id. */
  headers?: Record<string, string>
  /**
   * SES message tags (name -> value), which SES copies into every event about the message (`mail.tags`):
   * how a delivery, bounce or complaint finds its digest, and the Feedback-ID streams (mail-stream.ts).
   * They describe the mail stream or the digest, never the recipient. Checked by core/message-tags.ts.
   */
  tags?: Record<string, string>
}

/** Sends one rendered message; throws ThrottledError when SES asks us to slow down. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>
}

/** Counts events per key in fixed windows; `hit` answers whether one more is allowed. */
export interface RateLimiter {
  hit(key: string, limit: number, windowSeconds: number): Promise<boolean>
}

/** Digests, their rendered variants, and the per-(digest, subscriber) delivery ledger. */
export interface DigestStore {
  /** Creates the digest unless it exists (conditional put) and returns the stored one either way. */
  ensureDigest(digest: Digest): Promise<Digest>
  getDigest(id: string): Promise<Digest | undefined>
  /**
   * Takes (or renews) the right to add deliveries to a digest until `until`: one planning run at a time per
   * digest, so deliveries can be added with unconditional batch writes. False while another run holds it.
   */
  leasePlanning(id: string, holder: string, until: Date, now: Date): Promise<boolean>
  releasePlanning(id: string, holder: string): Promise<void>
  /** Newest first. */
  listDigests(options: { limit: number; cursor?: string }): Promise<Page<Digest>>
  /** With `counts`, also sets the counters (the ledger pass, once a digest is finished and quiet). */
  setDigestState(id: string, state: DigestState, now: Date, counts?: DigestCounts): Promise<void>
  /** Atomic counter increments (UpdateItem ADD). */
  addCounts(id: string, delta: Partial<DigestCounts>): Promise<void>
  /**
   * Idempotent: the same digest, language and articles always give the same variant id. With `keepUntil`
   * (a test send's web version), the store may delete it after then.
   */
  putVariant(variant: DigestVariant, keepUntil?: Date): Promise<void>
  getVariant(digestId: string, variantId: string): Promise<DigestVariant | undefined>
  listVariants(digestId: string): Promise<DigestVariant[]>
  /**
   * Records planned deliveries with batch writes (25 per call), unconditionally: only for a caller that
   * holds the digest's planning lease and has read that these subscribers have none yet. The store may
   * delete them after `keepUntil`.
   */
  addDeliveries(deliveries: Delivery[], keepUntil: Date): Promise<void>
  /** Many subscribers' deliveries in one digest (one BatchGetItem per 100), keyed by subscriber id. */
  getDeliveries(digestId: string, subscriberIds: string[]): Promise<Map<string, Delivery>>
  /**
   * Takes the claim on a delivery that is planned, failed, or claimed with an expired claim. Returns the
   * claimed delivery, or undefined when it is sent, skipped, or someone else's live claim.
   */
  claimDelivery(
    digestId: string,
    subscriberId: string,
    worker: string,
    until: Date,
    now: Date,
  ): Promise<Delivery | undefined>
  /** Each of these succeeds only while `worker` still holds the claim. */
  markSent(
    digestId: string,
    subscriberId: string,
    worker: string,
    messageId: string,
    at: Date,
  ): Promise<boolean>
  markSkipped(
    digestId: string,
    subscriberId: string,
    worker: string,
    reason: string,
    at: Date,
  ): Promise<boolean>
  /** Releases the claim with the error; the delivery may be claimed again (retry). */
  markFailed(
    digestId: string,
    subscriberId: string,
    worker: string,
    error: string,
    at: Date,
  ): Promise<boolean>
  listDeliveries(digestId: string, options: { limit: number; cursor?: string }): Promise<Page<Delivery>>
  /**
   * Records what a digest left out; one item per kind and id, so recording it again replaces it. The store
   * may delete them after `keepUntil`.
   */
  recordSkips(digestId: string, skips: DigestSkip[], keepUntil: Date): Promise<void>
  /** What a digest left out, at most `limit` of them (articles, then subscribers, then variants). */
  listSkips(digestId: string, options: { limit: number }): Promise<DigestSkip[]>
  /**
   * When each subscriber's last digest of this cadence was sent (the creation time of that digest);
   * articles after it go in the next. Keyed by subscriber id; absent for a first digest.
   */
  lastDigestsAt(subscriberIds: string[], cadence: Cadence): Promise<Map<string, string>>
  /** Moves those subscribers' cursors forwards to `at`; a cursor already past it stays. */
  moveLastDigestAt(subscriberIds: string[], cadence: Cadence, at: string): Promise<void>
}

/**
 * The warm-up's daily counter and the queue of subscribers carried over to a later run (core/warm-up.ts,
 * decision 024). The counter is shared by every cadence's runs, so its reservations are atomic.
 */
export interface WarmUpStore {
  /** Messages planned on this warm-up day so far. */
  plannedOn(day: string): Promise<number>
  /** Takes up to `count` of the day's `cap` for messages about to be planned; returns how many it took (0: spent). */
  reserve(day: string, count: number, cap: number): Promise<number>
  /** Writes these subscribers down as owed a message of this cadence (a later entry replaces an earlier one). */
  carry(cadence: Cadence, entries: Carried[]): Promise<void>
  /** Which of these subscribers are waiting, keyed by id; read consistently. */
  carriedOf(cadence: Cadence, subscriberIds: string[]): Promise<Map<string, Carried>>
  /** The waiting subscribers in their order (longest waiting, then oldest subscriber, first), page by page. */
  listCarried(cadence: Cadence, options: { limit: number; cursor?: string }): Promise<Page<Carried>>
  /** Crosses them off: their delivery is in the ledger, or they are no longer owed one. */
  drop(cadence: Cadence, subscriberIds: string[]): Promise<void>
  /** How many are waiting (for the run's summary). */
  countCarried(cadence: Cadence): Promise<number>
}

/**
 * A digest's delivery figures (core/delivery-figures.ts): counters on the digest, each event counted at most
 * once, without transactions (decision 020).
 */
export interface DeliveryFigureStore {
  /**
   * Adds one to the digest's `figure` unless an event with `eventId` was counted before: a conditional put of
   * the event's marker, then an atomic increment. If the increment fails the marker is taken back, so a
   * retry counts it; the store may forget markers once no redelivery can come.
   */
  countOnce(digestId: string, figure: DeliveryFigure, eventId: string, now: Date): Promise<CountOutcome>
  /** The digest's figures, zero where nothing was counted; undefined when there is no such digest. */
  figures(digestId: string): Promise<DeliveryFigures | undefined>
}

/** Where delivery batches wait for the sender: SQS on AWS, an in-process queue locally. At least once. */
export interface BatchQueue {
  send(batches: DeliveryBatch[]): Promise<void>
}

/** Spaces sends so all senders together stay under the account's SES rate. */
export interface SendPacer {
  /** Resolves when one more message may be sent now. */
  acquire(): Promise<void>
}

/** A rendered message before personalisation: subject, HTML and plain text. */
export interface RenderedEmail {
  subject: string
  html: string
  text: string
}

/** Renders one digest variant (MJML, once per language and article set): functions/email/digest.ts. */
export type RenderDigestVariant = (input: {
  digest: Pick<Digest, 'id' | 'cadence' | 'period'>
  variantId: string
  lang: SubscriberLang
  articles: Article[]
}) => Promise<RenderedEmail & { webHtml?: string }>

/** Renders a confirmation email (a precompiled template): functions/email/render.ts. */
export type RenderConfirmation = (input: {
  lang: SubscriberLang
  confirmUrl: string
  publication: Publication
}) => RenderedEmail

/** Renders the welcome email a confirmation gets (a precompiled template): functions/email/welcome.ts. */
export type RenderWelcome = (input: {
  lang: SubscriberLang
  publication: Publication
  /** The latest published articles, newest first (at most three; may be none). */
  articles: Article[]
  preferencesUrl: string
  unsubscribeUrl: string
}) => RenderedEmail

/**
 * Runs and previews digests on demand (the admin API, the desk): the planner's code in the same process
 * under `npm start`; on AWS a synchronous invoke of the planner function (LambdaDigestTrigger).
 */
export interface DigestTrigger {
  run(cadence: DigestCadence, force: boolean): Promise<PlanSummary>
  /** Renders a digest of the given articles exactly as the planner would, with placeholder links. */
  preview(input: { articles: string[]; lang: SubscriberLang }): Promise<RenderedEmail>
  /** Sends that preview to one address, marked as a test. */
  test(input: { articles: string[]; lang: SubscriberLang; to: string }): Promise<{ messageId: string }>
  /**
   * A digest of one article that is not stored yet (the desk's editor, as the editor types it): the
   * article's input as the API takes it, parsed again and rendered as the planner would render it.
   */
  previewDraft(input: { draft: Record<string, unknown>; lang: SubscriberLang }): Promise<RenderedEmail>
}

/**
 * The send queue's dead letters: batches the sender gave up on after the queue's retries. In process
 * (`npm start`) each can be listed and retried; on AWS, SQS cannot list a queue without receiving its
 * messages, so there is a count and a redrive of them all (decision 018).
 */
export interface DeadLetterQueue {
  /** How many batches wait (on SQS an approximate figure that lags a few seconds). */
  count(): Promise<number>
  /**
   * Puts every dead letter back on the send queue; the sender then claims each recipient in the ledger
   * again, so one already sent is not mailed twice. Resolves with how many it moves (on SQS the move task
   * goes on in the background).
   */
  redriveAll(): Promise<number>
  /** Oldest first; only where a letter can be read without taking it off the queue (in process). */
  list?(): Promise<DeadLetter[]>
  /** Like redriveAll, for one batch; undefined when there is no such id. In process only, like list. */
  redrive?(id: string): Promise<DeadLetter | undefined>
}

/** One batch on the dead letters: which recipients of which digest, how often it was tried, the last error. */
export interface DeadLetter {
  id: string
  batch: DeliveryBatch
  receiveCount: number
  lastError: string
}

/** Tells WebSub hubs that feeds changed, with retries (HubPinger); false when some hub stayed unreachable. */
export interface Pinger {
  pingAll(topicUrls: string[]): Promise<boolean>
}

/**
 * Tells search engines that pages changed (IndexNow), with retries; false when the endpoint stayed
 * unreachable, true when it took the URLs or refused them for good.
 */
export interface PageSubmitter {
  submit(pageUrls: string[]): Promise<boolean>
}

/**
 * The CDN in front of the feeds (CloudFront on AWS). A hub fetches the feed right after a ping; served from
 * the edge cache it would be the old feed (stale-while-revalidate keeps serving it for a day), and the hub's
 * subscribers would never get the new article. So the changed paths are invalidated, and the invalidation
 * has completed, before any hub hears of them.
 */
export interface EdgeCache {
  /** Resolves once the edge no longer serves the old copies of `paths`; rejects when it cannot say so. */
  invalidate(paths: string[]): Promise<void>
}

/**
 * Who did what, and when: appended on every change, read per subject (an article, a subscriber), newest
 * first. A subject's kind says which actions its lines carry (article or subscriber actions).
 */
export interface AuditLog {
  record(entry: AuditEntry<AnyAuditAction>): Promise<void>
  list<A extends AnyAuditAction = AuditAction>(
    subject: string,
    options: { limit: number },
  ): Promise<AuditEntry<A>[]>
  /**
   * Deletes a subject's lines but those whose action is in `keep` (a GDPR erasure keeps only the record of
   * earlier erasures, which hold no personal data).
   */
  forget(subject: string, keep: AnyAuditAction[]): Promise<void>
}

/** Desk sessions, server-side, so that ending one stops its cookie. Single-item writes only. */
export interface EditorSessionStore {
  create(session: EditorSession): Promise<void>
  get(id: string): Promise<EditorSession | undefined>
  /** Moves the idle expiry (sliding); false when the session is gone (ended meanwhile). */
  touch(id: string, lastSeenAt: string): Promise<boolean>
  /** Ends the session; ending one that is gone is not an error. */
  end(id: string): Promise<void>
}

/** An image as uploaded and kept: its content-addressed name (`<sha256>.<ext>`), bytes and media type. */
export interface MediaObject {
  name: string
  bytes: Uint8Array
  contentType: string
}

/**
 * Where uploaded images are kept (an S3 bucket on AWS, the data folder under npm start), each readable by
 * everyone at `<site>/media/<name>`. Names are content hashes, so writing one again changes nothing.
 */
export interface MediaStore {
  put(object: MediaObject): Promise<void>
  /** The stored object, for a store the app serves itself (npm start); absent where a CDN serves the bucket. */
  get?(name: string): Promise<MediaObject | undefined>
}
