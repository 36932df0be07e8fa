/**
 * The public web version of a digest variant ("view in browser", /digests/:id/:variant): the compiled email
 * for a reader nobody knows. It greets nobody, and where the email has the subscriber's own settings and
 * unsubscribe links it offers subscribing and says where subscribers find theirs. digest.mjml marks those
 * parts with classes (web-version-link, greeting, subscriber-links, recipient-note); the planner escaped
 * every editor-written text in them, so each is a run of text or anchors without a nested paragraph.
 * Light on purpose: the HTTP function serves it, and carries no MJML.
 */
import type { DigestVariant } from '../core/digest'
import { escapeHtml } from '../core/html'
import type { SubscriberLang } from '../core/subscriber'
import { strings } from './strings'

const paragraph = (className: string) => new RegExp(`(<p class="${className}"[^>]*>)[\\s\\S]*?(</p>)`)
const WEB_VERSION_LINK = /<a class="web-version-link"[^>]*>[^<]*<\/a>/
const GREETING = /<p class="greeting"[^>]*>[^<]*<\/p>\s*/

export function webVersionHtml(
  variant: DigestVariant,
  publication: { title: string },
  subscribeUrl: string,
): string {
  const lang = (Object.hasOwn(strings, variant.lang) ? variant.lang : 'en') as SubscriberLang
  const words = strings[lang].digest
  const links =
    `<a href="${escapeHtml(subscribeUrl)}" style="color:#1d4ed8;">${escapeHtml(words.webSubscribe(publication.title))}</a>` +
    `<br />${escapeHtml(words.webManage)}`
  return (
    // A long digest's email lists some articles by title only; its web version shows them all.
    (variant.webHtml ?? variant.html)
      // This page is the web version: no link to itself.
      .replace(WEB_VERSION_LINK, '')
      .replace(GREETING, '')
      .replace(paragraph('subscriber-links'), `$1${links}$2`)
      .replace(paragraph('recipient-note'), `$1${escapeHtml(words.webFooterNote(publication.title))}$2`)
      // A variant compiled before these classes existed: still nothing personal, and no placeholder shows.
      .replaceAll('{{greetingName}}', escapeHtml(words.fallbackName))
      .replaceAll('{{preferencesUrl}}', escapeHtml(subscribeUrl))
      .replaceAll('{{unsubscribeUrl}}', escapeHtml(subscribeUrl))
  )
}
