import { z } from 'zod'

/**
 * The one rule for a URL an editor gives (image, canonicalUrl, related links): parsed by the WHATWG URL
 * parser, http or https only, and stored as that parser serialises it (`href`). Browsers and feed readers
 * parse the same way, so what is stored is what they would have requested anyway; and the serialised
 * form has no space, quote or angle bracket left, so it is a valid URI in every feed
 * ("https://e.com/a b.png" is stored as "https://e.com/a%20b.png").
 */
export function parseHttpUrl(value: string): URL | undefined {
  let url: URL
  try {
    url = new URL(value.trim())
  } catch {
    return undefined
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined
}

/** parseHttpUrl as a zod field: the normalised href, or "must be an absolute http(s) URL". */
export const httpUrlSchema = z.string().transform((value, ctx) => {
  const url = parseHttpUrl(value)
  if (url === undefined) {
    ctx.addIssue({ code: 'custom', message: 'must be an absolute http(s) URL' })
    return z.NEVER
  }
  return url.href
})
