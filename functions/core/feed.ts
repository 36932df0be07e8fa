import { Feed, type Item } from 'feed'
import type { Article, ArticleImage, RelatedLink } from './article'
import { structureOf, type ArticleStructure } from './article-structure'
import { bodyExcerpt } from './excerpt'
import { escapeHtml } from './html'
import { publicationUrls, type Publication } from './publication'

export interface FeedDocuments {
  rss: string
  atom: string
  json: string
}

export interface FeedScope {
  /** Only articles with this tag; the feed's title, id and links then name the tag. */
  tag?: string
  /** Newest change that the feed reflects; keeps <updated> stable between builds of the same content. */
  updatedAt?: Date
  /** Makes this an RFC 5005 archive document holding one month ("2026-11"). */
  archiveOf?: string
  /** The next-older archive month, linked as prev-archive (JSON Feed: next_url). */
  prevArchive?: string
  /** WebSub hubs to advertise with rel="hub" (subscription feeds only). */
  hubs?: string[]
}

interface FeedLink {
  rel: string
  href: string
}

const HISTORY_NS = 'http://purl.org/syndication/history/1.0'
const MEDIA_NS = 'http://search.yahoo.com/mrss/'
const DC_NS = 'http://purl.org/dc/elements/1.1/'

const GENERATOR = 'Pressroom'
const EXCERPT_LENGTH = 280

// One build asks for each article's summary once per format; the excerpt is the costly part, so keep it.
const summaries = new WeakMap<Article, string>()

/** The dek, or the opening of the body (its headings left out) when the editor wrote none. */
export function articleSummary(article: Article): string {
  if (article.summary) return article.summary
  let summary = summaries.get(article)
  if (summary === undefined) {
    summary = bodyExcerpt(article.bodyMarkdown, EXCERPT_LENGTH)
    summaries.set(article, summary)
  }
  return summary
}

const structures = new WeakMap<Article, ArticleStructure>()

/** The article's parts as the feeds carry them; read once per article and build, like the summary. */
function partsOf(article: Article, publication: Publication): ArticleStructure {
  let structure = structures.get(article)
  if (structure === undefined) {
    structure = structureOf(article, {
      siteUrl: publication.siteUrl,
      ...(publication.calloutHeading !== undefined && { calloutHeading: publication.calloutHeading }),
    })
    structures.set(article, structure)
  }
  return structure
}

/** The heading feeds give related links, in the article's language (the page has its own strings). */
const relatedHeading = (lang: string) => (lang.toLowerCase().startsWith('ko') ? '관련 기사' : 'Related')

/**
 * The content every format carries: the body, then its related links with their blurbs. The body's own
 * related list left bodyHtml when the article was written (renderArticleBody), so links are not repeated.
 * Articles stored earlier keep theirs in the body and list only their front-matter links here.
 */
export function feedContentHtml(article: Article): string {
  if (article.related.length === 0) return article.bodyHtml
  const items = article.related.map(
    (link) =>
      `<li><a href="${escapeHtml(link.url)}">${escapeHtml(link.title)}</a>${link.blurb ? ` — ${escapeHtml(link.blurb)}` : ''}</li>`,
  )
  return `${article.bodyHtml}\n<h2>${escapeHtml(relatedHeading(article.lang))}</h2>\n<ul>\n${items.join('\n')}\n</ul>`
}

/** Where the JSON Feed `_pressroom` extension is described (JSON Feed 1.1: an extension names its `about`). */
export const FEED_EXTENSION_PATH = '/feed-extension'

/** The JSON Feed `_pressroom` object of an item: what a reader app needs to show the article's parts. */
function pressroomExtension(article: Article, publication: Publication) {
  const parts = partsOf(article, publication)
  return {
    about: `${publication.siteUrl}${FEED_EXTENSION_PATH}`,
    reading_time_minutes: parts.readingMinutes,
    ...(parts.takeaways.length > 0 && { takeaways: parts.takeaways }),
    ...(article.related.length > 0 && { related: article.related.map(relatedJson) }),
  }
}

const relatedJson = (link: RelatedLink) => ({
  title: link.title,
  url: link.url,
  ...(link.blurb !== undefined && { blurb: link.blurb }),
})

/**
 * Builds RSS 2.0, Atom 1.0 and JSON Feed 1.1 for articles already sorted newest first.
 * Pure: the same articles and scope always give the same bytes, which is what makes ETags stable.
 */
