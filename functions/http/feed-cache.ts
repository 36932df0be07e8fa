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

type FeedSet = Record<FeedFormat, Representation>

interface Entry {
  version: number
  feeds: FeedSet
}

// Indexes on AWS are eventually consistent: right after a write, a Query may not see it yet. A build that
// close to a change is served but not kept, so the cache never pins a feed that misses the newest article.
const SETTLE_MS = 3_000
const MAX_SCOPES = 500

/**
 * Built feeds, reused while the publication version is unchanged: an unchanged poll costs one GetItem
 * and no Query, and the bytes and ETag are computed once per build, not per request.
 */
export class FeedCache {
  private readonly entries = new Map<string, Entry>()

  constructor(private readonly deps: { articles: ArticleStore; publication: Publication; clock: Clock }) {}

  async get(tag?: string): Promise<FeedSet> {
    const scope = tag ?? ''
    const { version, updatedAt } = await this.deps.articles.publicationVersion()
    const cached = this.entries.get(scope)
    if (cached !== undefined && cached.version === version) return cached.feeds

    const articles = await this.deps.articles.listPublished({
      limit: this.deps.publication.feedSize,
      ...(tag !== undefined && { tag }),
    })
    const feeds = this.build(articles, tag, updatedAt)
    const settled =
      updatedAt === undefined || this.deps.clock.now().getTime() - Date.parse(updatedAt) > SETTLE_MS
    if (settled) this.remember(scope, { version, feeds })
    return feeds
  }

  private build(articles: Article[], tag: string | undefined, updatedAt: string | undefined): FeedSet {
    const lastModified = new Date(updatedAt ?? 0)
    const documents = buildFeeds(this.deps.publication, articles, {
      ...(tag !== undefined && { tag }),
      ...(articles.length === 0 && { updatedAt: lastModified }),
    })
    return {
      rss: new Representation(documents.rss, FEED_CONTENT_TYPES.rss, lastModified),
      atom: new Representation(documents.atom, FEED_CONTENT_TYPES.atom, lastModified),
      json: new Representation(documents.json, FEED_CONTENT_TYPES.json, lastModified),
    }
  }

  private remember(scope: string, entry: Entry): void {
    this.entries.delete(scope)
    this.entries.set(scope, entry)
    // Map keeps insertion order, so the first key is the least recently built scope.
    if (this.entries.size > MAX_SCOPES) this.entries.delete(this.entries.keys().next().value!)
  }
}
