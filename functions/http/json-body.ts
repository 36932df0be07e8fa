import type { Context } from 'hono'
import { ValidationError } from '../core/errors'

/** application/json, or a structured +json type such as application/merge-patch+json. */
export const isJsonType = (contentType: string | undefined) =>
  /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i.test(contentType ?? '')

/**
 * The request's body as JSON. Another Content-Type, or text that is not JSON, is a ValidationError naming
 * `Content-Type` or `(body)` (a 422), never a SyntaxError that would end as a 500.
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  if (!isJsonType(c.req.header('content-type'))) {
    throw new ValidationError([{ field: 'Content-Type', problem: 'must be application/json' }])
  }
  const text = await c.req.text()
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new ValidationError([{ field: '(body)', problem: 'is not valid JSON' }])
  }
}
