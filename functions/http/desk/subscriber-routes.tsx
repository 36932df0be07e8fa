import { createHmac } from 'node:crypto'
import { emailAddressSchema } from '../../core/email-address'
import { Hono, type Context } from 'hono'
import type { Child } from 'hono/jsx'
import { cursorSchema } from '../../adapters/dynamodb/cursor'
import { subscriberSubject, type Actor } from '../../core/audit'
import type { EditorSession } from '../../core/editor-session'
import { NotFoundError, ValidationError } from '../../core/errors'
import { isSubscriberId, normaliseEmail, subscriberId, SUBSCRIBER_STATES } from '../../core/subscriber'
import {
  eraseSubscriber,
  subscriberHistory,
  suppressSubscriber,
  unsuppressSubscriber,
  type AdminOutcome,
} from '../../core/subscriber-admin'
import { importSubscribers } from '../../core/subscriber-import'
import type { AppDeps } from '../app-deps'
import { decodeCsv, subscriberCsvDownload } from '../subscriber-csv'
import { DeskMessagePage } from '../views/desk/sign-in-page'
import { SubscriberCountsPage } from '../views/desk/subscriber-counts-page'
import { SubscriberImportPage } from '../views/desk/subscriber-import-page'
import { SubscriberListPage, type SubscriberSearch } from '../views/desk/subscriber-list-page'
import { ConfirmErasePage, SubscriberPage } from '../views/desk/subscriber-page'
import { deskLang } from './language'
import { DESK_STRINGS } from './strings'
import { SUBSCRIBER_STRINGS } from './subscriber-strings'

type DeskEnv = { Variables: { language: string; session: EditorSession } }
type DeskContext = Context<DeskEnv>

const LIST_SIZE = 50
const MAX_QUERY = 254

/**
 * The desk's subscriber pages at /admin/subscribers, mounted inside the desk's session and CSRF guard
 * (routes.tsx): counts, search, a subscriber's history, CSV export and import (dry run first), erase,
 * suppress and unsuppress, each on the same core use cases as the admin API. Decision 019.
 */
