/**
 * The welcome email a confirmation earns: templates/welcome.mjml, compiled ahead of time (no MJML here, so
 * the confirmations and HTTP functions stay small), with the marked article card repeated once per article.
 */
import type { Article } from '../core/article'
import { type Publication, publicationUrls } from '../core/publication'
import type { SubscriberLang } from '../core/subscriber'
import { welcomeHtml } from '../../templates/compiled/welcome'
import { byline } from './byline'
import { fillTemplate, htmlToText, type RenderedEmail, TemplateError } from './render'
import { strings } from './strings'

export interface WelcomeEmailInput {
  lang: SubscriberLang
  publication: Publication
  /** Newest first; the email shows them all (the worker reads three), or none. */
  articles: readonly Article[]
  /** The subscriber's signed links; absolute http(s) URLs. */
  preferencesUrl: string
  unsubscribeUrl: string
  /** The sender's postal address for the footer (configuration POSTAL_ADDRESS); may be empty. */
  postalAddress: string
}

/** The compiled template cut at a pair of marker comments: before, the marked stretch, after. */
function cut(html: string, name: string): [string, string, string] {
  const open = `<!-- ${name} -->`
  const close = `<!-- /${name} -->`
  const start = html.indexOf(open)
  const end = html.indexOf(close, start)
  if (start < 0 || end < 0 || html.indexOf(open, start + 1) >= 0) {
    throw new TemplateError(`welcome.mjml must have ${open} … ${close} exactly once`)
  }
  return [html.slice(0, start), html.slice(start + open.length, end), html.slice(end + close.length)]
}

const [BEFORE_LATEST, LATEST, AFTER_LATEST] = cut(welcomeHtml, 'latest')
const [LATEST_HEADING, CARD, LATEST_END] = cut(LATEST, 'article')

/** The welcome email in the subscriber's language, with their own preferences and unsubscribe links. */
export function renderWelcomeEmail(input: WelcomeEmailInput): RenderedEmail {
  for (const [key, value] of Object.entries({
    preferencesUrl: input.preferencesUrl,
    unsubscribeUrl: input.unsubscribeUrl,
  })) {
    if (!/^https?:\/\/\S+$/i.test(value)) {
      throw new TypeError(`The welcome email's ${key} must be an absolute http(s) URL, got "${value}"`)
    }
  }
  const words = strings[input.lang]
  const name = input.publication.title
  const subject = words.welcome.subject(name)
  const frame = {
    lang: input.lang,
    title: subject,
    preheader: words.welcome.preheader(name),
    publicationName: name,
    siteUrl: publicationUrls(input.publication).home,
    heading: words.welcome.heading(name),
    intro: words.welcome.intro(name),
    latestHeading: words.welcome.latestHeading,
    preferences: words.digest.preferences,
    unsubscribe: words.digest.unsubscribe,
    preferencesUrl: input.preferencesUrl,
    unsubscribeUrl: input.unsubscribeUrl,
    footerNote: words.welcome.footerNote(name),
    postalAddress: input.postalAddress,
  }
  const cards = input.articles.map((article) =>
    fillTemplate(CARD, {
      articleUrl: publicationUrls(input.publication).article(article.slug),
      articleTitle: article.title,
      articleLang: article.lang,
      byline: byline(article, input.publication, words.digest),
      dek: article.summary.trim(),
    }),
  )
  const latest =
    cards.length === 0
      ? ''
      : `${fillTemplate(LATEST_HEADING, frame)}${cards.join('')}${fillTemplate(LATEST_END, frame)}`
  const html = `${fillTemplate(BEFORE_LATEST, frame)}${latest}${fillTemplate(AFTER_LATEST, frame)}`
  return { subject, html, text: htmlToText(html) }
}
