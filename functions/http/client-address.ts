import type { Context } from 'hono'

/**
 * The caller's address for rate limiting. On AWS the request comes through CloudFront, so API Gateway's
 * sourceIp is an edge server: CloudFront's CloudFront-Viewer-Address ("ip:port") names the reader.
 * Anyone calling the API's own URL directly could forge that header, which at worst spreads their requests
 * over many per-client counters; the per-address limit still holds. Under @hono/node-server, the socket.
 */
export function clientAddress(c: Context): string {
  const env = c.env as
    | {
        requestContext?: { http?: { sourceIp?: string } }
        incoming?: { socket?: { remoteAddress?: string } }
      }
    | undefined
  if (env?.requestContext !== undefined) {
    const viewer = c.req.header('cloudfront-viewer-address')
    if (viewer) return viewer.replace(/:\d+$/, '')
    return env.requestContext.http?.sourceIp ?? 'unknown'
  }
  return env?.incoming?.socket?.remoteAddress ?? 'unknown'
}