export function buildFeeds(
  publication: Publication,
  articles: Article[],
  scope: FeedScope = {},
): FeedDocuments {
  const urls = publicationUrls(publication)
  const feedLinks = urls.feeds(scope.tag, scope.archiveOf)
  const current = urls.feeds(scope.tag)
  const prevArchive = scope.prevArchive === undefined ? undefined : urls.feeds(scope.tag, scope.prevArchive)
  const home = scope.tag === undefined ? urls.home : urls.tag(scope.tag)
  const title = scope.tag === undefined ? publication.title : `${publication.title}: #${scope.tag}`
  const updated = scope.updatedAt ?? latestUpdate(articles)
  const extraLinks = (format: 'rss' | 'atom'): FeedLink[] => [
    ...(scope.archiveOf === undefined
      ? (scope.hubs ?? []).map((href) => ({ rel: 'hub', href }))
      : [{ rel: 'current', href: current[format] }]),
    ...(prevArchive === undefined ? [] : [{ rel: 'prev-archive', href: prevArchive[format] }]),
  ]
  const archived = scope.archiveOf !== undefined

  const feedFor = (format: 'rss' | 'atom') => {
    const feed = new Feed({
      id: home,
      title,
      description: publication.description,
      link: home,
      language: publication.lang,
      updated,
      generator: GENERATOR,
      feedLinks,
      author: { name: publication.author, link: urls.home },
      copyright: `© ${publication.author}`,
    })
    for (const article of articles)
      feed.addItem(format === 'rss' ? toRssItem(article, publication) : toAtomItem(article, publication))
    return feed
  }

  const rss = withRssLinks(withRssNamespaces(feedFor('rss').rss2()), extraLinks('rss'), archived)
  const atom = withAtomLinks(
    withAtomEntryExtras(feedFor('atom').atom1(), publication.lang, articles),
    extraLinks('atom'),
    archived,
  )
  const json = JSON.stringify(
    toJsonFeed(publication, articles, {
      title,
      home,
      feedUrl: feedLinks.json,
      ...(prevArchive !== undefined && { nextUrl: prevArchive.json }),
      ...(scope.archiveOf === undefined && scope.hubs?.length && { hubs: scope.hubs }),
    }),
  )
  return { rss, atom, json }
}

/** What RSS and Atom items share. */
function baseItem(article: Article, publication: Publication): Item {
  return {
    title: article.title,
    link: publicationUrls(publication).article(article.slug),
    description: escapeHtml(articleSummary(article)),
    content: feedContentHtml(article),
    date: new Date(article.updatedAt),
    published: new Date(article.publishedAt ?? article.updatedAt),
    category: article.tags.map((tag) => ({ name: tag, term: tag })),
    author: [{ name: article.author ?? publication.author }],
  }
}

/*
 * Titles are escaped in both formats. Atom declares them type="html"; in RSS readers treat titles as HTML
 * too, so "Q&A: <b>" must arrive escaped to be shown as typed (and escaping removes any "]]>", which the
 * XML writer splits out of CDATA only once).
 */
const escapedTitle = (article: Article) => escapeHtml(article.title)

// Images and related links are added to Atom entries afterwards (withAtomEntryExtras), because the
// library would guess the enclosure's MIME type from the URL's extension.
function toAtomItem(article: Article, publication: Publication): Item {
  return { ...baseItem(article, publication), title: escapedTitle(article) }
}

// xml-js writes extension attributes verbatim, so their values are escaped here.
function toRssItem(article: Article, publication: Publication): Item {
  const image = article.image?.type === undefined ? undefined : article.image
  const { author: _emailOnlyInRss, ...item } = baseItem(article, publication)
  return {
    ...item,
    title: escapedTitle(article),
    ...(image !== undefined && {
      enclosure: { url: image.url, type: image.type, length: image.length ?? 0 },
    }),
    extensions: [
      // RSS <author> must be an email address; a byline is dc:creator (xml-js escapes _text).
      { name: 'dc:creator', objects: { _text: article.author ?? publication.author } },
      ...(article.image !== undefined
        ? [{ name: 'media:content', objects: mediaContent(article.image) }]
        : []),
      ...(article.related.length > 0
        ? [
            {
              name: 'atom:link',
              // xml-js writes an array as repeated elements: one <atom:link rel="related"> per link.
              objects: article.related.map((link) => ({
                _attributes: { rel: 'related', href: escapeHtml(link.url), title: escapeHtml(link.title) },
              })) as unknown as Record<string, unknown>,
            },
          ]
        : []),
    ],
  }
}

/**
 * Media RSS's <media:content> for the cover image, with its size when known. The feed library (6.x) writes
 * an item's `image` only as an <enclosure> and has no Media RSS support, so it goes in as an extension.
 * The alt text stays out: feedparser, and the readers built on it, take a <media:description> for the
 * item's own summary.
 */
function mediaContent(image: ArticleImage) {
  return {
    _attributes: {
      url: escapeHtml(image.url),
      ...(image.type !== undefined && { type: escapeHtml(image.type) }),
      medium: 'image',
      ...(image.length !== undefined && { fileSize: image.length }),
      ...(image.width !== undefined && { width: image.width }),
      ...(image.height !== undefined && { height: image.height }),
    },
  }
}

