import { Hono } from 'hono'
import { z } from 'zod'
import { cursorSchema } from '../../adapters/dynamodb/cursor'
import { API_ACTOR } from '../../core/audit'
import { digestFigures } from '../../core/delivery-figures'
import {
  digestPreviewSchema,
  digestRunSchema,
  digestTestSchema,
  runDigestNow,
  sendTestDigest,
} from '../../core/digest-operations'
import { runMessage } from '../../core/digest-run-report'
import type { AuditLog, Clock, DeliveryFigureStore, DigestStore, DigestTrigger } from '../../core/ports'
import type { Publication } from '../../core/publication'
import { subscriberLang } from '../../core/subscriber'
import { requireAdminToken } from '../admin-auth'
import { jsonBody, validate } from '../validate'

const listQuery = validate('query', z.object({ cursor: cursorSchema.optional() }))

// 404, not 501: the route does not exist in this deployment (and a 5xx would trip the API's error alarm).
const notAvailable = {
  error: 'not_available',
  message:
    'This deployment runs and renders digests in its planner only; use npm run digest locally or wait for the schedule.',
}

/** The operators' view of digests: what was planned, sent, failed or skipped, and a way to run one now. */
export function adminDigestRoutes(deps: {
  digests: DigestStore
  figures: DeliveryFigureStore
  adminToken: string
  digestTrigger?: DigestTrigger
  audit: AuditLog
  clock: Clock
  publication: Publication
}): Hono {
  const app = new Hono()
  const publicationLang = subscriberLang(deps.publication.lang)
  app.use('/digests', requireAdminToken(deps.adminToken))
  app.use('/digests/*', requireAdminToken(deps.adminToken))

  app.get('/digests', listQuery, async (c) => {
    const { cursor } = c.req.valid('query')
    const page = await deps.digests.listDigests({ limit: 50, ...(cursor !== undefined && { cursor }) })
    return c.json(page)
  })

  app.get('/digests/:id', async (c) => {
    const digest = await deps.digests.getDigest(c.req.param('id'))
    if (digest === undefined)
      return c.json({ error: 'not_found', message: `No digest ${c.req.param('id')}` }, 404)
    const variants = (await deps.digests.listVariants(digest.id)).map(
      ({ id, lang, subject, articleSlugs }) => ({ id, lang, subject, articleSlugs }),
    )
    // What the digest left out (articles, subscribers, variants that could not be rendered or sent) and why.
    const skipped = await deps.digests.listSkips(digest.id, { limit: 100 })
    // What became of the mail after SES took it (SES events and unsubscribes; no tracking of readers).
    const figures = digestFigures(digest, await deps.figures.figures(digest.id))
    return c.json({ ...digest, variants, skipped, figures })
  })

  app.post('/digests/run', ...jsonBody(digestRunSchema), async (c) => {
    const input = c.req.valid('json')
    const { digestTrigger } = deps
    if (digestTrigger === undefined) return c.json(notAvailable, 404)
    const summary = await runDigestNow({ ...deps, digestTrigger }, input, API_ACTOR)
    // The numbers, and the same sentence `npm run digest` prints (it says why "nothing new").
    return c.json({ ...summary, message: runMessage(summary, input.cadence, publicationLang) }, 202)
  })
  app.post('/digests/preview', ...jsonBody(digestPreviewSchema), async (c) => {
    const { lang = publicationLang, ...input } = c.req.valid('json')
    if (deps.digestTrigger === undefined) return c.json(notAvailable, 404)
    return c.json(await deps.digestTrigger.preview({ ...input, lang }))
  })

  app.post('/digests/test', ...jsonBody(digestTestSchema), async (c) => {
    const { lang = publicationLang, ...input } = c.req.valid('json')
    const { digestTrigger } = deps
    if (digestTrigger === undefined) return c.json(notAvailable, 404)
    return c.json(await sendTestDigest({ ...deps, digestTrigger }, { ...input, lang }, API_ACTOR), 202)
  })
  return app
}
