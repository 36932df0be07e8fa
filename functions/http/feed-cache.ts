import type { Article } from '../core/article'
import { buildFeeds } from '../core/feed'
import type { ArticleStore, Clock } from '../core/ports'
import type { Publication } from '../core/publication'
import { Representation } from './representation'

export type FeedFormat = 'rss' | 'atom' | 'json'

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
}

export type FeedSet = Record<FeedFormat, Representation> & {
  /** An archive of a month that has ended: its content no longer grows, so caches may keep it long. */
  closed: boolean
}

/** Which document: the subscription feed, or with `archive` one month's RFC 5005 archive document. */
export interface FeedRequest {
  tag?: string
  archive?: string
}

interface Entry {
  version: number
  feeds: FeedSet | undefined
}

// Indexes on AWS are eventually consistent: right after a write, a Query may not see it yet. A build that
// close to a change is served but not kept, so the cache never pins a feed that misses the newest article.
const SETTLE_MS = 3_000
const MAX_SCOPES = 500
// One month of articles in one archive document; far above what an analysis desk publishes.
const MAX_ARCHIVE_ITEMS = 1_000
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/

/**
 * Built feeds, reused while the publication version is unchanged: an unchanged poll costs one GetItem
 * and no Query, and the bytes and ETag are computed once per build, not per request.
 */
export class FeedCache {
  private readonly entries = new Map<string, Entry>()

  constructor(
    private readonly deps: { articles: ArticleStore; publication: Publication; clock: Clock },
    private readonly hubs: string[] = [],
  ) {}

  /** The documents, or undefined when the archive month is malformed or holds no article. */
  async get(request: FeedRequest = {}): Promise<FeedSet | undefined> {
    if (request.archive !== undefined && !MONTH.test(request.archive)) return undefined
    const scope = `${request.tag ?? ''}|${request.archive ?? ''}`
    const { version, updatedAt } = await this.deps.articles.publicationVersion()
    const cached = this.entries.get(scope)
    if (cached !== undefined && cached.version === version) return cached.feeds

    const feeds = await this.build(request, new Date(updatedAt ?? 0))
    const settled =
      updatedAt === undefined || this.deps.clock.now().getTime() - Date.parse(updatedAt) > SETTLE_MS
    if (settled) this.remember(scope, { version, feeds })
    return feeds
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
    return {
      rss: new Representation(documents.rss, FEED_CONTENT_TYPES.rss, lastModified),
      atom: new Representation(documents.atom, FEED_CONTENT_TYPES.atom, lastModified),
      json: new Representation(documents.json, FEED_CONTENT_TYPES.json, lastModified),
      closed: archive !== undefined && archive < this.deps.clock.now().toISOString().slice(0, 7),
    }
  }

  private remember(scope: string, entry: Entry): void {
    this.entries.delete(scope)
    this.entries.set(scope, entry)
    // Map keeps insertion order, so the first key is the least recently built scope.
    if (this.entries.size > MAX_SCOPES) this.entries.delete(this.entries.keys().next().value!)
  }
}

const monthOf = (article: Article | undefined) => article?.publishedAt?.slice(0, 7)
