import { Hono } from 'hono'
import type { AppDeps } from '../app-deps'

// Content-addressed names: what a URL holds never changes.
const IMMUTABLE = 'public, max-age=31536000, immutable'

/**
 * GET /media/<name>: uploaded images, where the app serves its own store (npm start). On AWS CloudFront
 * serves `/media/*` from the bucket and the app has no such route (its store cannot read).
 */
export function mediaRoutes(deps: Pick<AppDeps, 'media'>): Hono {
  const app = new Hono()
  const read = deps.media?.get?.bind(deps.media)
  if (read === undefined) return app
  app.get('/media/:name', async (c) => {
    const object = await read(c.req.param('name'))
    if (object === undefined) return c.notFound()
    return c.body(new Uint8Array(object.bytes), 200, {
      'Content-Type': object.contentType,
      'Cache-Control': IMMUTABLE,
      'X-Content-Type-Options': 'nosniff',
    })
  })
  return app
}
