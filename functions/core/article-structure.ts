import GithubSlugger from 'github-slugger'
import type { Token, Tokens } from 'marked'
import type { Article, RelatedLink } from './article'
import { parseHttpUrl } from './http-url'
import {
  htmlToPlainText,
  lexMarkdown,
  renderInline,
  renderMarkdown,
  renderTokens,
  tokensToPlainText,
} from './markdown'
import { readingMinutes } from './reading-time'

/** A digest card shows at most this many takeaways; the article has the rest. */
export const MAX_TAKEAWAYS = 5
/** The analysis callout's heading when configuration names none (CALLOUT_HEADING). */
export const DEFAULT_CALLOUT_HEADING = 'PRISM Insight'

/*
 * The conventional headings of a long-form piece, compared after normalising (see normalise): lower case,
 * single spaces, without a leading number ("3. 결론") or a trailing colon. Whole headings, not words in them:
 * "요약" is a takeaways heading, "요약 통계의 함정" is a section.
 */
const TAKEAWAYS_HEADINGS = new Set([
  '핵심 요약',
  '요약',
  '핵심 정리',
  '핵심 포인트',
  '한눈에 보기',
  'key takeaways',
  'takeaways',
  'key points',
  'summary',
  'at a glance',
  'tl;dr',
])
const RELATED_HEADINGS = new Set([
  '관련 기사',
  '관련 글',
  '함께 읽기',
  '함께 읽을 기사',
  '더 읽을거리',
  'related',
  'related articles',
  'related reading',
  'related stories',
  'further reading',
  'see also',
])
const CONCLUSION_HEADINGS = new Set([
  '결론',
  '맺음말',
  '마치며',
  '나가며',
  'conclusion',
  'conclusions',
  'in conclusion',
  'bottom line',
  'the bottom line',
])
/** What may follow the callout heading's words in a longer heading ("PRISM Insight: 왜 K자형인가"). */
const CALLOUT_SEPARATORS = [':', '：', ' -', ' –', ' —', ' |']

/** Ids the article page gives its own boxes; a section never takes one of them. */
export const PAGE_IDS = { takeaways: 'takeaways', contents: 'contents', related: 'related' } as const

export type SectionKind = 'section' | 'callout' | 'conclusion'

export interface ArticleSection {
  /** The heading as plain text, as written ("1. 수출: 반도체가 끌고 자동차가 민다"). */
  title: string
  /** A fragment id for it, as GitHub spells them ("1-수출-반도체가-끌고-자동차가-민다"); unique per article. */
  id: string
  kind: SectionKind
}

export interface StructureOptions {
  /** The heading that marks the analysis callout (configuration CALLOUT_HEADING). */
  calloutHeading?: string
  /** Resolves related links written as paths ("/articles/x"); without it only absolute URLs count. */
  siteUrl?: string
  /** Chooses the reading rate (see reading-time.ts); English rates when unset. */
  lang?: string
}

export interface ArticleStructure {
  /** The key takeaways as plain text, in order; empty when the article has none. */
  takeaways: string[]
  /** The takeaways heading as written ("핵심 요약"), when the body has one. */
  takeawaysTitle?: string
  /** The table of contents: headings at the top level the body uses, the takeaways and related left out. */
  sections: ArticleSection[]
  /** The analysis callout (the first heading that is the configured callout heading). */
  callout?: ArticleSection
  conclusion?: ArticleSection
  /** Related links read from a "관련 기사" / "Related" list in the body, with their blurbs. */
  related: RelatedLink[]
  readingMinutes: number
}

/** A run of the body as the article page shows it; `heading` is absent for text before or between parts. */
export interface ArticleBlock {
  kind: 'text' | 'takeaways' | SectionKind
  heading?: { id: string; depth: number; title: string; html: string }
  /** The block's content without its heading, sanitized as renderMarkdown sanitizes. */
  html: string
}

type PartKind = 'text' | 'takeaways' | 'related' | SectionKind

interface Part {
  kind: PartKind
  heading?: Tokens.Heading
  id?: string
  tokens: Token[]
}

interface RelatedReading {
  links: RelatedLink[]
  /** Every block of the part is a list of linked items, so the links say all of it and it can leave the body. */
  complete: boolean
}