export function deskSubscriberRoutes(deps: AppDeps): Hono<DeskEnv> {
  const app = new Hono<DeskEnv>()
  const props = (c: DeskContext) => {
    const lang = deskLang(c.get('language'))
    const session = c.get('session')
    return {
      t: DESK_STRINGS[lang],
      s: SUBSCRIBER_STRINGS[lang],
      lang,
      editor: { name: session.editor, csrfToken: session.csrfToken },
    }
  }
  const page = (c: DeskContext, body: Child, status: 200 | 403 | 404 | 422 = 200) =>
    c.html('<!doctype html>' + String(body), status)
  const actorOf = (c: DeskContext): Actor => ({ name: c.get('session').editor, via: 'desk' })

  app.get('/', async (c) => {
    const q = (c.req.query('q') ?? '').trim()
    const stateParam = c.req.query('state')
    const state = SUBSCRIBER_STATES.find((each) => each === stateParam)
    const search: SubscriberSearch = { ...(q && { q }), ...(state && { state }) }
    if (q.length > MAX_QUERY) {
      const problems = [{ field: 'q', problem: `must be at most ${MAX_QUERY} characters` }]
      return page(
        c,
        <SubscriberListPage {...props(c)} search={search} subscribers={[]} problems={problems} />,
        422,
      )
    }
    // A whole address is looked up by its id: it also finds the record of an erased subscriber.
    const address = emailAddressSchema.safeParse(q)
    if (address.success) {
      const id = subscriberId(address.data)
      const known =
        (await deps.subscribers.get(id)) !== undefined ||
        (await deps.audit.list(subscriberSubject(id), { limit: 1 })).length > 0
      if (known) return c.redirect(`/admin/subscribers/${id}`, 303)
    }
    const given = cursorSchema.safeParse(c.req.query('cursor'))
    const { items, cursor } = await deps.subscribers.list({
      limit: LIST_SIZE,
      ...(given.success && given.data && { cursor: given.data }),
      ...(state && { state }),
      ...(q && { emailPrefix: normaliseEmail(q) }),
    })
    const more = cursor === undefined ? undefined : `/admin/subscribers?${listQuery(search, cursor)}`
    return page(
      c,
      <SubscriberListPage {...props(c)} search={search} subscribers={items} {...(more && { more })} />,
    )
  })

  app.get('/counts', async (c) =>
    page(c, <SubscriberCountsPage {...props(c)} counts={await deps.subscribers.counts()} />),
  )

  app.get('/export.csv', (c) => subscriberCsvDownload(c, deps))

  app.get('/import', (c) => page(c, <SubscriberImportPage {...props(c)} />))

  // Step one: the dry run. Reads the file, writes nothing, and shows the problems by line.
  app.post('/import', async (c) => {
    const file = (await c.req.parseBody())['file']
    if (!(file instanceof File) || file.size === 0) {
      const problems = [{ field: props(c).s.csvFile, problem: props(c).s.fileRequired }]
      return page(c, <SubscriberImportPage {...props(c)} problems={problems} />, 422)
    }
    try {
      const csv = lineEnds(decodeCsv(await file.arrayBuffer(), 'file'))
      const report = await importSubscribers(deps, csv, { dryRun: true, actor: actorOf(c) })
      const checked = { csv, proof: importProof(c.get('session'), csv) }
      return page(c, <SubscriberImportPage {...props(c)} report={report} checked={checked} />)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return page(c, <SubscriberImportPage {...props(c)} problems={error.problems} />, 422)
    }
  })

  // Step two: the real import, only of a file this session checked in a dry run.
  app.post('/import/confirm', async (c) => {
    const body = await c.req.parseBody()
    const csv = lineEnds(typeof body['csv'] === 'string' ? body['csv'] : '')
    const proof = typeof body['proof'] === 'string' ? body['proof'] : ''
    if (csv === '' || proof !== importProof(c.get('session'), csv)) {
      const problems = [{ field: props(c).s.csvFile, problem: props(c).s.importExpired }]
      return page(c, <SubscriberImportPage {...props(c)} problems={problems} />, 403)
    }
    const report = await importSubscribers(deps, csv, { dryRun: false, actor: actorOf(c) })
    return page(c, <SubscriberImportPage {...props(c)} report={report} />)
  })

  /** The id in the path, or a calm 404 page. */
  const idOf = (c: DeskContext): string | Response => {
    const id = c.req.param('id') ?? ''
    return isSubscriberId(id) ? id : notFound(c)
  }
  const notFound = (c: DeskContext) => {
    const { t, s, lang, editor } = props(c)
    return page(
      c,
      <DeskMessagePage t={t} lang={lang} editor={editor} title="404" message={s.notFound} />,
      404,
    )
  }

  app.get('/:id', async (c) => {
    const id = idOf(c)
    if (id instanceof Response) return id
    const { subscriber, events } = await subscriberHistory(deps, id)
    if (subscriber === undefined && events.length === 0) return notFound(c)
    const { s } = props(c)
    const done = c.req.query('done')
    const notice = {
      erased: s.erased,
      suppressed: s.suppressed,
      unsuppressed: s.unsuppressed,
      unchanged: s.unchanged,
    }[done ?? '']
    return page(
      c,
      <SubscriberPage
        {...props(c)}
        id={id}
        events={events}
        {...(subscriber && { subscriber })}
        {...(notice && { notice })}
      />,
    )
  })

  app.get('/:id/erase', async (c) => {
    const id = idOf(c)
    if (id instanceof Response) return id
    const subscriber = await deps.subscribers.get(id)
    if (subscriber === undefined) return notFound(c)
    return page(c, <ConfirmErasePage {...props(c)} subscriber={subscriber} />)
  })

  app.post('/:id/erase', async (c) => {
    const id = idOf(c)
    if (id instanceof Response) return id
    try {
      await eraseSubscriber(deps, id, actorOf(c))
    } catch (error) {
      if (error instanceof NotFoundError) return notFound(c)
      throw error
    }
    return c.redirect(`/admin/subscribers/${id}?done=erased`, 303)
  })

  const actions: [string, typeof suppressSubscriber, string][] = [
    ['suppress', suppressSubscriber, 'suppressed'],
    ['unsuppress', unsuppressSubscriber, 'unsuppressed'],
  ]
  for (const [path, act, done] of actions) {
    app.post(`/:id/${path}`, async (c) => {
      const id = idOf(c)
      if (id instanceof Response) return id
      let outcome: AdminOutcome
      try {
        outcome = await act(deps, id, actorOf(c))
      } catch (error) {
        if (error instanceof NotFoundError) return notFound(c)
        throw error
      }
      return c.redirect(`/admin/subscribers/${id}?done=${outcome === 'done' ? done : 'unchanged'}`, 303)
    })
  }

  return app
}

function listQuery(search: SubscriberSearch, cursor: string): string {
  const query = new URLSearchParams()
  if (search.q) query.set('q', search.q)
  if (search.state) query.set('state', search.state)
  query.set('cursor', cursor)
  return query.toString()
}

/** One kind of line end: a browser sends a form field back with CRLF whatever the file had. */
const lineEnds = (csv: string) => csv.replace(/\r\n?/g, '\n')

/**
 * Binds a checked file to the session that checked it (an HMAC under the session's CSRF token), so the real
 * import runs only on the very file a dry run of this session showed.
 */
function importProof(session: EditorSession, csv: string): string {
  return createHmac('sha256', session.csrfToken).update(`subscriber import\n${csv}`).digest('base64url')
}
