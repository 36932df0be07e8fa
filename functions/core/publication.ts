/** The site as a whole: what feeds and pages say about themselves. Comes from configuration. */
export interface Publication {
  title: string
  description: string
  lang: string
  author: string
  /** Absolute base URL without a trailing slash; every link in a feed, page or email starts with it. */
  siteUrl: string
  feedSize: number
}

export const publicationUrls = (publication: Publication) => ({
  home: `${publication.siteUrl}/`,
  article: (slug: string) => `${publication.siteUrl}/articles/${slug}`,
  tag: (tag: string) => `${publication.siteUrl}/tags/${encodeURIComponent(tag)}/`,
  feeds: (tag?: string) => {
    const base =
      tag === undefined ? publication.siteUrl : `${publication.siteUrl}/tags/${encodeURIComponent(tag)}`
    return { rss: `${base}/feed.xml`, atom: `${base}/atom.xml`, json: `${base}/feed.json` }
  },
})
