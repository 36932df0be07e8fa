import type { ArticleStore, Clock, PublicationVersion } from '../core/ports'
import type { Publication } from '../core/publication'
import { SITEMAP_MAX_URLS, sitemapDocuments, sitemapUrls } from '../core/sitemap'
import { Representation } from './representation'

const SITEMAP_CONTENT_TYPE = 'application/xml; charset=utf-8'
// As in FeedCache: a build right after a write may miss it while the index settles, so it is kept only
// until then.
const SETTLE_MS = 3_000

/** The sitemap's documents as representations: the root (/sitemap.xml) and, past maxUrls, its parts. */
export interface SitemapSet {
  root: Representation
  /** parts[0] is /sitemaps/1.xml; empty when the root is the whole sitemap. */
  parts: Representation[]
}

export interface SitemapCacheOptions {
  /** URLs per sitemap document before the root becomes an index. @default 50,000, the protocol's limit */
  maxUrls?: number
}

/**
 * The sitemap, built once per publication version (the feeds' version, read through FeedCache's TTL):
 * a crawler's fetch of an unchanged site reads no article, and concurrent fetches share one build.
 */
export class SitemapCache {
  private entry?: { version: number; set: SitemapSet; expiresAt?: number }
  private building?: { version: number; promise: Promise<SitemapSet> }
  private readonly maxUrls: number

  constructor(
    private readonly deps: { articles: ArticleStore; publication: Publication; clock: Clock },
    private readonly version: () => Promise<PublicationVersion>,
    options: SitemapCacheOptions = {},
  ) {
    this.maxUrls = options.maxUrls ?? SITEMAP_MAX_URLS
  }

  async get(): Promise<SitemapSet> {
    const { version, updatedAt } = await this.version()
    const now = this.deps.clock.now().getTime()
    const cached = this.entry
    if (cached !== undefined && cached.version === version && (cached.expiresAt ?? Infinity) > now) {
      return cached.set
    }
    if (this.building?.version !== version) {
      const promise = this.build(new Date(updatedAt ?? 0)).then((set) => {
        const settlesAt = updatedAt === undefined ? 0 : Date.parse(updatedAt) + SETTLE_MS
        const settling = settlesAt > this.deps.clock.now().getTime()
        this.entry = { version, set, ...(settling && { expiresAt: settlesAt }) }
        return set
      })
      this.building = { version, promise }
      void promise
        .finally(() => {
          if (this.building?.promise === promise) this.building = undefined
        })
        .catch(() => {})
    }
    return this.building!.promise
  }

  private async build(lastModified: Date): Promise<SitemapSet> {
    const { articles, publication } = this.deps
    const urls = sitemapUrls(publication, await articles.listPublishedEntries())
    const { root, parts } = sitemapDocuments(publication, urls, this.maxUrls)
    const represent = (xml: string) => new Representation(xml, SITEMAP_CONTENT_TYPE, lastModified)
    return { root: represent(root), parts: parts.map(represent) }
  }
}
