import type { FeedCache, FeedFormat, FeedSet } from './feed-cache'
import { answerResponse, representationAnswer, type Answer, type HeaderReader } from './representation'

const SUBSCRIPTION_FEEDS: Record<string, FeedFormat> = {
  '/feed.xml': 'rss',
  '/atom.xml': 'atom',
  '/feed.json': 'json',
}

/**
 * Answers a poll of one of the three subscription feeds, or undefined for any other request. `target` is
 * the request's path with its query; a query sends the request to Hono's routes like anything else.
 */
export type FeedPollAnswerer = (
  method: string | undefined,
  target: string,
  header: HeaderReader,
) => Answer | Promise<Answer> | undefined

/**
 * The publication's three subscription feeds answered before Hono's router: they are what feed readers
 * poll, mostly with If-None-Match, and routing plus Hono's context cost more than answering a cached 304.
 * Plain data in, plain data out, so each server adapter sends it its own way: `feedFastPath` below for
 * fetch (Lambda), `node-listener.ts` for node:http (`npm start`). Anything else, and any error, goes to
 * Hono, whose feed routes answer the same way.
 */
export function feedPollAnswerer(cache: FeedCache, cacheControl: string): FeedPollAnswerer {
  return (method, target, header) => {
    if (method !== 'GET' && method !== 'HEAD') return undefined
    const format = SUBSCRIPTION_FEEDS[target]
    if (format === undefined) return undefined
    const answer = (feeds: FeedSet | undefined) => {
      if (feeds === undefined) throw new Error('subscription feeds always exist')
      return representationAnswer(header, feeds[format], cacheControl)
    }
    // Built and fresh: answer now, without a promise; otherwise read the version (and build) first.
    const ready = cache.peek()
    return ready !== undefined ? answer(ready) : cache.get().then(answer)
  }
}

/** The fetch adapter: a Response for a subscription-feed poll, or undefined to let Hono route it. */
export function feedFastPath(
  request: Request,
  env: unknown,
  answerPoll: FeedPollAnswerer,
): Response | Promise<Response> | undefined {
  const url = request.url
  const pathStart = url.indexOf('/', url.indexOf('//') + 2)
  if (pathStart === -1) return undefined
  const head = request.method === 'HEAD'
  const answer = answerPoll(request.method, url.slice(pathStart), headerReader(request, env))
  if (answer === undefined) return undefined
  return answer instanceof Promise
    ? answer.then((ready) => answerResponse(ready, head))
    : answerResponse(answer, head)
}

/**
 * Under @hono/node-server the incoming message's headers are already parsed by Node; reading them there
 * spares building a Headers object for every poll. Elsewhere (Lambda), the Request's own headers.
 */
function headerReader(request: Request, env: unknown): HeaderReader {
  const incoming = (
    env as { incoming?: { headers?: Record<string, string | string[] | undefined> } } | undefined
  )?.incoming?.headers
  return incoming === undefined
    ? (name) => request.headers.get(name) ?? undefined
    : nodeHeaderReader(incoming)
}

/** Reads Node's parsed request headers (lower-case names; repeated ones joined as HTTP allows). */
export function nodeHeaderReader(headers: Record<string, string | string[] | undefined>): HeaderReader {
  return (name) => {
    const value = headers[name]
    return Array.isArray(value) ? value.join(', ') : value
  }
}
