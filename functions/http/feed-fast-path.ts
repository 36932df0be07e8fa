import type { FeedCache, FeedFormat, FeedSet } from './feed-cache'
import { representationResponse } from './representation'

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
    const response = representationResponse(request.headers, feeds[format], cacheControl)
    return request.method === 'HEAD' ? new Response(null, response) : response
  }
  // Built and fresh: answer now, without a promise; otherwise read the version (and build) first.
  const ready = cache.peek()
  return ready !== undefined ? respond(ready) : cache.get().then(respond)
}
