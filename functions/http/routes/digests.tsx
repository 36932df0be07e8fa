import { Hono } from 'hono'
import type { DigestStore } from '../../core/ports'
import type { Publication } from '../../core/publication'
import { TEST_DIGEST_ID } from '../../core/digest'
import { webVersionHtml } from '../../email/web-version'
import { Layout } from '../views/layout'
import { errorPage } from '../views/error-page'
import { formatDate } from '../views/format-date'
import { PAGE_STRINGS, pageLang } from '../views/page-strings'

/**
 * The public web versions of digests ("view in browser") and their archive. A web version is the variant
 * as compiled, for an anonymous reader (email/web-version.ts): no greeting, no personal link.
 */
export function digestPageRoutes(deps: { digests: DigestStore; publication: Publication }): Hono {
  const { digests, publication } = deps
  const lang = pageLang(publication.lang)
  const app = new Hono()

  app.get('/digests', async (c) => {
    const page = await digests.listDigests({ limit: 50 })
    const sent = page.items.filter((digest) => digest.state !== 'planning')
    const withVariants = await Promise.all(
      sent.map(async (digest) => ({ digest, variants: await digests.listVariants(digest.id) })),
    )
    const t = PAGE_STRINGS[lang]
    c.header('Cache-Control', 'public, max-age=300')
    return c.html(
      '<!doctype html>' +
      (
        <Layout
          publication={publication}
          title={`${t.digestArchive} · ${publication.title}`}
          lang={lang}
          canonical={`${publication.siteUrl}/digests`}
        >
          <h1>{t.digestArchive}</h1>
          {withVariants.length === 0 ? <p>{t.noDigest}</p> : null}
          <ul>
            {withVariants.flatMap(({ digest, variants }) =>
              variants.map((variant) => (
                <li lang={variant.lang}>
                  <a href={`${publication.siteUrl}/digests/${digest.id}/${variant.id}`}>{variant.subject}</a>{' '}
                  <span class="meta">
                    {t.digestCadences[digest.cadence]} ·{' '}
                    {formatDate(digest.createdAt, lang, publication.timeZone)}
                  </span>
                </li>
              )),
            )}
          </ul>
        </Layout>
      ),
    )
  })

  // Where a test digest's settings and unsubscribe links lead (preview.ts says why not to the real pages).
  app.get('/digests/test-link', (c) => {
    const t = PAGE_STRINGS[lang]
    const link = c.req.query('for')
    const explains =
      link === 'preferences' || link === 'unsubscribe' ? t.testExplains[link] : t.testExplains.other
    c.header('X-Robots-Tag', 'noindex')
    return c.html(
      '<!doctype html>' +
      (
        <Layout publication={publication} title={`${t.testLink} · ${publication.title}`} lang={lang}>
          <h1>{t.testLink}</h1>
          <p>{explains}</p>
          <p>{t.testChangesNothing}</p>
          <p>
            <a href={`${publication.siteUrl}/subscribe`}>{t.subscribe}</a>
          </p>
        </Layout>
      ),
    )
  })

  app.get('/digests/:id/:variant', async (c) => {
    const variant = await digests.getVariant(c.req.param('id'), c.req.param('variant'))
    if (variant === undefined) return c.html(errorPage(404, lang), 404)
    // A test send's web version is for its recipient only (preview.ts); every other one is public.
    if (c.req.param('id') === TEST_DIGEST_ID) {
      c.header('Cache-Control', 'private, max-age=3600')
      c.header('X-Robots-Tag', 'noindex')
    } else c.header('Cache-Control', 'public, max-age=3600')
    return c.html(webVersionHtml(variant, publication, `${publication.siteUrl}/subscribe`))
  })

  return app
}
