import { Hono, type Context } from 'hono'
import { RateLimitedError, ValidationError } from '../../core/errors'
import type { Publication } from '../../core/publication'
import {
  confirm,
  subscribe,
  subscriberForToken,
  subscriberLinks,
  unsubscribe,
  updatePreferences,
  type SubscriptionDeps,
} from '../../core/subscriptions'
import { TokenError } from '../../core/tokens'
import { clientAddress } from '../client-address'
import {
  MessagePage,
  PreferencesPage,
  SubscribeForm,
  type MessagePageProps,
} from '../views/subscription-pages'
import { Layout } from '../views/layout'
import { PAGE_STRINGS, pageLang, type PageLang } from '../views/subscription-strings'

const html = (c: Context, node: unknown, status: 200 | 400 | 422 | 429 = 200) => {
  c.header('Cache-Control', 'no-store')
  c.header('Referrer-Policy', 'no-referrer') // tokens are in these URLs: never leak them to other sites
  return c.html(`<!doctype html>${String(node)}`, status)
}

/**
 * Subscribe, confirm, preferences, unsubscribe. Every GET only shows a page; every change happens on a POST,
 * so a mail scanner that fetches each link changes nothing. Besides the core's needs, `originVerify` tells
 * CloudFront's requests from direct ones (client-address.ts).
 */
