import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { cursorSchema } from '../../adapters/dynamodb/cursor'
import { API_ACTOR } from '../../core/audit'
import { NotFoundError, ValidationError } from '../../core/errors'
import {
  isSubscriberId,
  normaliseEmail,
  subscriberId,
  SUBSCRIBER_STATES,
  type Subscriber,
  type SubscriberState,
} from '../../core/subscriber'
import { eraseSubscriber } from '../../core/subscriber-admin'
import { importSubscribers } from '../../core/subscriber-import'
import type { AppDeps } from '../app-deps'
import { requireAdminToken } from '../admin-auth'
import { decodeCsv, subscriberCsvDownload } from '../subscriber-csv'
import { limitSchema, validate } from '../validate'

const CSV_TYPES = new Set(['text/csv', 'application/csv', 'text/plain'])

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
    const { state, total } = await deps.subscribers.counts()
    return c.json({ ...state, total })
  })

  app.get('/subscribers/export.csv', (c) => subscriberCsvDownload(c, deps))

  // Up to 5 MB of CSV (BODY_LIMITS in body-limits.ts).
  app.post('/subscribers/import', validate('query', importQuerySchema), async (c) => {
    const { dryRun } = c.req.valid('query')
    return c.json(await importSubscribers(deps, await readCsvBody(c), { dryRun, actor: API_ACTOR }))
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
    if (id === undefined) throw notFound(c.req.param('id'))
    try {
      await eraseSubscriber(deps, id, API_ACTOR)
    } catch (error) {
      throw error instanceof NotFoundError ? notFound(c.req.param('id')) : error
    }
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
  return isSubscriberId(id) ? id : undefined
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
  return decodeCsv(await c.req.arrayBuffer())
}
