import { romanize } from 'es-hangul'
import { slugify } from 'transliteration'
import { z } from 'zod'
import { ValidationError } from './errors'

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
export const MAX_SLUG_LENGTH = 80

const SLUG_SHAPE = 'must be lower-case letters, digits and single dashes, like "korea-economy-2027"'
const SLUG_LENGTH = `must be at most ${MAX_SLUG_LENGTH} characters`

/**
 * The one rule for a slug, whichever door it comes through (JSON body, front matter, URL path, digest
 * preview, CLI): lower-case ASCII words joined by single dashes, at most 80 characters. There is exactly one
 * spelling of each slug, so nothing is case-folded or decoded into a match: a slug is either canonical or
 * refused. It ends up in URLs, feed ids and DynamoDB keys, which is why it is this narrow.
 */
export const slugSchema = z.string().max(MAX_SLUG_LENGTH, SLUG_LENGTH).regex(SLUG_PATTERN, SLUG_SHAPE)

export function isSlug(value: string): boolean {
  return value.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(value)
}

/** A slug from a URL path or an argument, as is (no trimming: "/articles/%20x" is not "/articles/x"). */
export function parseSlug(value: string): string {
  if (isSlug(value)) return value
  // The value is not echoed back: it may be a kilobyte of anything.
  throw new ValidationError([
    { field: 'slug', problem: value.length > MAX_SLUG_LENGTH ? SLUG_LENGTH : SLUG_SHAPE },
  ])
}

const HANGUL_RUN = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]+/g

/**
 * Derives an ASCII slug from a title. Hangul is romanized by the Revised Romanization of Korean
 * (the official system, so "경제" becomes "gyeongje", as a Korean reader would type it); other scripts
 * go through transliteration. ASCII keeps permalinks readable in every feed reader and mail client.
 *
 * A title with no letter or digit to keep (emoji, punctuation) is refused rather than given a stand-in
 * such as "article": two such titles would share it, and the second would take the first one's place.
 */
export function slugFromTitle(title: string): string {
  const romanized = title
    .normalize('NFC')
    .replace(/['\u2019]/g, '') // "What's" reads as one word, not "what-s"
    .replace(HANGUL_RUN, (run) => ` ${romanize(run)} `)
  const slug = slugify(romanized, { lowercase: true, separator: '-', trim: true })
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
  const bounded = truncateAtWord(slug, MAX_SLUG_LENGTH)
  if (!isSlug(bounded)) {
    throw new ValidationError([
      {
        field: 'slug',
        problem:
          'cannot be made from this title (it has no letters or digits to keep); give one explicitly, e.g. `slug: my-article` in the front matter',
      },
    ])
  }
  return bounded
}

function truncateAtWord(slug: string, max: number): string {
  if (slug.length <= max) return slug
  const cut = slug.slice(0, max)
  const lastDash = cut.lastIndexOf('-')
  return (lastDash > max / 2 ? cut.slice(0, lastDash) : cut).replace(/-$/, '')
}
