import type { Context, MiddlewareHandler } from 'hono'
import { ValidationError } from '../core/errors'

/** application/json, or a structured +json type such as application/merge-patch+json. */
export const isJsonType = (contentType: string | undefined) =>
  /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i.test(contentType ?? '')

/**
 * Refuses a body that is not JSON before zValidator reads it (validate.ts): zValidator would read another
 * Content-Type as `{}` and report the schema's fields as missing, and would answer malformed JSON with a
 * bare 400. Here both are ValidationErrors naming `Content-Type` or `(body)` (a 422), never a SyntaxError
 * that would end as a 500. The parsed body stays in Hono's body cache, where zValidator reads it.
 */
export async function checkJsonBody(c: Context): Promise<void> {
  if (!isJsonType(c.req.header('content-type'))) {
    throw new ValidationError([{ field: 'Content-Type', problem: 'must be application/json' }])
  }
  try {
    await c.req.json()
  } catch {
    throw new ValidationError([{ field: '(body)', problem: 'is not valid JSON' }])
  }
}

/** checkJsonBody as a middleware. */
export const requireJson: MiddlewareHandler = async (c, next) => {
  await checkJsonBody(c)
  await next()
}
