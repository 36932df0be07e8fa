import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, describe, expect, it, vi } from 'vitest'
import type { Digest, DigestVariant } from '../../functions/core/digest'
import { subscriberId, type Subscriber } from '../../functions/core/subscriber'
import { subscriberLinks } from '../../functions/core/subscriber-links'
import { createApp } from '../../functions/http/app'
import { logger } from '../../functions/log'
import {
  hostileRequests,
  type Endpoint,
  type ExampleInputs,
  type HostileRequest,
} from '../support/hostile-requests'
import { ADMIN_TOKEN, articleJson, createTestApp } from '../support/test-app'

/**
 * The whole HTTP surface under hostile input. Routes come from the app's own route table, so a new route is
 * covered as soon as it exists; EXAMPLES only adds a valid example where one helps (a route without one
 * still gets every generic request). Every answer must be below 500; every 4xx under /api (and to a request
 * that sent JSON) is JSON with `error` and `message`, and a 422 names the field at fault; every other 4xx
 * is an HTML page; and a 4xx writes nothing: the table is scanned before and after each request.
 */

const SLUG = 'chips'
const TAG = 'economy'
const EMAIL = 'reader@example.com'
const DIGEST_ID = 'daily-2026-11-26'
const VARIANT_ID = 'v1'
const NOW = '2026-11-26T09:00:00.000Z'

const EXAMPLES = (token: (purpose: 'confirm' | 'manage' | 'unsubscribe') => string): ExampleInputs => {
  const article = JSON.parse(articleJson({ tags: [TAG], status: 'draft' })) as Record<string, unknown>
  return {
    '/api/subscribers/:id': { params: { id: subscriberId(EMAIL) } },
    '/api/digests/:id': { params: { id: DIGEST_ID } },
    '/digests/:id/:variant': { params: { id: DIGEST_ID, variant: VARIANT_ID } },
    'POST /api/subscribers/import': { body: { text: `email,name\n${EMAIL},Reader\n`, type: 'text/csv' } },
    'POST /api/digests/run': { body: { json: { cadence: 'weekly' } } },
    'POST /api/digests/preview': { body: { json: { articles: [SLUG], lang: 'en' } } },
    'POST /api/digests/test': { body: { json: { articles: [SLUG], lang: 'en', to: 'editor@example.com' } } },
    'POST /api/articles': { body: { json: { ...article, title: 'Another article' } } },
    'PUT /api/articles/:slug': { params: { slug: SLUG }, body: { json: article } },
    '/api/articles/:slug': { params: { slug: SLUG } },
    '/api/articles/:slug/publish': { params: { slug: SLUG } },
    '/api/articles/:slug/unpublish': { params: { slug: SLUG } },
    '/articles/:slug': { params: { slug: SLUG } },
    'POST /subscribe': { body: { form: { email: 'new-reader@example.com', cadence: 'weekly', lang: 'en' } } },
    'GET /confirm': { query: { token: token('confirm') } },
    'POST /confirm': { body: { form: { token: token('confirm') } } },
    'GET /preferences': { query: { token: token('manage') } },
    'POST /preferences': {
      body: {
        form: { token: token('manage'), cadence: 'weekly', deliveryHour: '9', timezone: 'Asia/Seoul' },
      },
    },
    'GET /unsubscribe': { query: { token: token('unsubscribe') } },
    'POST /unsubscribe': { body: { form: { token: token('unsubscribe') } } },
    ...Object.fromEntries(
      ['feed.xml', 'atom.xml', 'feed.json'].flatMap((file) => [
        [`/tags/:tag/${file}`, { params: { tag: TAG } }],
        [`/archive/:month/${file}`, { params: { month: '2026-11' } }],
        [`/tags/:tag/archive/:month/${file}`, { params: { tag: TAG, month: '2026-11' } }],
      ]),
    ),
    '/tags/:tag/': { params: { tag: TAG } },
  }
}

type TestApp = Awaited<ReturnType<typeof createTestApp>>

