/**
 * The sender's half of a digest: fills one subscriber's values into a variant the planner rendered once.
 * Runs once per recipient, so it stays a join of precomputed pieces, and imports nothing heavy (no MJML,
 * no html-to-text): render.ts pulls in html-to-text, so its fillTemplate is not used here.
 */
import type { DigestVariant } from '../core/digest'
import type { FilledText } from '../core/filled-text'
import { contentText } from '../core/filled-text'
import { escapeHtml } from '../core/html'
import { SUBSCRIBER_NAME_MAX_LENGTH, type SubscriberLang } from '../core/subscriber'
import { longestSubscriberLinkBytes } from '../core/subscriber-links'
import { strings } from './strings'

/** The placeholders a planned variant keeps for the sender; every other value is filled in by the planner. */
export const SUBSCRIBER_PLACEHOLDERS = ['greetingName', 'preferencesUrl', 'unsubscribeUrl'] as const
export type SubscriberPlaceholder = (typeof SUBSCRIBER_PLACEHOLDERS)[number]

/** One subscriber's values; `name` is optional, and the greeting falls back to a neutral form without it. */
export interface PersonalValues {
  unsubscribeUrl: string
  preferencesUrl: string
  name?: string
}

/** A variant holds a placeholder the sender has no value for, or lacks its unsubscribe link. */
export class VariantTemplateError extends Error {
  override name = 'VariantTemplateError'
}

/** A template cut at its placeholders: parts[0], slots[0], parts[1], …, parts[n]. */
interface Pieces {
  parts: string[]
  slots: SubscriberPlaceholder[]
}

interface PreparedVariant {
  html: Pieces
  text: Pieces
  fallbackName: string
}

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g
const isSubscriberPlaceholder = (name: string): name is SubscriberPlaceholder =>
  (SUBSCRIBER_PLACEHOLDERS as readonly string[]).includes(name)

function cut(template: string, where: string): Pieces {
  const parts: string[] = []
  const slots: SubscriberPlaceholder[] = []
  let last = 0
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1]!
    if (!isSubscriberPlaceholder(name)) {
      throw new VariantTemplateError(`The ${where} has a placeholder the sender cannot fill: {{${name}}}`)
    }
    parts.push(template.slice(last, match.index))
    slots.push(name)
    last = match.index + match[0].length
  }
  parts.push(template.slice(last))
  // A digest without a working unsubscribe link must not go out (RFC 8058 headers are not enough).
  if (!slots.includes('unsubscribeUrl')) {
    throw new VariantTemplateError(`The ${where} has no {{unsubscribeUrl}}`)
  }
  return { parts, slots }
}

// Keyed by the variant object: the sender loads a variant once per batch and personalises it many times.
const prepared = new WeakMap<DigestVariant, PreparedVariant>()

function prepare(variant: DigestVariant): PreparedVariant {
  let found = prepared.get(variant)
  if (found === undefined) {
    const lang = (Object.hasOwn(strings, variant.lang) ? variant.lang : 'en') as SubscriberLang
    found = {
      html: cut(variant.html, `HTML of digest variant ${variant.digestId}/${variant.id}`),
      text: cut(variant.text, `text of digest variant ${variant.digestId}/${variant.id}`),
      fallbackName: strings[lang].digest.fallbackName,
    }
    prepared.set(variant, found)
  }
  return found
}

function fill(pieces: Pieces, values: Readonly<Record<SubscriberPlaceholder, string>>): FilledText {
  return { parts: pieces.parts, values: pieces.slots.map((slot) => values[slot]) }
}

const ABSOLUTE_URL = /^https?:\/\/\S+$/i

/**
 * One subscriber's copy of a digest variant: their unsubscribe and preferences links and their name,
 * HTML-escaped in the HTML part and as they are in the text part. The parts stay the variant's own (the
 * same arrays for every recipient), so the mailer can encode them once per variant.
 */
export function personalisedContent(
  variant: DigestVariant,
  values: PersonalValues,
): { html: FilledText; text: FilledText } {
  const pieces = prepare(variant)
  for (const key of ['unsubscribeUrl', 'preferencesUrl'] as const) {
    if (!ABSOLUTE_URL.test(values[key])) {
      throw new TypeError(`${key} must be an absolute http(s) URL, got "${values[key]}"`)
    }
  }
  // A name is one line: a newline in it would break the text part's layout (and nothing else needs one).
  const name = values.name?.replace(/\s+/g, ' ').trim() || pieces.fallbackName
  const text = {
    greetingName: name,
    preferencesUrl: values.preferencesUrl,
    unsubscribeUrl: values.unsubscribeUrl,
  }
  const html = {
    greetingName: escapeHtml(name),
    preferencesUrl: escapeHtml(values.preferencesUrl),
    unsubscribeUrl: escapeHtml(values.unsubscribeUrl),
  }
  return { html: fill(pieces.html, html), text: fill(pieces.text, text) }
}

/** personalisedContent() as two strings (previews, tests). */
export function personalise(variant: DigestVariant, values: PersonalValues): { html: string; text: string } {
  const { html, text } = personalisedContent(variant, values)
  return { html: contentText(html), text: contentText(text) }
}

/**
 * The most bytes any subscriber's values can add to this HTML: each placeholder in it replaced by the
 * longest value it can take (a name of the longest allowed length, every character escaped to `&quot;`; the
 * longest signed link on this site), minus the placeholder itself. A size budget counts it in, so the
 * personalised email stays within the budget for everyone.
 */
export function personalAllowanceBytes(html: string, siteUrl: string): number {
  const longest: Record<SubscriberPlaceholder, number> = {
    greetingName: SUBSCRIBER_NAME_MAX_LENGTH * '&quot;'.length,
    preferencesUrl: longestSubscriberLinkBytes(siteUrl),
    unsubscribeUrl: longestSubscriberLinkBytes(siteUrl),
  }
  let bytes = 0
  for (const match of html.matchAll(PLACEHOLDER)) {
    const name = match[1]!
    if (isSubscriberPlaceholder(name)) bytes += Math.max(0, longest[name] - match[0].length)
  }
  return bytes
}
