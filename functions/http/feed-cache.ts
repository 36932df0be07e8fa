import type { Article } from '../core/article'
import { buildFeeds } from '../core/feed'
import type {
  ArticleStore,
  Clock,
  FeedChangeListener,
  PublicationVersion,
  PublishedEntry,
} from '../core/ports'
import type { Publication } from '../core/publication'
import { Representation } from './representation'

export type FeedFormat = 'rss' | 'atom' | 'json'

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
}

const PAGE_CONTENT_TYPE = 'text/html; charset=utf-8'

export type FeedSet = Record<FeedFormat, Representation> & {
  /** An archive of a month that has ended: its content no longer grows, so caches may keep it long. */
  closed: boolean
  /** The web page listing the same articles (home or tag page); absent for archives, or without `listPage`. */
  page?: Representation
}

/** Which document: the subscription feed, or with `archive` one month's RFC 5005 archive document. */
export interface FeedRequest {
  tag?: string
  archive?: string
}

interface Entry {
  version: number
  /** The feed set, or for a `derived` scope whatever its builder made. */
  value: unknown
  /** Set on a build made while indexes may still be settling: use it only until then. */
  expiresAt?: number
}

// Indexes on AWS are eventually consistent: right after a write, a Query may not see it yet. A build that
// close to a change is kept only until the window ends, so the cache never pins a feed that misses the
// newest article, and a burst of polls in the window still costs one build.
const SETTLE_MS = 3_000
const MAX_SCOPES = 500
// One month of articles in one archive document; far above what an analysis desk publishes.
const MAX_ARCHIVE_ITEMS = 1_000
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/

export interface FeedCacheOptions {
  hubs?: string[]
  /**
   * How long a read of the publication version is trusted. Writes through this process forget it at once
   * (feedsChanged); a write through another instance shows within this time. 0 reads it on every poll.
   */
  versionTtlMs?: number
  /**
   * Renders the list page (HTML) of a subscription feed's articles, so pages are built once per change too;
   * `entries` are all published entries, for the page's navigation.
   */
  listPage?: (articles: Article[], tag: string | undefined, entries: PublishedEntry[]) => string
}

/**
 * Built feeds, reused while the publication version is unchanged: an unchanged poll costs at most one
 * GetItem and no Query, and the bytes and ETag are computed once per build, not per request. Concurrent
 * polls share one version read and one build.
 */
export class FeedCache implements FeedChangeListener {
  private readonly built = new Map<string, Entry>()
  private readonly building = new Map<string, Promise<unknown>>()
  private readonly hubs: string[]
  private readonly versionTtlMs: number
  private readonly listPage: FeedCacheOptions['listPage']
  private version?: { value: PublicationVersion; readAt: number }
  private versionRead?: Promise<PublicationVersion>
  private generation = 0

  constructor(
    private readonly deps: { articles: ArticleStore; publication: Publication; clock: Clock },
    options: FeedCacheOptions = {},
  ) {
    this.hubs = options.hubs ?? []
    this.versionTtlMs = options.versionTtlMs ?? 1_000
    this.listPage = options.listPage
  }

  /** A write in this process changed feeds: the next poll reads the version again. */
  feedsChanged(): void {
    this.version = undefined
    this.generation++ // a read already under way may predate the write: it must not be remembered
  }

  /**
   * The subscription feeds, synchronously, when the version read is still fresh and they are built for it;
   * otherwise undefined (then call get). Lets the hot poll path answer without a promise.
   */
  peek(): FeedSet | undefined {
    const now = this.deps.clock.nowMs?.() ?? this.deps.clock.now().getTime()
    if (this.version === undefined || now - this.version.readAt >= this.versionTtlMs) return undefined
    const cached = this.built.get('|')
    if (cached === undefined || cached.version !== this.version.value.version) return undefined
    return (cached.expiresAt ?? Infinity) > now ? (cached.value as FeedSet | undefined) : undefined
  }

  /** The documents, or undefined when the archive month is malformed or holds no article. */
  async get(request: FeedRequest = {}): Promise<FeedSet | undefined> {
    if (request.archive !== undefined && !MONTH.test(request.archive)) return undefined
    const scope = `${request.tag ?? ''}|${request.archive ?? ''}`
    return this.memo(scope, (lastModified) => this.build(request, lastModified))
  }

