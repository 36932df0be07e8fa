import { stringify } from 'csv-stringify/sync'
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { cursorSchema } from '../../adapters/dynamodb/cursor'
import { NotFoundError, ValidationError } from '../../core/errors'
import type { Page, SubscriberStore } from '../../core/ports'
import {
  normaliseEmail,
  subscriberId,
  SUBSCRIBER_STATES,
  type Subscriber,
  type SubscriberState,
} from '../../core/subscriber'
import { importSubscribers } from '../../core/subscriber-import'
import type { AppDeps } from '../app-deps'
import { requireAdminToken } from '../admin-auth'
import { limitSchema, validate } from '../validate'

const EXPORT_PAGE_SIZE = 250
const CSV_TYPES = new Set(['text/csv', 'application/csv', 'text/plain'])
const UTF8_BOM = '\uFEFF'

/** The operators' subscriber API: list, count, export, import, look up and erase. Needs the admin token. */
export function adminSubscriberRoutes(deps: AppDeps): Hono {
  const app = new Hono()

  app.use('*', requireAdminToken(deps.adminToken))
  // Every answer here carries personal data: no browser or shared cache may keep it.
  app.use('/subscribers/*', async (c, next) => {
    await next()
    c.header('Cache-Control', 'no-store')
  })

  app.get('/subscribers', validate('query', listQuerySchema), async (c) => {
    const { limit, cursor, state, q } = c.req.valid('query')
    const page = await deps.subscribers.list({
      limit,
      ...(cursor !== undefined && { cursor }),
      ...(state !== undefined && { state }),
      ...(q !== undefined && { query: q }),
    })
    return c.json({
      items: page.items.map(adminView),
      ...(page.cursor !== undefined && { cursor: page.cursor }),
    })
  })

  app.get('/subscribers/counts', async (c) => {
    const counts = await deps.subscribers.countByState()
    const total = SUBSCRIBER_STATES.reduce((sum, state) => sum + counts[state], 0)
    return c.json({ ...counts, total })
  })

  app.get('/subscribers/export.csv', async (c) => {
    // The first page is read before answering, so a store that is down is a clean 500, not an empty file.
    const first = await deps.subscribers.list({ limit: EXPORT_PAGE_SIZE })
    const date = deps.clock.now().toISOString().slice(0, 10)
    return c.body(toByteStream(exportCsv(deps.subscribers, first)), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="subscribers-${date}.csv"`,
    })
  })

  // Up to 5 MB of CSV (BODY_LIMITS in body-limits.ts).
  app.post('/subscribers/import', validate('query', importQuerySchema), async (c) => {
    const { dryRun } = c.req.valid('query')
    return c.json(await importSubscribers(deps, await readCsvBody(c), { dryRun }))
  })

  app.get('/subscribers/:id', async (c) => {
    const id = idFromParam(c.req.param('id'))
    const subscriber = id === undefined ? undefined : await deps.subscribers.get(id)
    if (subscriber === undefined) throw notFound(c.req.param('id'))
    return c.json(adminView(subscriber))
  })

  app.delete('/subscribers/:id', async (c) => {
    // GDPR erasure: the record goes, not just its state; the address may subscribe again as a stranger.
    const id = idFromParam(c.req.param('id'))
    const erased = id === undefined ? undefined : await deps.subscribers.erase(id)
    if (erased === undefined) throw notFound(c.req.param('id'))
    return c.body(null, 204)
  })

  return app
}

/**
 * A subscriber as an operator sees it. Picked field by field, so internal fields added later (token
 * versions and the like) stay out unless named here.
 */
function adminView(s: Subscriber) {
  return {
    id: s.id,
    email: s.email,
    name: s.name,
    state: s.state,
    cadence: s.cadence,
    topics: s.topics,
    lang: s.lang,
    timezone: s.timezone,
    deliveryHour: s.deliveryHour,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    confirmedAt: s.confirmedAt,
    unsubscribedAt: s.unsubscribedAt,
    suppressedAt: s.suppressedAt,
    suppressionReason: s.suppressionReason,
    consent: s.consent,
    softBounces: s.softBounces,
    revision: s.revision,
  }
}

/**
 * The id in the URL, or the id of the address in the URL (an erasure request names the address, not our
 * id); undefined when it cannot be an id at all (ids are 22 base64url characters; a longer key would be
 * refused by DynamoDB as an error rather than found missing).
 */
function idFromParam(idOrEmail: string): string | undefined {
  const id = idOrEmail.includes('@') ? subscriberId(normaliseEmail(idOrEmail)) : idOrEmail
  return /^[A-Za-z0-9_-]{22}$/.test(id) ? id : undefined
}

const notFound = (idOrEmail: string) => new NotFoundError(`No subscriber "${idOrEmail}"`)

const listQuerySchema = z.object({
  limit: limitSchema(50),
  cursor: cursorSchema.optional(),
  state: z
    .enum(SUBSCRIBER_STATES as [SubscriberState, ...SubscriberState[]], {
      error: `must be one of ${SUBSCRIBER_STATES.join(', ')}`,
    })
    .optional(),
  q: z
    .string()
    .trim()
    .max(254, 'must be at most 254 characters')
    .transform((q) => q || undefined)
    .optional(),
})

/** A dry run unless the caller says `dryRun=false` in so many words. */
const importQuerySchema = z.object({
  dryRun: z
    .enum(['true', 'false'], { error: 'must be true or false (true when absent)' })
    .default('true')
    .transform((value) => value === 'true'),
})

async function readCsvBody(c: Context): Promise<string> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (!CSV_TYPES.has(type)) {
    throw new ValidationError([{ field: 'Content-Type', problem: 'must be text/csv (UTF-8)' }])
  }
  const bytes = await c.req.arrayBuffer()
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new ValidationError([
      { field: '(body)', problem: 'is not UTF-8 text; save the file as "CSV UTF-8" and send it again' },
    ])
  }
}

const EXPORT_HEADER = [
  'email',
  'name',
  'state',
  'cadence',
  'topics',
  'lang',
  'timezone',
  'delivery_hour',
  'created_at',
  'confirmed_at',
  'consent_source',
]

/** The export, one chunk per store page, so memory stays flat however long the list is. */
async function* exportCsv(store: SubscriberStore, first: Page<Subscriber>): AsyncGenerator<string> {
  // Excel reads a CSV without a byte order mark in the system's legacy code page, which garbles Korean names;
  // the import (TextDecoder, csv-parse's bom option) reads files with or without one.
  yield UTF8_BOM + toCsv([EXPORT_HEADER])
  let page = first
  for (;;) {
    if (page.items.length > 0) yield toCsv(page.items.map(exportRow))
    if (page.cursor === undefined) return
    page = await store.list({ limit: EXPORT_PAGE_SIZE, cursor: page.cursor })
  }
}

const toCsv = (rows: string[][]) => stringify(rows, { record_delimiter: 'windows' })

function exportRow(s: Subscriber): string[] {
  return [
    s.email,
    s.name ?? '',
    s.state,
    s.cadence,
    s.topics.join(';'),
    s.lang,
    s.timezone,
    String(s.deliveryHour),
    s.createdAt,
    s.confirmedAt ?? '',
    s.consent?.source ?? '',
  ].map(defuseFormula)
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or tab / CR) as a formula, so a subscriber named
 * "=HYPERLINK(...)" could attack whoever opens the export; a leading apostrophe makes it plain text.
 */
export function defuseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

/**
 * Pulls one chunk per read, so the store is only asked for the next page when the client is ready for it.
 * A failure half-way errors the stream (the client sees a broken download) instead of ending it cleanly,
 * which would pass a truncated file off as a whole one; Hono's stream() helper would close it normally.
 */
function toByteStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  return new ReadableStream({
    async pull(controller) {
      try {
        const { done, value } = await chunks.next()
        if (done) controller.close()
        else controller.enqueue(encoder.encode(value))
      } catch (error) {
        console.error(
          JSON.stringify({ level: 'error', message: 'subscriber export failed', error: String(error) }),
        )
        controller.error(error)
      }
    },
    async cancel() {
      await chunks.return(undefined)
    },
  })
}
