import type { FeedCache, FeedFormat, FeedSet } from './feed-cache'
import { representationResponse, type HeaderReader } from './representation'

const SUBSCRIPTION_FEEDS: Record<string, FeedFormat> = {
  '/feed.xml': 'rss',
  '/atom.xml': 'atom',
  '/feed.json': 'json',
}

/**
 * The publication's three subscription feeds answered before Hono's router: they are what feed readers
 * poll, mostly with If-None-Match, and routing plus Hono's context cost more than answering a cached 304
 * (bench: a plain fetch handler answers 304s at 0.9 of a bare node:http server, Hono at 0.7). The same
 * function serves `npm start` and Lambda (both call app.fetch). Anything else, and any error, goes to Hono,
 * whose feed routes answer the same way.
 */
export function feedFastPath(
  request: Request,
  env: unknown,
  cache: FeedCache,
  cacheControl: string,
): Response | Promise<Response> | undefined {
  if (request.method !== 'GET' && request.method !== 'HEAD') return undefined
  const url = request.url
  const pathStart = url.indexOf('/', url.indexOf('//') + 2)
  if (pathStart === -1) return undefined
  const queryStart = url.indexOf('?', pathStart)
  const format = SUBSCRIPTION_FEEDS[url.slice(pathStart, queryStart === -1 ? undefined : queryStart)]
  if (format === undefined || queryStart !== -1) return undefined
  const respond = (feeds: FeedSet | undefined) => {
    if (feeds === undefined) throw new Error('subscription feeds always exist')
    const response = representationResponse(headerReader(request, env), feeds[format], cacheControl)
    return request.method === 'HEAD' ? new Response(null, response) : response
  }
  // Built and fresh: answer now, without a promise; otherwise read the version (and build) first.
  const ready = cache.peek()
  return ready !== undefined ? respond(ready) : cache.get().then(respond)
}

/**
 * Under @hono/node-server the incoming message's headers are already parsed by Node; reading them there
 * spares building a Headers object for every poll. Elsewhere (Lambda), the Request's own headers.
 */
function headerReader(request: Request, env: unknown): HeaderReader {
  const incoming = (
    env as { incoming?: { headers?: Record<string, string | string[] | undefined> } } | undefined
  )?.incoming?.headers
  if (incoming === undefined) return (name) => request.headers.get(name) ?? undefined
  return (name) => {
    const value = incoming[name]
    return Array.isArray(value) ? value.join(', ') : value
  }
}
