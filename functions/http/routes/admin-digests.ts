import { Hono } from 'hono'
import { ValidationError } from '../../core/errors'
import type { DigestStore } from '../../core/ports'
import { requireAdminToken } from '../admin-auth'

/** Starts a digest run; on AWS the planner runs in its own function, locally in process. */
export interface DigestTrigger {
  run(cadence: 'daily' | 'weekly' | 'instant', force: boolean): Promise<unknown>
}

/** The operators' view of digests: what was planned, sent, failed or skipped, and a way to run one now. */
export function adminDigestRoutes(deps: {
  digests: DigestStore
  adminToken: string
  digestTrigger?: DigestTrigger
}): Hono {
  const app = new Hono()
  app.use('/digests', requireAdminToken(deps.adminToken))
  app.use('/digests/*', requireAdminToken(deps.adminToken))

  app.get('/digests', async (c) => {
    const cursor = c.req.query('cursor')
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
    return c.json({ ...digest, variants })
  })

  app.post('/digests/run', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { cadence?: unknown; force?: unknown }
    if (body.cadence !== 'daily' && body.cadence !== 'weekly' && body.cadence !== 'instant') {
      throw new ValidationError([{ field: 'cadence', problem: 'must be "daily", "weekly" or "instant"' }])
    }
    if (deps.digestTrigger === undefined) {
      return c.json(
        { error: 'not_available', message: 'This deployment runs digests on its schedule only.' },
        501,
      )
    }
    const summary = await deps.digestTrigger.run(body.cadence, body.force === true)
    return c.json(summary, 202)
  })
  return app
}
