import { createHash } from 'node:crypto'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { Context } from 'hono'

type Coding = 'br' | 'gzip'

interface HeaderSet {
  notModified: Record<string, string>
  ok: Record<string, string>
}

interface Variant {
  body: Uint8Array
  /** A strong ETag must differ per content-coding (RFC 9110 section 8.8.3), hence one per variant. */
  etag: string
  /** Response headers by Cache-Control value, made on first use. */
  headerSets?: Map<string, HeaderSet>
}

/**
 * A response body encoded once, with validators computed from those exact bytes. Compressed variants
 * are made on first request and kept, so a 230 KB feed is gzipped once per build, not once per poll.
 */
export class Representation {
  readonly identity: Variant
  private readonly compressed = new Map<Coding, Variant>()
  private readonly tags: Set<string>

  constructor(
    content: string | Uint8Array,
    readonly contentType: string,
    lastModified: Date,
  ) {
    const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content)
    const hash = createHash('sha256').update(body).digest('base64url').slice(0, 27)
    this.identity = { body, etag: `"${hash}"` }
    this.tags = new Set([hash, `${hash}-br`, `${hash}-gz`].map((tag) => `"${tag}"`))
    // HTTP dates have whole seconds; truncating keeps If-Modified-Since comparisons exact.
    this.lastModified = new Date(Math.floor(lastModified.getTime() / 1000) * 1000)
  }

  readonly lastModified: Date

  /** Response headers for a variant, made once: polls of an unchanged feed allocate no new strings. */
  headers(variant: Variant, coding: Coding | undefined, cacheControl: string): HeaderSet {
    variant.headerSets ??= new Map()
    let set = variant.headerSets.get(cacheControl)
    if (set === undefined) {
      const notModified = {
        ETag: variant.etag,
        'Last-Modified': this.lastModified.toUTCString(),
        'Cache-Control': cacheControl,
        Vary: 'Accept-Encoding',
        'X-Content-Type-Options': 'nosniff',
      }
      const ok: Record<string, string> = {
        ...notModified,
        'Content-Type': this.contentType,
        'Content-Length': String(variant.body.byteLength),
      }
      if (variant !== this.identity) ok['Content-Encoding'] = coding!
      set = { notModified, ok }
      variant.headerSets.set(cacheControl, set)
    }
    return set
  }

  /** True when `etag` names this content in any coding. */
  matches(etag: string): boolean {
    return this.tags.has(etag)
  }

  variant(coding: Coding | undefined): Variant {
    if (coding === undefined || this.identity.body.byteLength < 1024) return this.identity
    let variant = this.compressed.get(coding)
    if (variant === undefined) {
      const body =
        coding === 'br'
          ? brotliCompressSync(this.identity.body, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: 9,
                [constants.BROTLI_PARAM_SIZE_HINT]: this.identity.body.byteLength,
              },
            })
          : gzipSync(this.identity.body, { level: 9 })
      variant = { body, etag: `${this.identity.etag.slice(0, -1)}-${coding === 'br' ? 'br' : 'gz'}"` }
      this.compressed.set(coding, variant)
    }
    return variant
  }
}

/** Sends a representation in the best coding the client accepts, or 304 when its validators still match. */
export function sendRepresentation(
  c: Context,
  representation: Representation,
  cacheControl: string,
): Response {
  // Hono answers HEAD by running the GET route and dropping the body.
  return answerResponse(representationAnswer((name) => c.req.header(name), representation, cacheControl))
}

/** Reads one request header by its lower-case name. */
export type HeaderReader = (name: string) => string | undefined

/** What to send: status, headers made once per variant, and the bytes (null for a 304). */
export interface Answer {
  status: 200 | 304
  headers: Record<string, string>
  body: Uint8Array | null
}

/**
 * The answer for a request's headers: the best coding the client accepts, or 304 when its validators still
 * match. Plain data, so the fetch adapter (Response) and the node:http adapter can both send it.
 */
export function representationAnswer(
  header: HeaderReader,
  representation: Representation,
  cacheControl: string,
): Answer {
  const coding = preferredCoding(header('accept-encoding'))
  const variant = representation.variant(coding)
  const { notModified, ok } = representation.headers(variant, coding, cacheControl)
  return isNotModified(header, representation)
    ? { status: 304, headers: notModified, body: null }
    : { status: 200, headers: ok, body: variant.body }
}

/** The answer as a fetch Response; HEAD gets the headers without the body. */
export function answerResponse(answer: Answer, head = false): Response {
  // A plain header object: @hono/node-server then writes it without building Headers.
  const body = head ? null : (answer.body as Uint8Array<ArrayBuffer> | null)
  return new Response(body, { status: answer.status, headers: answer.headers })
}

function preferredCoding(acceptEncoding: string | undefined): Coding | undefined {
  if (acceptEncoding === undefined) return undefined
  const accepted = new Map(
    acceptEncoding.split(',').map((part) => {
      const [name = '', ...params] = part.trim().toLowerCase().split(';')
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find((value) => value !== undefined)
      return [name.trim(), q === undefined ? 1 : Number(q)] as const
    }),
  )
  const quality = (coding: string) => accepted.get(coding) ?? accepted.get('*') ?? 0
  if (quality('br') > 0 && quality('br') >= quality('gzip')) return 'br'
  if (quality('gzip') > 0) return 'gzip'
  return undefined
}

function isNotModified(header: HeaderReader, representation: Representation): boolean {
  const ifNoneMatch = header('if-none-match')
  if (ifNoneMatch !== undefined) {
    // The usual poll sends back exactly the tag it was given: settle that without parsing.
    if (representation.matches(ifNoneMatch)) return true
    // If-None-Match takes precedence over If-Modified-Since (RFC 9110 section 13.2.2); comparison is weak.
    return (
      ifNoneMatch.trim() === '*' ||
      ifNoneMatch.split(',').some((tag) => representation.matches(tag.trim().replace(/^W\//, '')))
    )
  }
  const ifModifiedSince = header('if-modified-since')
  if (ifModifiedSince === undefined) return false
  const since = Date.parse(ifModifiedSince)
  return !Number.isNaN(since) && representation.lastModified.getTime() <= since
}
