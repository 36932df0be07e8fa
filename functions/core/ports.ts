import type { Article } from './article'

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
