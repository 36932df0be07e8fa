import { createHash, timingSafeEqual } from 'node:crypto'
import type { Context } from 'hono'

/** The header CloudFront adds to every request it sends the API, with a secret value (infra/constructs/cdn.ts). */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify'

/**
 * The caller's address for rate limiting. On AWS the request comes through CloudFront, so API Gateway's
 * sourceIp is an edge server: CloudFront's CloudFront-Viewer-Address ("ip:port") names the reader. Anyone
 * calling the API's own execute-api URL could forge that header and spread their requests over as many
 * per-client counters as they like, so it is believed only when the request also carries CloudFront's
 * secret X-Origin-Verify, one of `originVerify` (the current value, and the previous one while a rotation
 * reaches every edge); otherwise the address is the connection's. Under @hono/node-server, the socket.
 */
export function clientAddress(c: Context, originVerify?: readonly string[]): string {
  const env = c.env as
    | {
        requestContext?: { http?: { sourceIp?: string } }
        incoming?: { socket?: { remoteAddress?: string } }
      }
    | undefined
  if (env?.requestContext !== undefined) {
    const viewer = c.req.header('cloudfront-viewer-address')
    // Without the secret configured, nothing shows the header came from CloudFront: it is not believed.
    const given = c.req.header(ORIGIN_VERIFY_HEADER)
    const fromCloudFront = originVerify?.some((secret) => sameSecret(given, secret)) ?? false
    if (viewer && fromCloudFront) return viewer.replace(/:\d+$/, '')
    return env.requestContext.http?.sourceIp ?? 'unknown'
  }
  return env?.incoming?.socket?.remoteAddress ?? 'unknown'
}

/** Compares digests, so the time taken says nothing about how much of the secret a guess got right. */
function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false
  const digest = (value: string) => createHash('sha256').update(value).digest()
  return timingSafeEqual(digest(given), digest(expected))
}
