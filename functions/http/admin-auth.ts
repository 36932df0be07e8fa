import { createHash, timingSafeEqual } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'

const digest = (value: string) => createHash('sha256').update(value).digest()

/**
 * Requires `Authorization: Bearer <token>`. Both sides are hashed first so the comparison takes the same
 * time whatever the length or content of the guess. Anything else is a 401 with a JSON body.
 */
export function requireAdminToken(token: string): MiddlewareHandler {
  const expected = digest(token)
  return async (c, next) => {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')
    if (match === null || !timingSafeEqual(digest(match[1]!), expected)) {
      c.header('WWW-Authenticate', 'Bearer realm="pressroom-admin"')
      return c.json(
        { error: 'unauthorized', message: 'Send the admin token as "Authorization: Bearer <token>".' },
        401,
      )
    }
    await next()
  }
}
