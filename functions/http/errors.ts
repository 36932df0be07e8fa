import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { HTTPException } from 'hono/http-exception'
import { ConflictError, DomainError, NotFoundError, RateLimitedError, ValidationError } from '../core/errors'
import { TokenError } from '../core/tokens'
import { DigestPlannerError } from '../adapters/lambda/lambda-digest-trigger'
import { logger } from '../log'
import { BodyTooLarge } from './body-limits'
import { isJsonType } from './json-body'
import { errorPage } from './views/error-page'
import { PAGE_STRINGS, type PageLang } from './views/page-strings'

const HTTP_ERROR_NAMES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'too_large',
  415: 'unsupported_media_type',
  422: 'invalid_input',
  429: 'rate_limited',
}

/**
 * The one place where errors become HTTP. Every DomainError is a 4xx; anything else is a 500 that is logged
 * and shows no internals. The API (and any request that sent JSON or asks only for JSON) gets
 * `{ error, message }`, with `problems` naming each field at fault; pages get the HTML error page in the
 * publication's language `lang`.
 */
export function errorHandler(lang: PageLang): (error: Error, c: Context) => Response {
  return (error, c) => {
    if (error instanceof DigestPlannerError) {
      // Another function failed, not this request: a 502 that names it, with its cause only in the log.
      logger.error('digest planner failed', { path: c.req.path, error })
      return wantsJson(c)
        ? c.json({ error: 'planner_failed', message: `${error.message}; it has been logged.` }, 502)
        : c.html(errorPage(502, lang), 502)
    }
    const known = clientError(error)
    if (known === undefined) {
      // Powertools formats the error (name, message, stack); on Lambda the entry carries the request id.
      logger.error('unhandled error', { path: c.req.path, error })
      return wantsJson(c)
        ? c.json(
            { error: 'internal_error', message: 'Something went wrong on our side; it has been logged.' },
            500,
          )
        : c.html(errorPage(500, lang), 500)
    }
    const { status, body } = known
    if (error instanceof RateLimitedError) c.header('Retry-After', String(error.retryAfterSeconds))
    if (wantsJson(c)) return c.json(body, status)
    // A missing page gets the page's own words; other errors say what was wrong, in English where the
    // domain's (English) message can be shown as is, and in the status's own words otherwise.
    // The one exception is a body over its limit, whose page names the limit in every language.
    const detail =
      error instanceof BodyTooLarge
        ? PAGE_STRINGS[lang].tooLarge(error.limit)
        : status !== 404 && lang === 'en'
          ? body.message
          : undefined
    return c.html(errorPage(status, lang, detail), status)
  }
}

interface ClientError {
  status: ContentfulStatusCode
  body: { error: string; message: string; problems?: { field: string; problem: string }[] }
}

function clientError(error: Error): ClientError | undefined {
  if (error instanceof HTTPException) {
    if (error.status >= 500) return undefined
    const name = HTTP_ERROR_NAMES[error.status] ?? 'bad_request'
    const message = error.message || `The request could not be handled (${error.status}).`
    return { status: error.status, body: { error: name, message } }
  }
  if (error instanceof ValidationError) {
    return { status: 422, body: { error: 'invalid_input', message: error.message, problems: error.problems } }
  }
  if (error instanceof NotFoundError)
    return { status: 404, body: { error: 'not_found', message: error.message } }
  if (error instanceof ConflictError)
    return { status: 409, body: { error: 'conflict', message: error.message } }
  if (error instanceof RateLimitedError) {
    return { status: 429, body: { error: 'rate_limited', message: error.message } }
  }
  if (error instanceof TokenError)
    return { status: 400, body: { error: 'invalid_token', message: error.message } }
  if (error instanceof DomainError)
    return { status: 400, body: { error: 'bad_request', message: error.message } }
  return undefined
}

/** The API, a request that sent JSON (POST /subscribe takes JSON too), or one that accepts only JSON. */
function wantsJson(c: Context): boolean {
  const path = c.req.path
  if (path === '/api' || path.startsWith('/api/')) return true
  if (isJsonType(c.req.header('content-type'))) return true
  const accept = c.req.header('accept') ?? ''
  return accept.includes('json') && !accept.includes('html')
}
