/**
 * The planner's half of a digest: renders one variant (a language and a list of articles) once, leaving
 * only {{greetingName}}, {{preferencesUrl}} and {{unsubscribeUrl}} for the sender (personalise.ts).
 *
 * MJML has no loops, so unlike the confirmation email the digest cannot be compiled ahead of time: the
 * planner assembles MJML from digest.mjml plus one article card per article and compiles it here. The
 * sources come from templates/compiled/digest-sources.ts (partials inlined, bundled as strings), because a
 * Lambda bundle has no templates/ folder to read.
 */
import mjml2html from 'mjml'
import { articleCardSource, digestSource } from '../../templates/compiled/digest-sources'
import type { Article, ArticleImage, RelatedLink } from '../core/article'
import { MAX_TAKEAWAYS, structureOf } from '../core/article-structure'
import type { Digest } from '../core/digest'
import { isoWeekDays } from '../core/digest-calendar'
import { excerpt } from '../core/excerpt'
import { escapeHtml } from '../core/html'
import { type Publication, publicationUrls } from '../core/publication'
import type { SubscriberLang } from '../core/subscriber'
import { byline } from './byline'
import { greyPreview } from './preview-colour'
import { personalAllowanceBytes, SUBSCRIBER_PLACEHOLDERS, type SubscriberPlaceholder } from './personalise'
import { htmlToText, type RenderedEmail, TemplateError } from './render'
import { type DigestStrings, strings } from './strings'

export interface DigestVariantInput {
  digest: Pick<Digest, 'id' | 'cadence' | 'period'>
  lang: SubscriberLang
  /** In the order they appear in the email. */
  articles: readonly Article[]
  publication: Publication
  /** The sender's postal address for the footer (configuration POSTAL_ADDRESS); may be empty. */
  postalAddress: string
  /** This variant's web version: the same for every reader, so filled in here, not by the sender. */
  webVersionUrl: string
}

/** Where digest.mjml wants the article cards. */
const CARDS_MARKER = '<!-- article-cards -->'
const PREHEADER_COLUMNS = 140

/**
 * Gmail clips a message whose HTML passes about 102 KB, hiding the rest (footer and unsubscribe link
 * included) behind "View entire message". Every digest's HTML stays under this many UTF-8 bytes once
 * personalised with the longest name and links any subscriber can have.
 */
export const DIGEST_HTML_BUDGET_BYTES = 90_000
/** A title in the compact list is cut to this many columns (a Hangul syllable takes two). */
const LISTED_TITLE_COLUMNS = 80

/** A rendered digest; `webHtml` (the web version, every article as a card) only when `html` had to list some. */
export type RenderedDigest = RenderedEmail & { webHtml?: string }

/** The articles after the cards, listed by title, and how many did not fit even so. */
interface MoreArticles {
  listed: readonly Article[]
  unlisted: number
}

/**
 * Renders one digest variant: subject, HTML and plain text, each with the subscriber placeholders left
 * in. Every editor-written text is escaped before it goes into the MJML, `{` and `}` included, so a title
 * that reads "{{unsubscribeUrl}}" stays words and never becomes a placeholder. Throws TemplateError when
 * the MJML fails strict validation, TypeError for a digest without articles or a non-http(s) URL.
 *
 * When every article as a card would pass `budgetBytes` (DIGEST_HTML_BUDGET_BYTES), the email keeps the
 * cards that fit and lists the rest by title, and `webHtml` carries every card for the web version.
 */