/** A fresh table with one of everything a route can name: an article, a subscriber, a digest and its variant. */
async function seededApp() {
  const t = await createTestApp()
  await t.admin(`/api/articles/${SLUG}`, {
    method: 'PUT',
    body: articleJson({ tags: [TAG], status: 'published' }),
  })
  const subscriber: Subscriber = {
    id: subscriberId(EMAIL),
    email: EMAIL,
    topics: [],
    cadence: 'daily',
    deliveryHour: 8,
    timezone: 'UTC',
    lang: 'en',
    state: 'confirmed',
    createdAt: NOW,
    updatedAt: NOW,
    confirmedAt: NOW,
    softBounces: 0,
    tokenVersion: 1,
    revision: 1,
  }
  await t.deps.subscribers.create(subscriber)
  const digest: Digest = {
    id: DIGEST_ID,
    cadence: 'daily',
    period: '2026-11-26',
    state: 'done',
    createdAt: NOW,
    updatedAt: NOW,
    counts: { planned: 1, sent: 1, failed: 0, skipped: 0 },
  }
  await t.deps.digests.ensureDigest(digest)
  const variant: DigestVariant = {
    digestId: DIGEST_ID,
    id: VARIANT_ID,
    lang: 'en',
    subject: 'One new article',
    html: '<!doctype html><p>{{greetingName}} <a href="{{unsubscribeUrl}}">leave</a></p>',
    text: 'leave: {{unsubscribeUrl}}',
    articleSlugs: [SLUG],
  }
  await t.deps.digests.putVariant(variant)
  // A planner in process, as `npm start` has, so the digest routes run to the end; a run waits for its
  // sends, so nothing is written in the background while the next request is checked.
  const runtime = await t.digestRuntime('hostile')
  const app = createApp({
    ...t.deps,
    digestTrigger: {
      run: async (cadence, force) => {
        const summary = await runtime.plan(cadence, force)
        await runtime.idle()
        return summary
      },
      preview: runtime.preview,
      test: runtime.test,
      previewDraft: runtime.previewDraft,
    },
  })
  const token = (purpose: 'confirm' | 'manage' | 'unsubscribe') => {
    const url = subscriberLinks(t.deps, subscriber)
    const link = { confirm: url.confirmUrl, manage: url.preferencesUrl, unsubscribe: url.unsubscribeUrl }[
      purpose
    ]
    return new URL(link).searchParams.get('token')!
  }
  // Counts the commands that may write, at the client every store sends through (see `unchanged`).
  const sent = { writes: 0 }
  t.client.middlewareStack.add(
    (next, context) => async (args) => {
      // Rate-limit counters are left out of the snapshot (see there), so writing one needs no scan either.
      const counter = /"RATE#/.test(JSON.stringify((args.input as { Key?: unknown }).Key ?? {}))
      if (!READ_COMMANDS.test(String(context.commandName)) && !counter) sent.writes++
      return next(args)
    },
    { step: 'initialize', name: 'countWrites' },
  )
  return { t, app, runtime, sent, examples: EXAMPLES(token) }
}

const READ_COMMANDS = /^(Get|GetItem|BatchGet|BatchGetItem|Query|Scan|DescribeTable|ListTables)Command$/

/**
 * Everything in the table except rate-limit counters, in a stable order. The counters are left out on
 * purpose: the per-client subscribe limit counts every attempt before the body is even validated, so a
 * flood of malformed requests is throttled like a flood of good ones. That write is the limiter doing its
 * job, not content: its key is a hash, it holds only a count, and it expires.
 */
