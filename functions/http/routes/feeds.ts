import { Hono, type Context } from 'hono'
import { normaliseTag } from '../../core/article'
import type { AppDeps } from '../app-deps'
import type { FeedCache, FeedFormat, FeedRequest } from '../feed-cache'
import { sendRepresentation } from '../representation'
import { errorPage } from '../views/error-page'
import { pageLang } from '../views/page-strings'

const FILES: Record<string, FeedFormat> = { 'feed.xml': 'rss', 'atom.xml': 'atom', 'feed.json': 'json' }
// An ended month's archive does not grow any more (RFC 5005 archives "SHOULD NOT change").
const CLOSED_ARCHIVE_CACHE_CONTROL = 'public, max-age=2592000, stale-while-revalidate=2592000'

/** RSS 2.0, Atom 1.0 and JSON Feed 1.1: subscription feeds and monthly archives, overall and per tag. */
export function feedRoutes(deps: AppDeps, cache: FeedCache): Hono {
  const app = new Hono()

  const serve = async (c: Context, format: FeedFormat, request: FeedRequest) => {
    const feeds = await cache.get(request)
    if (feeds === undefined) return c.html(errorPage(404, pageLang(deps.publication.lang)), 404)
    return sendRepresentation(
      c,
      feeds[format],
      feeds.closed ? CLOSED_ARCHIVE_CACHE_CONTROL : deps.feeds.cacheControl,
    )
  }
  const tagOf = (c: Context) => normaliseTag(c.req.param('tag') ?? '')

  for (const [file, format] of Object.entries(FILES)) {
    app.get(`/${file}`, (c) => serve(c, format, {}))
    app.get(`/archive/:month/${file}`, (c) => serve(c, format, { archive: c.req.param('month') }))
    app.get(`/tags/:tag/${file}`, (c) => serve(c, format, { tag: tagOf(c) }))
    app.get(`/tags/:tag/archive/:month/${file}`, (c) =>
      serve(c, format, { tag: tagOf(c), archive: c.req.param('month') }),
    )
  }
  return app
}
