/** The site as a whole: what feeds and pages say about themselves. Comes from configuration. */
export interface Publication {
  title: string
  description: string
  lang: string
  /** IANA time zone in which pages show dates and the web archive groups months; UTC when absent. */
  timeZone?: string
  author: string
  /** Absolute base URL without a trailing slash; every link in a feed, page or email starts with it. */
  siteUrl: string
  feedSize: number
  /**
   * The logo (PUBLICATION_LOGO_URL, an http(s) URL): at the top of digests (absent, the title shows as
   * text), the publisher's logo in JSON-LD, the home page's share image.
   */
  logoUrl?: string
  /** The accent colour (#rrggbb) of the web manifest and the theme-color meta tag. */
  themeColor?: string
  /** Search engines' ownership tokens, printed in every page's head. */
  siteVerification?: { naver?: string; google?: string }
  /** One line per tag (keys are normalised tags), shown on the tag's page; from TAG_DESCRIPTIONS. */
  tagDescriptions?: Readonly<Record<string, string>>
  /** The heading that marks an article's analysis callout (CALLOUT_HEADING); unset, DEFAULT_CALLOUT_HEADING. */
  calloutHeading?: string
}

export const publicationUrls = (publication: Publication) => ({
  home: `${publication.siteUrl}/`,
  article: (slug: string) => `${publication.siteUrl}/articles/${slug}`,
  tag: (tag: string) => `${publication.siteUrl}/tags/${encodeURIComponent(tag)}/`,
  /** The sitemap, or with `part` one document of a sitemap split by a sitemap index. */
  sitemap: (part?: number) =>
    part === undefined ? `${publication.siteUrl}/sitemap.xml` : `${publication.siteUrl}/sitemaps/${part}.xml`,
  /** Page `page` (from 1) of the home page, or of a tag's page; page 1 is the listing's own URL. */
  listPage: (page: number, tag?: string) => {
    const base =
      tag === undefined
        ? `${publication.siteUrl}/`
        : `${publication.siteUrl}/tags/${encodeURIComponent(tag)}/`
    return page === 1 ? base : `${base}page/${page}/`
  },
  tagIndex: `${publication.siteUrl}/tags/`,
  /** The web archive, or with `month` ("2026-11") that month's page. */
  archive: (month?: string) =>
    month === undefined
      ? `${publication.siteUrl}/archive/`
      : `${publication.siteUrl}/archive/${month.replace('-', '/')}/`,
  /** The subscription feeds, or with `archive` ("2026-11") that month's RFC 5005 archive documents. */
  feeds: (tag?: string, archive?: string) => {
    const scope =
      tag === undefined ? publication.siteUrl : `${publication.siteUrl}/tags/${encodeURIComponent(tag)}`
    const base = archive === undefined ? scope : `${scope}/archive/${archive}`
    return { rss: `${base}/feed.xml`, atom: `${base}/atom.xml`, json: `${base}/feed.json` }
  },
})
