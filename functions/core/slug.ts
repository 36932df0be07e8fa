import { romanize } from 'es-hangul'
import { slugify } from 'transliteration'

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
export const MAX_SLUG_LENGTH = 80

const HANGUL_RUN = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]+/g

/**
 * Derives an ASCII slug from a title. Hangul is romanized by the Revised Romanization of Korean
 * (the official system, so "경제" becomes "gyeongje", as a Korean reader would type it); other scripts
 * go through transliteration. ASCII keeps permalinks readable in every feed reader and mail client.
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
  return truncateAtWord(slug, MAX_SLUG_LENGTH) || 'article'
}

function truncateAtWord(slug: string, max: number): string {
  if (slug.length <= max) return slug
  const cut = slug.slice(0, max)
  const lastDash = cut.lastIndexOf('-')
  return (lastDash > max / 2 ? cut.slice(0, lastDash) : cut).replace(/-$/, '')
}