/** Lexes once and splits the body into its parts; every reader below starts here. */
function readBody(markdown: string, options: StructureOptions) {
  const tokens = lexMarkdown(markdown)
  const callout = normalise(options.calloutHeading ?? DEFAULT_CALLOUT_HEADING)
  const kindOf = (heading: Tokens.Heading): PartKind => headingKind(tokensToPlainText([heading]), callout)
  const headings = tokens.filter((token): token is Tokens.Heading => token.type === 'heading')
  const ordinary = headings.filter((heading) => kindOf(heading) === 'section')
  const topLevel = Math.min(...(ordinary.length > 0 ? ordinary : headings).map((heading) => heading.depth))

  const slugger = new GithubSlugger()
  for (const id of Object.values(PAGE_IDS)) slugger.slug(id)
  const parts: Part[] = [{ kind: 'text', tokens: [] }]
  let specialDepth: number | undefined // the depth of the special part we are in (takeaways, callout...)
  for (const token of tokens) {
    const current = parts.at(-1)!
    if (token.type !== 'heading') {
      current.tokens.push(token)
      continue
    }
    const heading = token as Tokens.Heading
    const kind = kindOf(heading)
    if (kind !== 'section' || heading.depth <= topLevel) {
      specialDepth = kind === 'section' ? undefined : heading.depth
      parts.push({ kind, heading, id: slugger.slug(tokensToPlainText([heading])), tokens: [] })
    } else if (specialDepth !== undefined && heading.depth <= specialDepth) {
      // A nested special part ends; what follows belongs to the section around it again.
      specialDepth = undefined
      parts.push({ kind: 'text', tokens: [heading] })
    } else {
      current.tokens.push(heading)
    }
  }
  const nonEmpty = parts.filter((part) => part.heading !== undefined || part.tokens.some(isContent))
  return { parts: nonEmpty, tokens, topLevel }
}

const isContent = (token: Token) => token.type !== 'space'

function headingKind(title: string, callout: string): PartKind {
  const words = normalise(title)
  if (TAKEAWAYS_HEADINGS.has(words)) return 'takeaways'
  if (RELATED_HEADINGS.has(words)) return 'related'
  if (CONCLUSION_HEADINGS.has(words)) return 'conclusion'
  if (words === callout || CALLOUT_SEPARATORS.some((separator) => words.startsWith(callout + separator)))
    return 'callout'
  return 'section'
}

function normalise(heading: string): string {
  return heading
    .normalize('NFC')
    .toLocaleLowerCase('und')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^\d+[.)]\s*/u, '')
    .replace(/\s*[:：]$/u, '')
}

/**
 * What an article is made of, read from marked's tokens of its Markdown (not from its HTML).
 * Takeaways are the items of the first list under a takeaways heading, nested lists left out; a part
 * introduced by a conventional heading runs to the next heading at the same level or above.
 */
export function articleStructure(markdown: string, options: StructureOptions = {}): ArticleStructure {
  const { parts, tokens, topLevel } = readBody(markdown, options)
  const withHeading = (part: Part): ArticleSection => ({
    title: tokensToPlainText([part.heading!]),
    id: part.id!,
    kind: part.kind as SectionKind,
  })
  const takeawaysPart = parts.find((part) => part.kind === 'takeaways')
  const sections = parts
    .filter((part) => part.heading !== undefined && part.heading.depth <= topLevel)
    .filter((part) => part.kind === 'section' || part.kind === 'callout' || part.kind === 'conclusion')
    .map(withHeading)
  const callout = parts.find((part) => part.kind === 'callout')
  const conclusion = parts.find((part) => part.kind === 'conclusion')
  return {
    takeaways: takeawaysPart === undefined ? [] : takeawaysIn(takeawaysPart),
    ...(takeawaysPart !== undefined && { takeawaysTitle: tokensToPlainText([takeawaysPart.heading!]) }),
    sections,
    ...(callout !== undefined && { callout: withHeading(callout) }),
    ...(conclusion !== undefined && { conclusion: withHeading(conclusion) }),
    related: parts
      .filter((part) => part.kind === 'related')
      .flatMap((part) => readRelated(part, options.siteUrl).links),
    readingMinutes: readingMinutes(tokensToPlainText(tokens), options.lang ?? 'en'),
  }
}

/**
 * The body as the article page lays it out: its parts in order, each with its own sanitized HTML. A
 * related list that says all of its part (see readRelated) is left out: the page shows it as cards.
 */
