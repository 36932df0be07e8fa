import { Hono, type Context } from 'hono'
import { publicationUrls, type Publication } from '../../core/publication'
import type { AppDeps } from '../app-deps'
import { Representation, sendRepresentation } from '../representation'
import type { SitemapCache } from '../sitemap-cache'
import { iconPng, iconSvg } from '../site-icon'
import { errorPage } from '../views/error-page'
import { pageLang } from '../views/page-strings'

// Crawlers fetch these now and then; a CDN may keep them a while, and the sitemap's ETag makes a
// re-fetch of an unchanged one a 304.
const SITEMAP_CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=3600'
const STATIC_CACHE_CONTROL = 'public, max-age=86400'
const STARTED = new Date()
const DEFAULT_THEME_COLOUR = '#0b57d0'
/** The tab's icon at 2x for a 16 px slot; iOS's home-screen icon size. */
export const FAVICON_PIXELS = 32
export const TOUCH_ICON_PIXELS = 180

/**
 * The files search engines and browsers look for at fixed paths: robots.txt, the sitemap (an index past
 * 50,000 URLs), the icon, the web manifest and, with INDEXNOW_KEY, the IndexNow key file `/<key>.txt`.
 * All but the sitemap follow from configuration alone, so they are made once, with their ETags.
 */
export function siteFileRoutes(deps: AppDeps, sitemaps: SitemapCache): Hono {
  const { publication } = deps
  const app = new Hono()
  const file = (content: string | Uint8Array, contentType: string) =>
    new Representation(content, contentType, STARTED)
  const serve = (representation: Representation) => (c: Context) =>
    sendRepresentation(c, representation, STATIC_CACHE_CONTROL)

  app.get('/robots.txt', serve(file(robotsTxt(publication), 'text/plain; charset=utf-8')))
  const colour = publication.themeColor ?? DEFAULT_THEME_COLOUR
  app.get('/favicon.svg', serve(file(iconSvg(colour), 'image/svg+xml')))
  app.get('/favicon.png', serve(file(iconPng(colour, FAVICON_PIXELS), 'image/png')))
  app.get('/apple-touch-icon.png', serve(file(iconPng(colour, TOUCH_ICON_PIXELS), 'image/png')))
  app.get(
    '/manifest.webmanifest',
    serve(file(JSON.stringify(webManifest(publication)), 'application/manifest+json; charset=utf-8')),
  )
  if (deps.indexNowKey !== undefined) {
    // IndexNow fetches it to check that whoever pings for this host controls the site.
    app.get(`/${deps.indexNowKey}.txt`, serve(file(deps.indexNowKey, 'text/plain; charset=utf-8')))
  }

  app.get('/sitemap.xml', async (c) =>
    sendRepresentation(c, (await sitemaps.get()).root, SITEMAP_CACHE_CONTROL),
  )
  app.get('/sitemaps/:part{[1-9][0-9]{0,5}\\.xml}', async (c) => {
    const part = (await sitemaps.get()).parts[Number.parseInt(c.req.param('part'), 10) - 1]
    if (part === undefined) return c.html(errorPage(404, pageLang(publication.lang)), 404)
    return sendRepresentation(c, part, SITEMAP_CACHE_CONTROL)
  })
  return app
}

/**
 * Everything may be crawled but the admin API and the pages reached from a subscriber's emailed link (they
 * carry a personal token and say nothing to a search engine); the sitemap is named for engines that do
 * not take submissions.
 */
export function robotsTxt(publication: Publication): string {
  return [
    'User-agent: *',
    'Disallow: /api/',
    'Disallow: /confirm',
    'Disallow: /preferences',
    'Disallow: /unsubscribe',
    'Disallow: /digests/test-link',
    '',
    `Sitemap: ${publicationUrls(publication).sitemap()}`,
    '',
  ].join('\n')
}

/** The web app manifest: name, language, colours and the icon, for "add to home screen" and browsers' UI. */
export function webManifest(publication: Publication) {
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(publication.title)]
  const colour = publication.themeColor ?? DEFAULT_THEME_COLOUR
  return {
    name: publication.title,
    // Launchers show about 12 characters under an icon.
    short_name: graphemes
      .slice(0, 12)
      .map((g) => g.segment)
      .join('')
      .trim(),
    description: publication.description,
    lang: publication.lang,
    start_url: publicationUrls(publication).home,
    scope: publicationUrls(publication).home,
    display: 'browser',
    theme_color: colour,
    background_color: '#ffffff',
    icons: [{ src: `${publication.siteUrl}/favicon.svg`, sizes: 'any', type: 'image/svg+xml' }],
  }
}
