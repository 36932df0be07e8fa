import { Hono } from 'hono'
import type { DigestStore } from '../../core/ports'
import type { Publication } from '../../core/publication'
import { TEST_DIGEST_ID } from '../../core/digest'
import { webVersionHtml } from '../../email/web-version'
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
    testLink: 'A link from a test digest',
    testExplains: {
      preferences:
        "You opened the settings link of a test digest. In a real digest it opens the reader's own subscription settings.",
      unsubscribe:
        'You opened the unsubscribe link of a test digest. In a real digest it unsubscribes the reader in one click.',
      other: "You opened a personal link of a test digest. In a real digest it is the reader's own.",
    },
    testChangesNothing: "A test digest changes nobody's subscription, including yours.",
    subscribe: 'Subscribe',
  },
  ko: {
    archive: '지난 뉴스레터',
    none: '아직 보낸 뉴스레터가 없습니다.',
    daily: '매일',
    weekly: '주간',
    instant: '새 글',
    testLink: '테스트 뉴스레터의 링크',
    testExplains: {
      preferences:
        '테스트 뉴스레터의 구독 설정 링크를 여셨습니다. 실제 뉴스레터에서는 받는 분의 구독 설정 페이지가 열립니다.',
      unsubscribe:
        '테스트 뉴스레터의 구독 해지 링크를 여셨습니다. 실제 뉴스레터에서는 한 번에 구독이 해지됩니다.',
      other: '테스트 뉴스레터의 개인 링크를 여셨습니다. 실제 뉴스레터에서는 받는 분마다 다른 링크입니다.',
    },
    testChangesNothing: '테스트 뉴스레터는 누구의 구독도 바꾸지 않습니다.',
    subscribe: '구독하기',
  },
}

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
    const t = STRINGS[lang]
    c.header('Cache-Control', 'public, max-age=300')
    return c.html(
      '<!doctype html>' +
      (
        <Layout
          publication={publication}
          title={`${t.archive} · ${publication.title}`}
          lang={lang}
          canonical={`${publication.siteUrl}/digests`}
        >
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

  // Where a test digest's settings and unsubscribe links lead (preview.ts says why not to the real pages).
  app.get('/digests/test-link', (c) => {
    const t = STRINGS[lang]
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
    if (variant === undefined) return c.html(errorPage(404), 404)
    // A test send's web version is for its recipient only (preview.ts); every other one is public.
    if (c.req.param('id') === TEST_DIGEST_ID) {
      c.header('Cache-Control', 'private, max-age=3600')
      c.header('X-Robots-Tag', 'noindex')
    } else c.header('Cache-Control', 'public, max-age=3600')
    return c.html(webVersionHtml(variant, publication, `${publication.siteUrl}/subscribe`))
  })

  return app
}
