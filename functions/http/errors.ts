import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { ConflictError, DomainError, NotFoundError, RateLimitedError, ValidationError } from '../core/errors'
import { TokenError } from '../core/tokens'
import { logger } from '../log'
import { errorPage } from './views/error-page'

/** The one place where errors become HTTP: JSON under /api, HTML pages elsewhere; a 5xx never shows internals. */
export function handleError(error: Error, c: Context): Response {
  const api = c.req.path.startsWith('/api/') || c.req.path === '/api'
  if (error instanceof HTTPException) {
    if (error.res !== undefined) return error.res
    return api
      ? c.json({ error: 'bad_request', message: error.message }, error.status)
      : c.html(errorPage(error.status, error.message), error.status)
  }
  if (error instanceof ValidationError) {
    return c.json({ error: 'invalid_input', message: error.message, problems: error.problems }, 422)
  }
  if (error instanceof NotFoundError) {
    return api ? c.json({ error: 'not_found', message: error.message }, 404) : c.html(errorPage(404), 404)
  }
  if (error instanceof ConflictError) return c.json({ error: 'conflict', message: error.message }, 409)
  if (error instanceof RateLimitedError) {
    c.header('Retry-After', String(error.retryAfterSeconds))
    return c.json({ error: 'rate_limited', message: error.message }, 429)
  }
  if (error instanceof TokenError) return c.json({ error: 'invalid_token', message: error.message }, 400)
  if (error instanceof DomainError) return c.json({ error: 'bad_request', message: error.message }, 400)

  // Powertools formats the error (name, message, stack); on Lambda the entry carries the request id.
  logger.error('unhandled error', { path: c.req.path, error })
  return api
    ? c.json(
        { error: 'internal_error', message: 'Something went wrong on our side; it has been logged.' },
        500,
      )
    : c.html(errorPage(500), 500)
}
