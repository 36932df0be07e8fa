import type { Context } from 'hono'

/**
 * The caller's address for rate limiting, from whichever runtime serves the app: API Gateway's
 * requestContext on Lambda, the socket under @hono/node-server. Never a client-supplied header.
 */
export function clientAddress(c: Context): string {
  const env = c.env as
    | {
        requestContext?: { http?: { sourceIp?: string } }
        incoming?: { socket?: { remoteAddress?: string } }
      }
    | undefined
  return env?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? 'unknown'
}