/**
 * What the feed library cannot say in Atom is added here: xml:lang on the root and on each entry in another
 * language, the image as an enclosure link with its real MIME type, and related links. Splitting on
 * "<entry>" is exact: titles and summaries are escaped and bodies are sanitized (unknown tags dropped, text
 * escaped), so the string only occurs as the element.
 */
function withAtomEntryExtras(atom: string, feedLang: string, articles: Article[]): string {
  const parts = atom
    .replace(
      '<feed xmlns="http://www.w3.org/2005/Atom">',
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeHtml(feedLang)}">`,
    )
    .split('<entry>')
  return parts.reduce((out, part, index) => {
    const article = articles[index - 1]!
    const lang = article.lang === feedLang ? '' : ` xml:lang="${escapeHtml(article.lang)}"`
    const links = [
      ...(article.image?.type !== undefined
        ? [
            `<link rel="enclosure" type="${escapeHtml(article.image.type)}" href="${escapeHtml(article.image.url)}"${article.image.length === undefined ? '' : ` length="${article.image.length}"`}/>`,
          ]
        : []),
      ...article.related.map(
        (link) => `<link rel="related" href="${escapeHtml(link.url)}" title="${escapeHtml(link.title)}"/>`,
      ),
    ]
    return `${out}<entry${lang}>${links.map((link) => `\n        ${link}`).join('')}${part}`
  })
}

/*
 * The feed library writes the channel's own <atom:link rel="self"> and <link rel="self"> before any item or
 * entry, so the first occurrence is always the feed-level one; extra links go right before it. (Item titles
 * cannot fake it in Atom, where they are escaped; in RSS the channel link comes before every item.)
 */
// The library declares xmlns:dc only when some item has content; dc:creator and media:content need theirs always.
function withRssNamespaces(rss: string): string {
  const root = rss.slice(0, rss.indexOf('>', rss.indexOf('<rss ')))
  const missing = [
    ...(root.includes('xmlns:dc=') ? [] : [`xmlns:dc="${DC_NS}"`]),
    `xmlns:media="${MEDIA_NS}"`,
  ]
  return rss.replace('<rss version="2.0"', `<rss version="2.0" ${missing.join(' ')}`)
}

function withRssLinks(rss: string, links: FeedLink[], archived: boolean): string {
  if (links.length === 0 && !archived) return rss
  const tags = links.map((link) => `<atom:link href="${escapeHtml(link.href)}" rel="${link.rel}"/>\n        `)
  const marker = archived ? `<fh:archive/>\n        ` : ''
  return rss
    .replace(
      '<rss version="2.0"',
      archived ? `<rss version="2.0" xmlns:fh="${HISTORY_NS}"` : '<rss version="2.0"',
    )
    .replace('<atom:link ', `${marker}${tags.join('')}<atom:link `)
}

function withAtomLinks(atom: string, links: FeedLink[], archived: boolean): string {
  if (links.length === 0 && !archived) return atom
  const tags = links.map((link) => `<link rel="${link.rel}" href="${escapeHtml(link.href)}"/>\n    `)
  const marker = archived ? `<fh:archive/>\n    ` : ''
  return atom
    .replace(
      '<feed xmlns="http://www.w3.org/2005/Atom"',
      archived
        ? `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:fh="${HISTORY_NS}"`
        : '<feed xmlns="http://www.w3.org/2005/Atom"',
    )
    .replace('<link rel="self" ', `${marker}${tags.join('')}<link rel="self" `)
}

function latestUpdate(articles: Article[]): Date {
  const stamps = articles.map((article) => article.updatedAt).sort()
  return new Date(stamps.at(-1) ?? 0)
}

// The feed library writes JSON Feed 1.0 (single `author`, no `language`); 1.1 is plain JSON, so it is built here.
function toJsonFeed(
  publication: Publication,
  articles: Article[],
  meta: { title: string; home: string; feedUrl: string; nextUrl?: string; hubs?: string[] },
) {
  const urls = publicationUrls(publication)
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: meta.title,
    home_page_url: meta.home,
    feed_url: meta.feedUrl,
    ...(meta.nextUrl !== undefined && { next_url: meta.nextUrl }),
    ...(meta.hubs !== undefined && { hubs: meta.hubs.map((url) => ({ type: 'WebSub', url })) }),
    description: publication.description,
    language: publication.lang,
    authors: [{ name: publication.author, url: urls.home }],
    items: articles.map((article) => ({
      id: urls.article(article.slug),
      url: urls.article(article.slug),
      ...(article.canonicalUrl !== undefined && { external_url: article.canonicalUrl }),
      title: article.title,
      summary: articleSummary(article),
      content_html: feedContentHtml(article),
      ...(article.image !== undefined && { image: article.image.url }),
      date_published: article.publishedAt ?? article.updatedAt,
      date_modified: article.updatedAt,
      authors: [{ name: article.author ?? publication.author }],
      tags: article.tags,
      language: article.lang,
      _pressroom: pressroomExtension(article, publication),
    })),
  }
}
