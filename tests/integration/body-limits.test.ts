import { describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, createTestApp, readJson } from '../support/test-app'

const MB = 1024 * 1024
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` }
const jsonOf = (bytes: number) => JSON.stringify({ cadence: 'daily', padding: 'x'.repeat(bytes) })
const formOf = (bytes: number) => `email=reader%40example.com&name=${'x'.repeat(bytes)}`

/** A body that arrives in chunks with no Content-Length, as a client streaming it would send it. */
const streamed = (text: string) => {
  const bytes = new TextEncoder().encode(text)
  return {
    body: new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 64 * 1024)
          controller.enqueue(bytes.slice(at, at + 64 * 1024))
        controller.close()
      },
    }),
    duplex: 'half',
  } as RequestInit
}

describe('request body limits', () => {
  it.each([
    '/api/digests/run',
    '/api/digests/preview',
    '/api/digests/test',
    '/api/articles',
    '/api/articles/x',
  ])('refuses an admin body over 1 MB on %s with a 413 in JSON, before parsing it', async (path) => {
    const t = await createTestApp()
    for (const init of [{ body: jsonOf(2 * MB) }, streamed(jsonOf(2 * MB))]) {
      const response = await t.app.request(path, {
        method: path === '/api/articles/x' ? 'PUT' : 'POST',
        ...init,
        headers: { ...admin, 'content-type': 'application/json' },
      })
      expect(response.status, path).toBe(413)
      expect(await readJson(response)).toMatchObject({
        error: 'too_large',
        message: expect.stringContaining('1 MB'),
      })
    }
  })

  it('still takes a subscriber CSV of up to 5 MB', async () => {
    const t = await createTestApp()
    const csv = `email,name\nreader@example.com,${'x'.repeat(2 * MB)}\n`
    const response = await t.app.request('/api/subscribers/import', {
      method: 'POST',
      body: csv,
      headers: { ...admin, 'content-type': 'text/csv' },
    })
    expect(response.status).toBe(200)
    const tooLarge = await t.app.request('/api/subscribers/import', {
      method: 'POST',
      body: `email\n${'x'.repeat(6 * MB)}`,
      headers: { ...admin, 'content-type': 'text/csv' },
    })
    expect(tooLarge.status).toBe(413)
    expect(await readJson(tooLarge)).toMatchObject({
      error: 'too_large',
      message: expect.stringContaining('5 MB'),
    })
  })

  it.each(['/subscribe', '/confirm', '/preferences', '/unsubscribe'])(
    'refuses a form over 16 KB on %s with a 413 error page',
    async (path) => {
      const t = await createTestApp()
      for (const init of [{ body: formOf(17 * 1024) }, streamed(formOf(17 * 1024))]) {
        const response = await t.app.request(path, {
          method: 'POST',
          ...init,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        })
        expect(response.status, path).toBe(413)
        expect(response.headers.get('content-type')).toContain('text/html')
        expect(await response.text()).toContain('16 KB')
      }
    },
  )

  it('answers a JSON subscribe over 16 KB in JSON, and takes one under it', async () => {
    const t = await createTestApp()
    const post = (body: string) =>
      t.app.request('/subscribe', { method: 'POST', body, headers: { 'content-type': 'application/json' } })
    const large = await post(JSON.stringify({ email: 'reader@example.com', name: 'x'.repeat(17 * 1024) }))
    expect(large.status).toBe(413)
    expect(await readJson(large)).toMatchObject({ error: 'too_large' })
    expect((await post(JSON.stringify({ email: 'reader@example.com', name: 'Reader' }))).status).toBe(202)
  })
})

describe('bodies that are not what the route reads', () => {
  it.each([
    ['malformed JSON', 'application/json', '{"cadence": "daily"', '(body)'],
    ['a form where JSON is expected', 'application/x-www-form-urlencoded', 'cadence=daily', 'Content-Type'],
  ])('answers %s on the digest routes with a 422 naming it', async (_case, type, body, field) => {
    const t = await createTestApp()
    for (const path of ['/api/digests/run', '/api/digests/preview', '/api/digests/test']) {
      const response = await t.app.request(path, {
        method: 'POST',
        body,
        headers: { ...admin, 'content-type': type },
      })
      expect(response.status, path).toBe(422)
      expect(await readJson(response), path).toMatchObject({ problems: [{ field }] })
    }
  })
})
