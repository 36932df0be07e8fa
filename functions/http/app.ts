import { Hono } from 'hono'
import { compress } from 'hono/compress'
import { etag } from 'hono/etag'
import { secureHeaders } from 'hono/secure-headers'
import type { AppDeps } from './app-deps'
import { bodyLimits } from './body-limits'
import { errorHandler } from './errors'
import { FeedCache } from './feed-cache'
import { feedFastPath, feedPollAnswerer, type FeedPollAnswerer } from './feed-fast-path'
import { deskRoutes } from './desk/routes'
import { adminArticleRoutes } from './routes/admin-articles'
import { adminSubscriberRoutes } from './routes/admin-subscribers'
import { feedRoutes } from './routes/feeds'
import { adminDigestRoutes } from './routes/admin-digests'
import { digestPageRoutes } from './routes/digests'
import { mediaRoutes } from './routes/media'
import { listPageHtml, pageRoutes } from './routes/pages'
import { siteFileRoutes } from './routes/site-files'
import { subscriptionRoutes } from './routes/subscription'
import { SitemapCache } from './sitemap-cache'
import { errorPage } from './views/error-page'
import { listenAll } from '../adapters/listen-all'

export { listenAll }
import { pageLang } from './views/page-strings'

/** The Hono app plus its feed-poll answerer, which the node:http adapter calls directly (node-listener.ts). */
export type PressroomApp = Hono & { answerFeedPoll: FeedPollAnswerer }

/** The whole HTTP surface; `npm start` serves it with node-listener.ts and Lambda through hono/aws-lambda. */
export interface AppOptions {
  /** URLs per sitemap before /sitemap.xml becomes an index; tests pass a small one. @default 50,000 */
  sitemapMaxUrls?: number
}

export function createApp(deps: AppDeps, options: AppOptions = {}): PressroomApp {
  const app = new Hono({ strict: true })
  const lang = pageLang(deps.publication.lang)
  app.onError(errorHandler(lang))
  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? c.json({ error: 'not_found', message: `No route ${c.req.method} ${c.req.path}` }, 404)
      : c.html(errorPage(404, lang), 404),
  )

  const feedCache = new FeedCache(deps, {
    hubs: deps.feeds.hubs,
    versionTtlMs: deps.feeds.versionTtlMs,
    // Home and tag pages list the same articles as the feeds: built with them, once per change.
    listPage: (articles, tag, entries) => listPageHtml(deps.publication, articles, tag, entries),
  })
  const sitemaps = new SitemapCache(deps, () => feedCache.currentVersion(), {
    ...(options.sitemapMaxUrls !== undefined && { maxUrls: options.sitemapMaxUrls }),
  })
  // Feeds come first, before the middleware below: they are the hot path, carry their own validators and
  // precompressed variants, and are not HTML, so security headers for pages and on-the-fly gzip add nothing.
  app.route('/', feedRoutes(deps, feedCache))

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ['*', 'data:'],
        styleSrc: ["'unsafe-inline'"],
      },
    }),
  )
  app.use('*', compress())
  app.use('*', bodyLimits())
  // Writes through this app refresh its own feed cache at once, then tell the hubs.
  const feedListener = listenAll([feedCache, deps.feedListener])
  app.route('/api', adminSubscriberRoutes(deps))
  app.route('/api', adminDigestRoutes(deps))
  app.route('/api', adminArticleRoutes({ ...deps, feedListener }))
  app.route('/admin', deskRoutes({ ...deps, feedListener }))
  // Pages are small and rendered per request; a hash of the body is a cheap, correct validator for them.
  app.use('/', etag())
  app.use('/articles/*', etag())
  app.use('/tags/*', etag())
  app.route('/', subscriptionRoutes(deps))
  app.route('/', digestPageRoutes(deps))
  app.route('/', pageRoutes(deps, feedCache))
  app.route('/', siteFileRoutes(deps, sitemaps))
  app.route('/', mediaRoutes(deps))
  // Subscription feeds are answered before the router (see feed-fast-path.ts); errors fall back to Hono.
  const answerFeedPoll = feedPollAnswerer(feedCache, deps.feeds.cacheControl)
  const route = app.fetch
  app.fetch = (request, ...rest) => {
    try {
      const fast = feedFastPath(request, rest[0], answerFeedPoll)
      if (fast === undefined) return route(request, ...rest)
      return fast instanceof Promise ? fast.catch(() => route(request, ...rest)) : fast
    } catch {
      return route(request, ...rest)
    }
  }
  return Object.assign(app, { answerFeedPoll })
}
