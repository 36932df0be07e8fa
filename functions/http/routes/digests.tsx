import { Hono } from 'hono'
import type { DigestStore } from '../../core/ports'
import type { Publication } from '../../core/publication'
import { Layout } from '../views/layout'
import { errorPage } from '../views/error-page'
import { formatDate } from '../views/format-date'
import { pageLang } from '../views/subscription-strings'

const STRINGS = {
  en: {
    archive: 'Past digests',
    none: 'No digest has gone out yet.',
    daily: 'Daily',
    weekly: 'Weekly',
    instant: 'New article',
  },
  ko: {
    archive: '지난 뉴스레터',
    none: '아직 보낸 뉴스레터가 없습니다.',
    daily: '매일',
    weekly: '주간',
    instant: '새 글',
  },
}

/**
 * The public web versions of digests ("view in browser") and their archive. A web version is the variant
 * as compiled, with the personal links replaced by the public subscribe page: nothing personal is shown.
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
    const t = STRINGS[lang]
    c.header('Cache-Control', 'public, max-age=300')
    return c.html(
      '<!doctype html>' +
      (
        <Layout publication={publication} title={`${t.archive} · ${publication.title}`} lang={lang}>
          <h1>{t.archive}</h1>
          {withVariants.length === 0 ? <p>{t.none}</p> : null}
          <ul>
            {withVariants.flatMap(({ digest, variants }) =>
              variants.map((variant) => (
                <li lang={variant.lang}>
                  <a href={`${publication.siteUrl}/digests/${digest.id}/${variant.id}`}>{variant.subject}</a>{' '}
                  <span class="meta">
                    {t[digest.cadence]} · {formatDate(digest.createdAt, lang)}
                  </span>
                </li>
              )),
            )}
          </ul>
        </Layout>
      ),
    )
  })

  app.get('/digests/:id/:variant', async (c) => {
    const variant = await digests.getVariant(c.req.param('id'), c.req.param('variant'))
    if (variant === undefined) return c.html(errorPage(404), 404)
    const subscribeUrl = `${publication.siteUrl}/subscribe`
    const html = variant.html
      .replaceAll('{{unsubscribeUrl}}', subscribeUrl)
      .replaceAll('{{preferencesUrl}}', subscribeUrl)
      .replaceAll('{{greetingName}}', '')
    c.header('Cache-Control', 'public, max-age=3600')
    return c.html(html)
  })

  return app
}