export async function renderDigestVariant(
  input: DigestVariantInput,
  budgetBytes = DIGEST_HTML_BUDGET_BYTES,
): Promise<RenderedDigest> {
  if (input.articles.length === 0) throw new TypeError(`Digest ${input.digest.id} has no articles to render`)
  const words = strings[input.lang].digest
  const name = input.publication.title
  const count = input.articles.length
  const subject = words.subject(name, count, periodLabel(input.digest, words.dateLocale))
  const logo = input.publication.logoUrl
  const masthead = expandBlock(
    expandBlock(digestSource, 'logo', logo === undefined ? [] : [logo], (block) => block),
    'title',
    logo === undefined ? [true] : [],
    (block) => block,
  )
  const values = {
    lang: text(input.lang),
    title: text(subject),
    preheader: text(excerpt(input.articles.map((article) => article.title).join(' · '), PREHEADER_COLUMNS)),
    viewInBrowser: text(words.viewInBrowser),
    webVersionUrl: url(input.webVersionUrl),
    siteUrl: url(publicationUrls(input.publication).home),
    ...(logo !== undefined && { logoUrl: url(logo) }),
    publicationName: text(name),
    greeting: textAround(words.greeting, 'greetingName'),
    intro: text(words.intro(name, count)),
    preferences: text(words.preferences),
    unsubscribe: text(words.unsubscribe),
    footerNote: text(words.footerNote(name)),
    postalAddress: text(input.postalAddress),
  }
  const frame = (more: MoreArticles | undefined) =>
    fill(
      expandBlock(masthead, 'more', more === undefined ? [] : [more], (block, { listed }) =>
        expandBlock(block, 'more-link', listed, (line, article) =>
          moreLink(line, article, input.publication),
        ),
      ),
      {
        ...values,
        moreHeading: text(words.moreHeading(more === undefined ? 0 : more.listed.length + more.unlisted)),
        moreInWebVersion: text(words.moreInWebVersion(more?.unlisted ?? 0)),
      },
      SUBSCRIBER_PLACEHOLDERS,
    )
  const cards = input.articles.map((article) => articleCard(article, input.publication, words))
  const whole = await compileDigest(frame(undefined), cards)
  const size = (html: string) =>
    Buffer.byteLength(html, 'utf8') + personalAllowanceBytes(html, input.publication.siteUrl)
  if (size(whole) <= budgetBytes) return { subject, html: whole, text: textPart(whole) }
  const html = await fitToBudget({
    articles: input.articles,
    cards,
    whole,
    frame,
    size,
    budgetBytes,
  })
  return { subject, html, text: textPart(html), webHtml: whole }
}

/** MJML from a frame and its cards, compiled and checked for placeholders the sender cannot fill. */
async function compileDigest(frame: string, cards: readonly string[]): Promise<string> {
  const [before, after, ...more] = frame.split(CARDS_MARKER)
  if (after === undefined || more.length > 0) {
    throw new TemplateError(`digest.mjml must have the marker ${CARDS_MARKER} exactly once`)
  }
  const html = await compile(`${before}${cards.join('\n')}${after}`)
  const left = [...html.matchAll(PLACEHOLDER)].map((match) => match[1]!)
  const unexpected = left.filter((placeholder) => !isSubscriberPlaceholder(placeholder))
  if (unexpected.length > 0) {
    throw new TemplateError(`The compiled digest has unfilled placeholder(s): ${unexpected.join(', ')}`)
  }
  return html
}

interface FitInput {
  articles: readonly Article[]
  cards: readonly string[]
  /** Every article as a card, compiled: over budget. */
  whole: string
  frame: (more: MoreArticles | undefined) => string
  size: (html: string) => number
  budgetBytes: number
}

/**
 * The email within budget: the first articles as cards, the next ones as a list of titles, and when even
 * titles run out of room, a count of the rest (the web version link is always there). A title in the list
 * costs exactly its markup (mj-text passes it through); a card's compiled size is estimated from its
 * share of the cards' MJML, so the result is compiled and checked, and one card fewer tried while it is
 * over. Titles come before cards: an article listed is better than one left to the web version.
 */