export function subscriptionRoutes(deps: SubscriptionDeps & { originVerify?: readonly string[] }): Hono {
  const { publication } = deps
  const app = new Hono()
  const t = (lang: PageLang) => PAGE_STRINGS[lang]
  const defaultLang = pageLang(publication.lang)
  /** A page with a heading, a line of text, and a button (a POST with the token) or links. */
  const message = (
    c: Context,
    lang: PageLang,
    page: Omit<MessagePageProps, 'publication' | 'lang'>,
    status?: 400 | 429,
  ) => html(c, <MessagePage publication={publication} lang={lang} {...page} />, status)
  const invalid = (c: Context, lang: PageLang) =>
    message(
      c,
      lang,
      {
        heading: t(lang).invalidLink,
        text: t(lang).invalidLinkText,
        links: [{ href: '/', label: t(lang).home }],
      },
      400,
    )

  app.post('/subscribe', async (c) => {
    const json = isJson(c)
    const body = json ? await c.req.json().catch(() => null) : await c.req.parseBody()
    if (body === null) throw new ValidationError([{ field: '(body)', problem: 'is not valid JSON' }])
    const lang = pageLang(String((body as Record<string, unknown>).lang ?? publication.lang))
    try {
      await subscribe(deps, body, clientAddress(c, deps.originVerify))
    } catch (error) {
      if (json) throw error
      if (error instanceof ValidationError) {
        const values = body as Record<string, string>
        return html(
          c,
          <SubscribePage
            publication={publication}
            lang={lang}
            values={{
              ...values,
              topics: values.topics ? [values.topics] : [],
              deliveryHour: Number(values.deliveryHour) || 8,
            }}
            problems={error.problems}
          />,
          422,
        )
      }
      if (error instanceof RateLimitedError) {
        c.header('Retry-After', String(error.retryAfterSeconds))
        return message(c, lang, { heading: t(lang).tooMany, text: t(lang).tooManyText }, 429)
      }
      throw error
    }
    // The same answer whether the address was new, pending, confirmed or suppressed: no enumeration.
    if (json)
      return c.json(
        { status: 'accepted', message: 'If the address can subscribe, a confirmation email is on its way.' },
        202,
      )
    return message(c, lang, { heading: t(lang).checkInbox, text: t(lang).checkInboxText })
  })

  app.get('/subscribe', (c) => html(c, <SubscribePage publication={publication} lang={defaultLang} />))

  app.get('/confirm', async (c) => {
    const token = c.req.query('token') ?? ''
    const subscriber = await readOrUndefined(() => subscriberForToken(deps, token, 'confirm'))
    if (subscriber === undefined) return invalid(c, defaultLang)
    const lang = subscriber.lang
    if (subscriber.state === 'confirmed') {
      return message(c, lang, {
        heading: t(lang).confirmed,
        text: t(lang).alreadyConfirmed,
        links: [{ href: subscriberLinks(deps, subscriber).preferencesUrl, label: t(lang).managePreferences }],
      })
    }
    if (subscriber.state !== 'pending') return invalid(c, lang)
    return message(c, lang, {
      heading: t(lang).confirmHeading,
      text: t(lang).confirmText,
      action: { url: '/confirm', token, label: t(lang).confirmButton },
    })
  })

  app.post('/confirm', async (c) => {
    const token = await formToken(c)
    const result = await readOrUndefined(() => confirm(deps, token))
    if (result === undefined || result.outcome === 'invalid' || result.subscriber === undefined)
      return invalid(c, defaultLang)
    const lang = result.subscriber.lang
    return message(c, lang, {
      heading: t(lang).confirmed,
      text: result.outcome === 'already' ? t(lang).alreadyConfirmed : t(lang).confirmedText,
      links: [
        { href: subscriberLinks(deps, result.subscriber).preferencesUrl, label: t(lang).managePreferences },
        { href: '/', label: t(lang).home },
      ],
    })
  })

  app.get('/preferences', async (c) => {
    const token = c.req.query('token') ?? ''
    const subscriber = await readOrUndefined(() => subscriberForToken(deps, token, 'manage'))
    if (subscriber === undefined || subscriber.state !== 'confirmed')
      return invalid(c, subscriber?.lang ?? defaultLang)
    return html(
      c,
      <PreferencesPage
        publication={publication}
        subscriber={subscriber}
        token={token}
        unsubscribeToken={unsubscribeToken(deps, subscriber)}
      />,
    )
  })

  app.post('/preferences', async (c) => {
    const body = await c.req.parseBody()
    const token = typeof body.token === 'string' ? body.token : ''
    try {
      const result = await readOrUndefined(() => updatePreferences(deps, token, body))
      if (result === undefined || result.subscriber === undefined) return invalid(c, defaultLang)
      return html(
        c,
        <PreferencesPage
          publication={publication}
          subscriber={result.subscriber}
          token={token}
          unsubscribeToken={unsubscribeToken(deps, result.subscriber)}
          saved
        />,
      )
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const subscriber = await readOrUndefined(() => subscriberForToken(deps, token, 'manage'))
      if (subscriber === undefined) return invalid(c, defaultLang)
      return html(
        c,
        <PreferencesPage
          publication={publication}
          subscriber={subscriber}
          token={token}
          unsubscribeToken={unsubscribeToken(deps, subscriber)}
          problems={error.problems}
        />,
        422,
      )
    }
  })

  app.get('/unsubscribe', async (c) => {
    const token = c.req.query('token') ?? ''
    const subscriber = await readOrUndefined(() => subscriberForToken(deps, token, 'unsubscribe'))
    if (subscriber === undefined) return invalid(c, defaultLang)
    const lang = subscriber.lang
    if (subscriber.state === 'unsubscribed' || subscriber.state === 'suppressed') {
      return message(c, lang, { heading: t(lang).unsubscribed, text: t(lang).unsubscribedText })
    }
    return message(c, lang, {
      heading: t(lang).unsubscribeHeading,
      text: t(lang).unsubscribeText,
      action: { url: '/unsubscribe', token, label: t(lang).unsubscribeButton },
    })
  })

  // RFC 8058: mailbox providers POST "List-Unsubscribe=One-Click" to the URL from the header (token in the
  // query), with no cookie and no confirmation step. The page's button posts the token in the form instead.
  app.post('/unsubscribe', async (c) => {
    const body = await c.req.parseBody()
    const token = c.req.query('token') ?? (typeof body.token === 'string' ? body.token : '')
    const result = await readOrUndefined(() => unsubscribe(deps, token))
    const oneClick = body['List-Unsubscribe'] === 'One-Click'
    if (result === undefined || result.outcome === 'invalid') {
      return oneClick
        ? c.json({ error: 'invalid_token', message: 'This unsubscribe link is not valid.' }, 400)
        : invalid(c, defaultLang)
    }
    if (oneClick) return c.json({ status: 'unsubscribed' })
    const lang = result.subscriber?.lang ?? defaultLang
    return message(c, lang, { heading: t(lang).unsubscribed, text: t(lang).unsubscribedText })
  })

  return app
}

function SubscribePage(props: {
  publication: Publication
  lang: PageLang
  values?: Parameters<typeof SubscribeForm>[0]['values']
  problems?: Parameters<typeof SubscribeForm>[0]['problems']
}) {
  return (
    <Layout
      publication={props.publication}
      title={`${PAGE_STRINGS[props.lang].subscribeHeading} · ${props.publication.title}`}
      lang={props.lang}
    >
      <SubscribeForm lang={props.lang} values={props.values ?? {}} problems={props.problems} standalone />
    </Layout>
  )
}

const isJson = (c: Context) =>
  (c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')

async function formToken(c: Context): Promise<string> {
  const body = await c.req.parseBody()
  return c.req.query('token') ?? (typeof body.token === 'string' ? body.token : '')
}

function unsubscribeToken(deps: SubscriptionDeps, subscriber: Parameters<typeof subscriberLinks>[1]): string {
  return new URL(subscriberLinks(deps, subscriber).unsubscribeUrl).searchParams.get('token')!
}

/** A bad, expired or tampered token is an answer ("this link does not work"), not an error. */
async function readOrUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read()
  } catch (error) {
    if (error instanceof TokenError) return undefined
    throw error
  }
}