async function snapshot(t: TestApp): Promise<string> {
  const items: Record<string, unknown>[] = []
  let startKey: Record<string, unknown> | undefined
  do {
    const page = await t.document.send(
      new ScanCommand({ TableName: t.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
    )
    items.push(...(page.Items ?? []))
    startKey = page.LastEvaluatedKey
  } while (startKey !== undefined)
  return JSON.stringify(
    items
      .filter((item) => !String(item.PK).startsWith('RATE#'))
      .map((item) =>
        JSON.stringify(item, (_key, value: unknown) =>
          value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value,
        ),
      )
      .sort(),
  )
}

const isApi = (path: string) => path === '/api' || path.startsWith('/api/') || path.startsWith('/api?')
const sentJson = (request: HostileRequest) =>
  /^application\/json/i.test(request.headers['content-type'] ?? '')
// RFC 8058 one-click unsubscribes come from mail providers' machines, which get JSON.
const oneClick = (request: HostileRequest) =>
  typeof request.body === 'string' && request.body.includes('List-Unsubscribe=One-Click')

/** What is wrong with one answer, or nothing. */
async function problemsWith(request: HostileRequest, response: Response, wrote: boolean): Promise<string[]> {
  const problems: string[] = []
  const status = response.status
  const text = await response.text()
  if (status >= 500) return [`answered ${status}: ${text.slice(0, 200)}`]
  if (request.expectStatus !== undefined && status !== request.expectStatus) {
    problems.push(`answered ${status}, not ${request.expectStatus}`)
  }
  if (request.hostileWriteTarget && status < 300) {
    problems.push(`accepted a write at a hostile path parameter (${status})`)
  }
  if (status < 400) return problems
  if (wrote) problems.push(`answered ${status} but changed the table`)
  const type = response.headers.get('content-type') ?? ''
  if (type.includes('application/json')) {
    // JSON is the API's answer, and that of a page to a request that sent JSON (POST /subscribe takes both).
    if (!isApi(request.path) && !sentJson(request) && !oneClick(request)) {
      problems.push(`answered ${status} on a page in JSON to a request that did not send JSON`)
    }
    const body = JSON.parse(text) as { error?: unknown; message?: unknown; problems?: { field?: unknown }[] }
    if (typeof body.error !== 'string' || typeof body.message !== 'string' || body.message === '') {
      problems.push(`answered ${status} without an error and a message: ${text.slice(0, 200)}`)
    }
    if (status === 422) {
      const fields = (body.problems ?? []).map((problem) => String(problem.field))
      if (fields.length === 0) problems.push(`answered 422 naming no field: ${text.slice(0, 200)}`)
      const named = (field: string) => fields.some((name) => name === field || name.startsWith(`${field}.`))
      if (
        request.blame !== undefined &&
        !named(request.blame) &&
        !named('(body)') &&
        !named('Content-Type')
      ) {
        problems.push(`answered 422 naming ${fields.join(', ')}, not ${request.blame}`)
      }
    }
  } else if (isApi(request.path)) {
    problems.push(`answered ${status} under /api as ${type}, not JSON`)
  } else if (!type.includes('text/html') || !/^<!doctype html>/i.test(text)) {
    problems.push(`answered ${status} on a page as ${type}, not an HTML page`)
  }
  return problems
}

let requestCount = 0
let clientNumber = 0

async function send(app: ReturnType<typeof createApp>, request: HostileRequest): Promise<Response> {
  // Each request from its own client address, as a crowd would send them: the per-client subscribe limit
  // then lets the requests reach validation instead of answering 429 to all but the first twenty.
  clientNumber++
  const env = { incoming: { socket: { remoteAddress: `198.51.${clientNumber >> 8}.${clientNumber & 255}` } } }
  return app.request(
    request.path,
    {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined && { body: request.body }),
    },
    env,
  )
}

// The routes as the app registers them (method + pattern); middleware entries (method ALL) are not routes.
async function endpoints(): Promise<Endpoint[]> {
  const { app } = await createTestApp()
  const seen = new Set<string>()
  return app.routes
    .filter((route) => route.method !== 'ALL')
    .map(({ method, path }) => ({ method, path }))
    .filter(({ method, path }) => !seen.has(`${method} ${path}`) && seen.add(`${method} ${path}`))
}

const ROUTES = await endpoints()

let seeded: { app: Awaited<ReturnType<typeof seededApp>>; pristine: string } | undefined

/**
 * The seeded app of the previous route while its table is as seeded (most routes only read), else a new
 * one: what one route's hostile requests managed to write (a 2xx) never meets the next route's requests.
 */
async function freshOrUnchanged() {
  if (seeded !== undefined && (await snapshot(seeded.app.t)) === seeded.pristine) return seeded.app
  await seeded?.app.runtime.stop()
  const app = await seededApp()
  seeded = { app, pristine: await snapshot(app.t) }
  return app
}

describe('the HTTP surface under hostile input', () => {
  afterAll(async () => {
    await seeded?.app.runtime.stop()
    console.log(`hostile-input: ${requestCount} generated requests over ${ROUTES.length} routes`)
  })

  it('covers every route the app registers', () => {
    expect(ROUTES.length).toBeGreaterThan(30)
  })

  it.each(ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s: never a 5xx, 4xx shaped for its reader, and a 4xx writes nothing',
    async (name, route) => {
      const { t, app, sent, examples } = await freshOrUnchanged()
      const logged = vi.spyOn(logger, 'error').mockImplementation(() => {})
      const failures: string[] = []
      try {
        await t.confirmations.drained()
        let before = await snapshot(t)
        for (const request of hostileRequests(route, examples, `Bearer ${ADMIN_TOKEN}`)) {
          const writes = sent.writes
          const response = await send(app, request)
          // The confirmation worker's writes belong to the request that queued its job, not to the next one.
          await t.confirmations.drained()
          requestCount++
          // A request that sent DynamoDB only reads cannot have changed the table: the scan is skipped
          // (it doubled the run's time); the scan after the route's last request catches any write that
          // went around the counter.
          const after = sent.writes === writes ? before : await snapshot(t)
          const found = await problemsWith(request, response, after !== before)
          for (const problem of found)
            failures.push(`${request.method} ${request.path.slice(0, 120)} [${request.label}]: ${problem}`)
          before = after
        }
        if ((await snapshot(t)) !== before) failures.push('the table changed without a write command seen')
        const unhandled = logged.mock.calls.filter(([message]) => message === 'unhandled error')
        if (unhandled.length > 0) failures.push(`${unhandled.length} unhandled errors logged`)
      } finally {
        logged.mockRestore()
      }
      expect(failures).toEqual([])
    },
  )
})