async function fitToBudget(input: FitInput): Promise<string> {
  const { articles, cards, frame, size, budgetBytes } = input
  const bytes = (value: string) => Buffer.byteLength(value, 'utf8')
  const bare = await compileDigest(frame(undefined), [])
  const cardBytes = bytes(input.whole) - bytes(bare)
  const cardSources = cards.map(bytes)
  const sourceTotal = cardSources.reduce((sum, value) => sum + value, 0)
  const cardCost = cardSources.map((value) => (cardBytes * value) / sourceTotal)
  const noTitles = bytes(frame({ listed: [], unlisted: 0 }))
  const entryCost = articles.map((article) => bytes(frame({ listed: [article], unlisted: 0 })) - noTitles)
  const shell = size(await compileDigest(frame({ listed: [], unlisted: articles.length }), []))
  const room = budgetBytes - shell
  const sum = (values: readonly number[], from: number, to: number) =>
    values.slice(from, to).reduce((total, value) => total + value, 0)
  /** How many titles after `cards` cards fit in what the cards leave. */
  const titlesAfter = (cardCount: number) => {
    let left = room - sum(cardCost, 0, cardCount)
    let listed = 0
    while (cardCount + listed < articles.length && entryCost[cardCount + listed]! <= left) {
      left -= entryCost[cardCount + listed]!
      listed++
    }
    return listed
  }
  // The most cards that still leave room for every other article's title; none if the titles alone overflow.
  let cardCount = 0
  while (
    cardCount < articles.length - 1 &&
    sum(cardCost, 0, cardCount + 1) + sum(entryCost, cardCount + 1, articles.length) <= room
  ) {
    cardCount++
  }
  let listed = titlesAfter(cardCount)
  for (;;) {
    const more = {
      listed: articles.slice(cardCount, cardCount + listed),
      unlisted: articles.length - cardCount - listed,
    }
    const html = await compileDigest(frame(more), cards.slice(0, cardCount))
    const over = size(html) - budgetBytes
    if (over <= 0) return html
    if (cardCount > 0) {
      cardCount--
      listed = titlesAfter(cardCount)
    } else if (listed > 0) {
      listed = Math.max(0, listed - Math.ceil(over / Math.max(1, entryCost[0]!)) - 1)
    } else {
      throw new TemplateError(`A digest cannot fit in ${budgetBytes} bytes even without its articles`)
    }
  }
}

/** One line of the compact list: the article's title, cut short, linking to it. */
function moreLink(line: string, article: Article, publication: Publication): string {
  return fill(
    line,
    {
      moreLang: text(article.lang),
      moreUrl: url(publicationUrls(publication).article(article.slug)),
      moreTitle: text(excerpt(article.title, LISTED_TITLE_COLUMNS)),
    },
    'others',
  )
}

function articleCard(article: Article, publication: Publication, words: DigestStrings): string {
  const image = article.image !== undefined && isHttpUrl(article.image.url) ? [article.image] : []
  const parts = structureOf(article, { siteUrl: publication.siteUrl })
  const takeaways = parts.takeaways.slice(0, MAX_TAKEAWAYS)
  const related = parts.related.filter((link) => isHttpUrl(link.url))
  let card = articleCardSource
  card = expandBlock(card, 'image', image, (block, { url: src, alt = '' }: ArticleImage) =>
    fill(block, { imageUrl: url(src), imageAlt: text(alt) }, 'others'),
  )
  card = expandBlock(card, 'dek', article.summary.trim() === '' ? [] : [article.summary], (block) => block)
  card = expandBlock(card, 'takeaways', takeaways.length === 0 ? [] : [takeaways], (block, items) =>
    expandBlock(block, 'takeaway', items, (line, item) => fill(line, { takeaway: text(item) }, 'others')),
  )
  card = expandBlock(card, 'related', related.length === 0 ? [] : [related], (block, links) =>
    expandBlock(block, 'related-link', links, (line, link: RelatedLink) =>
      fill(
        line,
        {
          relatedUrl: url(link.url),
          relatedTitle: text(link.title),
          relatedBlurb: link.blurb === undefined ? '' : text(` — ${link.blurb}`),
        },
        'others',
      ),
    ),
  )
  return fill(card, {
    articleUrl: url(publicationUrls(publication).article(article.slug)),
    articleTitle: text(article.title),
    articleLang: text(article.lang),
    byline: text(byline(article, publication, words)),
    dek: text(article.summary.trim()),
    takeawaysHeading: text(words.takeawaysHeading),
    readMore: text(words.readMore),
    relatedHeading: text(words.relatedHeading),
  })
}

/**
 * Replaces the block between `<!-- name -->` and `<!-- /name -->` (markers included) with one rendering
 * of its content per item: none drops it, one keeps it once.
 */
