import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'

const KB = 1024

/** A body over its audience's limit (a 413); the limit goes with it, so every language's page can name it. */
export class BodyTooLarge extends HTTPException {
  constructor(readonly limit: string) {
    super(413, { message: `The request body is larger than the ${limit} this address takes.` })
  }
}
const MB = 1024 * KB

/**
 * How much each audience may send, in bytes. Operators send articles (Markdown or JSON, up to the 350 KB an
 * article may take, with room to spare) and digest requests; a subscriber CSV may be longer; a reader only
 * ever sends a small form, so anything larger is refused before it costs memory or a parse.
 */
export const BODY_LIMITS = {
  subscriberImport: { bytes: 5 * MB, label: '5 MB' },
  // An article with a cover image: MEDIA_MAX_BYTES is at most 4 MB, and the core names a smaller limit itself.
  deskEditor: { bytes: 5 * MB, label: '5 MB' },
  admin: { bytes: 1 * MB, label: '1 MB' },
  public: { bytes: 16 * KB, label: '16 KB' },
} as const

type Audience = keyof typeof BODY_LIMITS

const DESK_EDITOR_FORM = /^\/admin\/articles(\/[^/]+)?$/

/** Which audience's limit a path has (tests read it too, so the rule is written once). */
export function audienceOf(path: string): Audience {
  if (path === '/api/subscribers/import' || path.startsWith('/admin/subscribers/import'))
    return 'subscriberImport'
  // The desk's editor form (new article, save) may carry a cover image beside the article.
  if (DESK_EDITOR_FORM.test(path)) return 'deskEditor'
  // The desk's other article forms and previews carry whole articles, like the API (sign-in stays small).
  if (path.startsWith('/admin/articles') || path === '/admin/preview') return 'admin'
  return path === '/api' || path.startsWith('/api/') ? 'admin' : 'public'
}

/**
 * The one body limit of the whole app, by audience (BODY_LIMITS). It runs before any route reads the body
 * and counts the bytes as they arrive, so a body without Content-Length is stopped too. Over the limit is
 * a 413, shaped by errors.ts like any other error: JSON for the API and JSON requests, a page otherwise.
 */
export function bodyLimits(): MiddlewareHandler {
  const limiters = Object.fromEntries(
    Object.entries(BODY_LIMITS).map(([audience, { bytes, label }]) => [
      audience,
      bodyLimit({
        maxSize: bytes,
        onError: () => {
          throw new BodyTooLarge(label)
        },
      }),
    ]),
  ) as Record<Audience, MiddlewareHandler>
  return (c, next) => limiters[audienceOf(c.req.path)](c, next)
}
