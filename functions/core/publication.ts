/** The site as a whole: what feeds and pages say about themselves. Comes from configuration. */
export interface Publication {
  title: string
  description: string
  lang: string
  author: string
  /** Absolute base URL without a trailing slash; every link in a feed, page or email starts with it. */
  siteUrl: string
  /** The logo at the top of digests (PUBLICATION_LOGO_URL, an http(s) URL); absent, the title shows as text. */
  logoUrl?: string
  feedSize: number
}

export const publicationUrls = (publication: Publication) => ({
  home: `${publication.siteUrl}/`,
  article: (slug: string) => `${publication.siteUrl}/articles/${slug}`,
  tag: (tag: string) => `${publication.siteUrl}/tags/${encodeURIComponent(tag)}/`,
  /** The subscription feeds, or with `archive` ("2026-11") that month's RFC 5005 archive documents. */
  feeds: (tag?: string, archive?: string) => {
    const scope =
      tag === undefined ? publication.siteUrl : `${publication.siteUrl}/tags/${encodeURIComponent(tag)}`
    const base = archive === undefined ? scope : `${scope}/archive/${archive}`
    return { rss: `${base}/feed.xml`, atom: `${base}/atom.xml`, json: `${base}/feed.json` }
  },
})
