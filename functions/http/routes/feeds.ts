import { Hono } from 'hono'
import { normaliseTag } from '../../core/article'
import { FeedCache, type FeedFormat } from '../feed-cache'
import { FEED_CACHE_CONTROL, sendRepresentation } from '../representation'
import type { Deps } from '../../deps'

const FILES: Record<string, FeedFormat> = { 'feed.xml': 'rss', 'atom.xml': 'atom', 'feed.json': 'json' }

/** RSS 2.0, Atom 1.0 and JSON Feed 1.1, for the whole publication and per tag. */
export function feedRoutes(deps: Deps): Hono {
  const cache = new FeedCache(deps)
  const app = new Hono()
  for (const [file, format] of Object.entries(FILES)) {
    app.get(`/${file}`, async (c) => sendRepresentation(c, (await cache.get())[format], FEED_CACHE_CONTROL))
    app.get(`/tags/:tag/${file}`, async (c) => {
      const feeds = await cache.get(normaliseTag(c.req.param('tag')))
      return sendRepresentation(c, feeds[format], FEED_CACHE_CONTROL)
    })
  }
  return app
}