function expandBlock<T>(
  source: string,
  name: string,
  items: readonly T[],
  render: (block: string, item: T) => string,
): string {
  const open = `<!-- ${name} -->`
  const close = `<!-- /${name} -->`
  const start = source.indexOf(open)
  const end = source.indexOf(close, start)
  if (start < 0 || end < 0) throw new TemplateError(`The digest MJML has no ${open} … ${close} block`)
  const block = source.slice(start + open.length, end)
  return `${source.slice(0, start)}${items.map((item) => render(block, item)).join('')}${source.slice(end + close.length)}`
}

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g
const isSubscriberPlaceholder = (name: string): name is SubscriberPlaceholder =>
  (SUBSCRIBER_PLACEHOLDERS as readonly string[]).includes(name)

/**
 * Puts already-escaped values into MJML source. A placeholder without a value is left alone when `keep`
 * names it (or is 'others'), and is otherwise a TemplateError, so a misspelt one fails a test.
 */
function fill(
  source: string,
  escapedValues: Readonly<Record<string, string>>,
  keep: readonly string[] | 'others' = [],
): string {
  const missing = new Set<string>()
  const filled = source.replace(PLACEHOLDER, (placeholder, name: string) => {
    if (Object.hasOwn(escapedValues, name)) return escapedValues[name]!
    if (keep === 'others' || keep.includes(name)) return placeholder
    missing.add(name)
    return placeholder
  })
  if (missing.size > 0) {
    throw new TemplateError(`No value for digest template placeholder(s): ${[...missing].join(', ')}`)
  }
  return filled
}

/**
 * Text for MJML element content or a quoted attribute: HTML-escaped, and with braces as character
 * references so that nothing an editor typed can form a {{placeholder}}. Mail clients show them as braces.
 */
function text(value: string): string {
  return escapeHtml(value).replace(/[{}]/g, (brace) => (brace === '{' ? '&#123;' : '&#125;'))
}

const isHttpUrl = (value: string) => /^https?:\/\/[^\s]+$/i.test(value)

/** An absolute http(s) URL for an attribute; braces (not valid in a URL anyway) are percent-encoded. */
function url(value: string): string {
  if (!isHttpUrl(value)) throw new TypeError(`Digest links must be absolute http(s) URLs, got "${value}"`)
  return escapeHtml(value.replace(/[{}]/g, (brace) => (brace === '{' ? '%7B' : '%7D')))
}

/** A sentence with a subscriber placeholder in it ("{{greetingName}}님, 안녕하세요."): the words escaped. */
function textAround(sentence: (value: string) => string, placeholder: SubscriberPlaceholder): string {
  const slot = '\u0000'
  return sentence(slot).split(slot).map(text).join(`{{${placeholder}}}`)
}

async function compile(source: string): Promise<string> {
  const { html } = await mjml2html(source, {
    validationLevel: 'strict',
    // The sources come bundled with their partials already inlined, so there is nothing on disk to resolve
    // (and no templates folder in a Lambda package).
    ignoreIncludes: true,
    fonts: {},
    keepComments: false,
    minify: false,
    beautify: false,
  }).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error)
    throw new TemplateError(`The digest MJML failed validation: ${message}`, { cause: error })
  })
  return greyPreview(html)
}

/**
 * The plain-text part, from the same HTML. html-to-text turns `&#123;` back into `{`, so the subscriber
 * placeholders are swapped for private-use markers first, every `{{` left after conversion came from
 * the content and gets an invisible WORD JOINER between its braces, and then the markers become
 * placeholders again.
 */
function textPart(html: string): string {
  const guarded = html
    .replace(/[\uE000\uE001]/g, '')
    .replace(/\{\{(\w+)\}\}/g, (_placeholder, name: string) => `\uE000${name}\uE001`)
  return htmlToText(guarded)
    .replace(/\{(?=\{)/g, '{\u2060')
    .replace(/\uE000(\w+)\uE001/g, (_marker, name: string) => `{{${name}}}`)
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** The digest's day ("2026년 11월 27일") or ISO week as a date range; undefined for an instant alert. */
export function periodLabel(
  { cadence, period }: Pick<Digest, 'cadence' | 'period'>,
  locale: string,
): string | undefined {
  if (cadence === 'instant') return undefined
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' })
  const day = DAY.exec(period)
  if (day !== null) return format.format(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])))
  const week = isoWeekDays(period)
  if (week === undefined) return undefined
  return format.formatRange(new Date(`${week.monday}T00:00:00Z`), new Date(`${week.sunday}T00:00:00Z`))
}
