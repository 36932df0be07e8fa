import { Hono, type Context } from 'hono'
import { publicationUrls, type Publication } from '../../core/publication'
import type { AppDeps } from '../app-deps'
import { Representation, sendRepresentation } from '../representation'
import type { SitemapCache } from '../sitemap-cache'
import { errorPage } from '../views/error-page'
import { pageLang } from '../views/page-strings'

// Crawlers fetch these now and then; a CDN may keep them a while, and the sitemap's ETag makes a
// re-fetch of an unchanged one a 304.
const SITEMAP_CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=3600'
const STATIC_CACHE_CONTROL = 'public, max-age=86400'
const STARTED = new Date()

/**
 * The files search engines and browsers look for at fixed paths: robots.txt, the sitemap (an index past
 * 50,000 URLs), the icon, the web manifest and, with INDEXNOW_KEY, the IndexNow key file `/<key>.txt`.
 * All but the sitemap follow from configuration alone, so they are made once, with their ETags.
 */
export function siteFileRoutes(deps: AppDeps, sitemaps: SitemapCache): Hono {
  const { publication } = deps
  const app = new Hono()
  const file = (text: string, contentType: string) => new Representation(text, contentType, STARTED)
  const serve = (representation: Representation) => (c: Context) =>
    sendRepresentation(c, representation, STATIC_CACHE_CONTROL)

  app.get('/robots.txt', serve(file(robotsTxt(publication), 'text/plain; charset=utf-8')))
  app.get('/favicon.svg', serve(file(faviconSvg(publication), 'image/svg+xml')))
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

/**
 * A vector icon, sharp at every size: a page (a headline and three lines of text) in white on the theme
 * colour. Shapes only, no <text>: Chromium decodes a page's SVG favicon on the page's own main thread, and
 * a letter there (the title's initial, as this icon once drew) costs a font lookup per size and a fallback
 * search for Hangul, about 50 font calls and a 35-70 ms task after first paint in a trace, most of the
 * Total Blocking Time Lighthouse counted on the article and home pages (docs/decisions/017).
 */
export function faviconSvg(publication: Publication): string {
  const colour = publication.themeColor ?? '#0b57d0'
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">' +
    `<rect width="64" height="64" rx="12" fill="${colour}"/>` +
    '<path fill="#fff" d="M14 14h36v9H14zM14 30h36v5H14zM14 40h36v5H14zM14 50h24v5H14z"/></svg>'
  )
}

/** The web app manifest: name, language, colours and the icon, for "add to home screen" and browsers' UI. */
export function webManifest(publication: Publication) {
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(publication.title)]
  const colour = publication.themeColor ?? '#0b57d0'
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
