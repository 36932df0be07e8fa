import { Hono, type Context, type MiddlewareHandler } from 'hono'
import type { BlankEnv } from 'hono/types'
import { z } from 'zod'
import { RateLimitedError, type FieldProblem } from '../../core/errors'
import type { Publication } from '../../core/publication'
import {
  confirm,
  linkDigestId,
  preferencesSchema,
  subscribe,
  subscribeSchema,
  subscriberForToken,
  subscriberLinks,
  unsubscribe,
  updatePreferences,
  type SubscribeInput,
  type SubscriptionDeps,
} from '../../core/subscriptions'
import { TokenError } from '../../core/tokens'
import { clientAddress } from '../client-address'
import { checkJsonBody, isJsonType } from '../json-body'
import { validate } from '../validate'
import {
  MessagePage,
  PreferencesPage,
  SubscribeForm,
  type MessagePageProps,
} from '../views/subscription-pages'
import { Layout } from '../views/layout'
import { PAGE_STRINGS, pageLang, type PageLang } from '../views/page-strings'

// A link's token, from the query (GET, and RFC 8058 one-click POSTs) or from the page's form.
const linkQuery = z.object({ token: z.string().optional() })
const linkForm = z.object({ token: z.string().optional(), 'List-Unsubscribe': z.string().optional() })
const preferencesForm = preferencesSchema.extend({ token: z.string().default('') })

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

  /** The subscribe page again, with the reader's values and what is wrong with them, in the form's language. */
  const subscribeProblems = (c: Context, raw: unknown, problems: FieldProblem[]) => {
    const values = formValues(raw)
    return html(
      c,
      <SubscribePage
        publication={publication}
        lang={pageLang(values.lang ?? publication.lang)}
        values={values}
        problems={problems}
      />,
      422,
    )
  }
  // JSON (the API's door: a 422 through errors.ts) or the page's form (the page again, with its problems).
  const subscribeJson = validate('json', subscribeSchema)
  const subscribeForm = validate('form', subscribeSchema, (problems, raw, c) =>
    subscribeProblems(c, raw, problems),
  )
  // Hono types a middleware by the one target it validates; this one fills either, so it says so itself.
  const subscribeBody: MiddlewareHandler<
    BlankEnv,
    string,
    { out: { json: SubscribeInput; form: SubscribeInput } }
  > = async (c, next) => {
    if (!isJsonType(c.req.header('content-type'))) return subscribeForm(c as Context, next)
    await checkJsonBody(c)
    return subscribeJson(c as Context, next)
  }

  app.post('/subscribe', subscribeBody, async (c) => {
    const json = isJsonType(c.req.header('content-type'))
    const input = json ? c.req.valid('json') : c.req.valid('form')
    // The page answers in the form's language as sent (the schema's default for `lang` is not the page's).
    const lang = json ? defaultLang : pageLang(formValue(await c.req.parseBody(), 'lang') ?? publication.lang)
    try {
      await subscribe(deps, input, clientAddress(c, deps.originVerify))
    } catch (error) {
      if (json || !(error instanceof RateLimitedError)) throw error
      c.header('Retry-After', String(error.retryAfterSeconds))
      return message(c, lang, { heading: t(lang).tooMany, text: t(lang).tooManyText }, 429)
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

  const badLink = (_problems: FieldProblem[], _raw: unknown, c: Context) => invalid(c, defaultLang)
  const tokenQuery = validate('query', linkQuery, badLink)
  const tokenForm = validate('form', linkForm, badLink)

  app.get('/confirm', tokenQuery, async (c) => {
    const token = c.req.valid('query').token ?? ''
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

  app.post('/confirm', tokenQuery, tokenForm, async (c) => {
    const token = c.req.valid('query').token ?? c.req.valid('form').token ?? ''
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

  app.get('/preferences', tokenQuery, async (c) => {
    const token = c.req.valid('query').token ?? ''
    const subscriber = await readOrUndefined(() => subscriberForToken(deps, token, 'manage'))
    if (subscriber === undefined || subscriber.state !== 'confirmed')
      return invalid(c, subscriber?.lang ?? defaultLang)
    return html(
      c,
      <PreferencesPage
        publication={publication}
        subscriber={subscriber}
        token={token}
        unsubscribeToken={unsubscribeToken(deps, subscriber, token)}
      />,
    )
  })

  /** The preferences page again with its problems, for the token's subscriber (the invalid-link page if none). */
  const preferencesProblems = async (problems: FieldProblem[], raw: unknown, c: Context) => {
    const token = formValue(raw, 'token') ?? ''
    const subscriber = await readOrUndefined(() => subscriberForToken(deps, token, 'manage'))
    if (subscriber === undefined) return invalid(c, defaultLang)
    return html(
      c,
      <PreferencesPage
        publication={publication}
        subscriber={subscriber}
        token={token}
        unsubscribeToken={unsubscribeToken(deps, subscriber, token)}
        problems={problems}
      />,
      422,
    )
  }

  app.post('/preferences', validate('form', preferencesForm, preferencesProblems), async (c) => {
    const { token, ...input } = c.req.valid('form')
    const result = await readOrUndefined(() => updatePreferences(deps, token, input))
    if (result === undefined || result.subscriber === undefined) return invalid(c, defaultLang)
    return html(
      c,
      <PreferencesPage
        publication={publication}
        subscriber={result.subscriber}
        token={token}
        unsubscribeToken={unsubscribeToken(deps, result.subscriber, token)}
        saved
      />,
    )
  })

  app.get('/unsubscribe', tokenQuery, async (c) => {
    const token = c.req.valid('query').token ?? ''
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
  app.post('/unsubscribe', tokenQuery, tokenForm, async (c) => {
    const form = c.req.valid('form')
    const token = c.req.valid('query').token ?? form.token ?? ''
    const result = await readOrUndefined(() => unsubscribe(deps, token))
    const oneClick = form['List-Unsubscribe'] === 'One-Click'
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
      canonical={`${props.publication.siteUrl}/subscribe`}
    >
      <SubscribeForm lang={props.lang} values={props.values ?? {}} problems={props.problems} standalone />
    </Layout>
  )
}

/** One field of a form as sent, when it is text (a repeated field or a file is not shown back). */
function formValue(raw: unknown, field: string): string | undefined {
  const value = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[field] : undefined
  return typeof value === 'string' ? value : undefined
}

/** What the reader sent, to fill the subscribe form again. */
function formValues(raw: unknown): NonNullable<Parameters<typeof SubscribeForm>[0]['values']> {
  const text = (field: string) => formValue(raw, field)
  const topics = text('topics')
  return {
    ...Object.fromEntries(
      (['email', 'name', 'cadence', 'timezone', 'lang'] as const).flatMap((field) => {
        const value = text(field)
        return value === undefined ? [] : [[field, value]]
      }),
    ),
    topics: topics ? [topics] : [],
    deliveryHour: Number(text('deliveryHour')) || 8,
  }
}

/**
 * The token of the preferences page's unsubscribe button. It names the digest the page's own link came from
 * (a digest's "preferences" link), so leaving from there counts against that digest, as the email's own
 * unsubscribe link would.
 */
function unsubscribeToken(
  deps: SubscriptionDeps,
  subscriber: Parameters<typeof subscriberLinks>[1],
  manageToken: string,
): string {
  const digestId = linkDigestId(deps, manageToken, 'manage')
  const { unsubscribeUrl } = subscriberLinks(deps, subscriber, digestId === undefined ? {} : { digestId })
  return new URL(unsubscribeUrl).searchParams.get('token')!
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