  /**
   * A value made from the published articles (a navigation page, the published entries), built once per
   * publication version like the feeds; `scope` names it.
   */
  derived<T>(scope: string, build: (lastModified: Date) => Promise<T>): Promise<T> {
    return this.memo(`derived:${scope}`, build)
  }

  /** Every published article's entry (no body), newest first: one paged Query per change. */
  entries(): Promise<PublishedEntry[]> {
    return this.derived('entries', () => this.deps.articles.listPublishedEntries())
  }

  private async memo<T>(scope: string, make: (lastModified: Date) => Promise<T>): Promise<T> {
    const { version, updatedAt } = await this.currentVersion()
    const now = this.deps.clock.now().getTime()
    const cached = this.built.get(scope)
    if (cached !== undefined && cached.version === version && (cached.expiresAt ?? Infinity) > now) {
      return cached.value as T
    }

    const key = `${scope}#${version}`
    let build = this.building.get(key) as Promise<T> | undefined
    if (build === undefined) {
      build = make(new Date(updatedAt ?? 0)).then((value) => {
        const settlesAt = updatedAt === undefined ? 0 : Date.parse(updatedAt) + SETTLE_MS
        const settling = settlesAt > this.deps.clock.now().getTime()
        this.remember(scope, { version, value, ...(settling && { expiresAt: settlesAt }) })
        return value
      })
      this.building.set(key, build)
      void build.finally(() => this.building.delete(key)).catch(() => {})
    }
    return build
  }

  /** The publication version, read at most once per versionTtlMs (the sitemap is cached against it too). */
  async currentVersion(): Promise<PublicationVersion> {
    const now = this.deps.clock.now().getTime()
    if (this.version !== undefined && now - this.version.readAt < this.versionTtlMs) return this.version.value
    const generation = this.generation
    this.versionRead ??= this.deps.articles
      .publicationVersion()
      .then((value) => {
        if (generation === this.generation) this.version = { value, readAt: now }
        return value
      })
      .finally(() => (this.versionRead = undefined))
    return this.versionRead
  }

  private async build({ tag, archive }: FeedRequest, lastModified: Date): Promise<FeedSet | undefined> {
    const { articles: store, publication } = this.deps
    const tagged = tag === undefined ? {} : { tag }
    let articles: Article[]
    let prevArchive: string | undefined
    if (archive === undefined) {
      articles = await store.listPublished({ limit: publication.feedSize, ...tagged })
      // The oldest item's month holds everything older than this page in that month; earlier months chain on.
      if (articles.length === publication.feedSize) prevArchive = monthOf(articles.at(-1))
    } else {
      articles = await store.listPublished({ limit: MAX_ARCHIVE_ITEMS, period: archive, ...tagged })
      if (articles.length === 0) return undefined
      prevArchive = monthOf((await store.listPublished({ limit: 1, before: archive, ...tagged }))[0])
    }
    const documents = buildFeeds(publication, articles, {
      ...tagged,
      ...(archive !== undefined && { archiveOf: archive }),
      ...(prevArchive !== undefined && { prevArchive }),
      ...(articles.length === 0 && { updatedAt: lastModified }),
      hubs: this.hubs,
    })
    // Rendered now, while the articles are at hand (their summaries were just made for the feeds); the
    // entry keeps the page's bytes, not the articles.
    const page =
      archive === undefined && this.listPage !== undefined
        ? new Representation(
            this.listPage(articles, tag, await this.entries()),
            PAGE_CONTENT_TYPE,
            lastModified,
          )
        : undefined
    return {
      rss: new Representation(documents.rss, FEED_CONTENT_TYPES.rss, lastModified),
      atom: new Representation(documents.atom, FEED_CONTENT_TYPES.atom, lastModified),
      json: new Representation(documents.json, FEED_CONTENT_TYPES.json, lastModified),
      closed: archive !== undefined && archive < this.deps.clock.now().toISOString().slice(0, 7),
      ...(page !== undefined && { page }),
    }
  }

  private remember(scope: string, entry: Entry): void {
    this.built.delete(scope)
    this.built.set(scope, entry)
    // Map keeps insertion order, so the first key is the least recently built scope.
    if (this.built.size > MAX_SCOPES) this.built.delete(this.built.keys().next().value!)
  }
}

const monthOf = (article: Article | undefined) => article?.publishedAt?.slice(0, 7)
