import { Hono } from 'hono'
import { z } from 'zod'
import { toFieldProblems } from '../../core/articles'
import { ValidationError } from '../../core/errors'
import type { DigestStore, DigestTrigger } from '../../core/ports'
import { slugSchema } from '../../core/slug'
import { requireAdminToken } from '../admin-auth'
import { readJsonBody } from '../json-body'

const previewSchema = z.object({
  articles: z.array(slugSchema).min(1, 'needs at least one article slug').max(50),
  lang: z.enum(['ko', 'en']).default('en'),
})
const testSchema = previewSchema.extend({ to: z.email({ message: 'is not an email address' }) })

function parse<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const result = schema.safeParse(raw)
  if (!result.success) throw new ValidationError(toFieldProblems(result.error))
  return result.data
}

// 404, not 501: the route does not exist in this deployment (and a 5xx would trip the API's error alarm).
const notAvailable = {
  error: 'not_available',
  message:
    'This deployment runs and renders digests in its planner only; use npm run digest locally or wait for the schedule.',
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
    const body = (await readJsonBody(c)) as { cadence?: unknown; force?: unknown } | null
    const cadence = body?.cadence
    if (cadence !== 'daily' && cadence !== 'weekly' && cadence !== 'instant') {
      throw new ValidationError([{ field: 'cadence', problem: 'must be "daily", "weekly" or "instant"' }])
    }
    if (deps.digestTrigger === undefined) return c.json(notAvailable, 404)
    const summary = await deps.digestTrigger.run(cadence, body?.force === true)
    return c.json(summary, 202)
  })
  app.post('/digests/preview', async (c) => {
    const input = parse(previewSchema, await readJsonBody(c))
    if (deps.digestTrigger === undefined) return c.json(notAvailable, 404)
    return c.json(await deps.digestTrigger.preview(input))
  })

  app.post('/digests/test', async (c) => {
    const input = parse(testSchema, await readJsonBody(c))
    if (deps.digestTrigger === undefined) return c.json(notAvailable, 404)
    return c.json(await deps.digestTrigger.test(input), 202)
  })
  return app
}