export function articleBlocks(markdown: string, options: StructureOptions = {}): ArticleBlock[] {
  return readBody(markdown, options)
    .parts.filter((part) => !(part.kind === 'related' && readRelated(part, options.siteUrl).complete))
    .map((part) => ({
      kind: part.kind === 'related' ? 'section' : part.kind,
      ...(part.heading !== undefined && {
        heading: {
          id: part.id!,
          depth: part.heading.depth,
          title: tokensToPlainText([part.heading]),
          html: renderInline(part.heading.tokens),
        },
      }),
      html: renderTokens(part.tokens),
    }))
}

/**
 * The body's HTML as feeds and the page store it (Article.bodyHtml): a related list that became related
 * links (Article.related) is taken out, since every format shows those links on its own.
 */
export function renderArticleBody(markdown: string, siteUrl?: string): string {
  const { parts } = readBody(markdown, siteUrl === undefined ? {} : { siteUrl })
  const lifted = parts.filter((part) => part.kind === 'related' && readRelated(part, siteUrl).complete)
  if (lifted.length === 0) return renderMarkdown(markdown)
  return renderTokens(
    parts
      .filter((part) => !lifted.includes(part))
      .flatMap((part) => (part.heading === undefined ? part.tokens : [part.heading, ...part.tokens])),
  )
}

/**
 * The structure of a stored article, with what its fields add to its body: takeaways from the front
 * matter, related links from the front matter (and those the body gave when it was written) first.
 */
export function structureOf(
  article: Pick<Article, 'bodyMarkdown' | 'lang' | 'related'> & { takeaways?: string[] },
  options: Omit<StructureOptions, 'lang'> = {},
): ArticleStructure {
  const structure = articleStructure(article.bodyMarkdown, { ...options, lang: article.lang })
  return {
    ...structure,
    ...(article.takeaways !== undefined && article.takeaways.length > 0 && { takeaways: article.takeaways }),
    related: mergeRelated(article.related, structure.related),
  }
}

/** Related links without repeats (same URL), the first one given kept. */
export function mergeRelated(...lists: RelatedLink[][]): RelatedLink[] {
  const seen = new Set<string>()
  return lists.flat().filter((link) => !seen.has(link.url) && seen.add(link.url))
}

function takeawaysIn(part: Part): string[] {
  const list = part.tokens.find((token): token is Tokens.List => token.type === 'list')
  if (list === undefined) return []
  return list.items
    .map((item) => tokensToPlainText(item.tokens.filter((child) => child.type !== 'list')))
    .filter((item) => item !== '')
}

/**
 * The links of a related part: one per list item, its first link giving the title and URL, the rest of
 * the item its blurb ("[제목](url) — 한 줄 설명"). A part with anything else (a paragraph, an item without a
 * link, a link that is not http(s)) is read as far as it goes and stays in the body as written.
 */
function readRelated(part: Part, siteUrl: string | undefined): RelatedReading {
  const links: RelatedLink[] = []
  let complete = true
  for (const token of part.tokens.filter(isContent)) {
    if (token.type !== 'list') {
      complete = false
      continue
    }
    for (const item of (token as Tokens.List).items) {
      const link = relatedItem(item, siteUrl)
      if (link === undefined) complete = false
      else links.push(link)
    }
  }
  return { links, complete }
}

function relatedItem(item: Tokens.ListItem, siteUrl: string | undefined): RelatedLink | undefined {
  const [first, ...rest] = item.tokens.filter(isContent)
  const inline = (first as { tokens?: Token[] } | undefined)?.tokens ?? []
  const anchor = inline.find((token): token is Tokens.Link => token.type === 'link')
  if (anchor === undefined) return undefined
  const url = resolveUrl(anchor.href, siteUrl)
  if (url === undefined) return undefined
  const title = htmlToPlainText(renderInline(anchor.tokens)) || url
  const after = htmlToPlainText(renderInline(inline.filter((token) => token !== anchor)))
  const more = rest.filter((token) => token.type !== 'list')
  const blurb = [after, more.length > 0 ? tokensToPlainText(more) : '']
    .join(' ')
    .replace(/^[\s\-–—:|·]+/u, '')
    .trim()
  return { title, url, ...(blurb !== '' && { blurb }) }
}

function resolveUrl(href: string, siteUrl: string | undefined): string | undefined {
  let absolute = href
  if (siteUrl !== undefined) {
    try {
      absolute = new URL(href, `${siteUrl}/`).href
    } catch {
      return undefined
    }
  }
  return parseHttpUrl(absolute)?.href
}
