import { createHash } from 'node:crypto'
import type { Context } from 'hono'

/** A response body encoded once, with the validators computed from those exact bytes. */
export interface Representation {
  body: Uint8Array
  etag: string
  lastModified: Date
  contentType: string
}

export function toRepresentation(text: string, contentType: string, lastModified: Date): Representation {
  const body = Buffer.from(text, 'utf8')
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
  // HTTP dates have whole seconds; truncating keeps If-Modified-Since comparisons exact.
  return { body, etag, lastModified: new Date(Math.floor(lastModified.getTime() / 1000) * 1000), contentType }
}

export const FEED_CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=86400'

/** Sends a representation, or 304 when the client's validators still match (RFC 9110 section 13.1). */
export function sendRepresentation(
  c: Context,
  representation: Representation,
  cacheControl: string,
): Response {
  const headers = {
    ETag: representation.etag,
    'Last-Modified': representation.lastModified.toUTCString(),
    'Cache-Control': cacheControl,
    Vary: 'Accept-Encoding',
  }
  if (isNotModified(c, representation)) return c.body(null, 304, headers)
  return c.body(representation.body as Uint8Array<ArrayBuffer>, 200, {
    ...headers,
    'Content-Type': representation.contentType,
  })
}

function isNotModified(c: Context, representation: Representation): boolean {
  const ifNoneMatch = c.req.header('if-none-match')
  if (ifNoneMatch !== undefined) {
    // If-None-Match takes precedence over If-Modified-Since when both are present.
    return (
      ifNoneMatch.trim() === '*' ||
      ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === representation.etag)
    )
  }
  const ifModifiedSince = c.req.header('if-modified-since')
  if (ifModifiedSince === undefined) return false
  const since = Date.parse(ifModifiedSince)
  return !Number.isNaN(since) && representation.lastModified.getTime() <= since
}
