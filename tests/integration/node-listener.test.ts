import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type RequestListener,
  type Server,
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { gunzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../functions/http/app'
import { nodeListener } from '../../functions/http/node-listener'
import { articleJson, createTestApp } from '../support/test-app'

interface Raw {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

/** A raw HTTP exchange: no Accept-Encoding unless given, no decoding, as a feed reader's client sees it. */
function send(base: string, path: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  return new Promise<Raw>((resolve, reject) => {
    const req = httpRequest(
      `${base}${path}`,
      { method: init.method ?? 'GET', headers: init.headers },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end()
  })
}

describe('the node:http adapter (npm start)', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let server: Server
  let base: string

  const listen = async (listener: RequestListener) => {
    server = createServer(listener)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }

  beforeEach(async () => {
    t = await createTestApp()
    const created = await t.admin('/api/articles', { method: 'POST', body: articleJson({ title: '첫 글' }) })
    expect(created.status).toBe(201)
    t.clock.advance(60_000) // past the settle window, so the build is kept
    await listen(nodeListener(t.app))
  })
  afterEach(async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  })

  it('answers feed polls with the same bytes and validators as the fetch adapter Lambda uses', async () => {
    for (const path of ['/feed.xml', '/atom.xml', '/feed.json']) {
      const viaNode = await send(base, path)
      const viaFetch = await t.app.request(path)
      expect(viaNode.status).toBe(200)
      expect(viaNode.body.equals(Buffer.from(await viaFetch.arrayBuffer()))).toBe(true)
      for (const name of ['etag', 'last-modified', 'cache-control', 'content-type', 'vary']) {
        expect(viaNode.headers[name], `${path} ${name}`).toBe(viaFetch.headers.get(name))
      }
      expect(viaNode.headers['content-length']).toBe(String(viaNode.body.byteLength))
    }
  })

  it('gives 304 with no body to a matching If-None-Match or If-Modified-Since, and 200 to a stale one', async () => {
    const first = await send(base, '/feed.xml')
    const etag = first.headers.etag!
    const byTag = await send(base, '/feed.xml', { headers: { 'if-none-match': etag } })
    expect(byTag.status).toBe(304)
    expect(byTag.body.byteLength).toBe(0)
    expect(byTag.headers.etag).toBe(etag)
    expect(byTag.headers['content-type']).toBeUndefined()

    const byDate = await send(base, '/feed.xml', {
      headers: { 'if-modified-since': first.headers['last-modified']! },
    })
    expect(byDate.status).toBe(304)
    const stale = await send(base, '/feed.xml', { headers: { 'if-none-match': '"not-this-one"' } })
    expect(stale.status).toBe(200)
    expect(stale.body.equals(first.body)).toBe(true)
  })

  it('answers HEAD with the GET headers and no body', async () => {
    const get = await send(base, '/atom.xml')
    const head = await send(base, '/atom.xml', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.body.byteLength).toBe(0)
    expect(head.headers.etag).toBe(get.headers.etag)
    expect(head.headers['content-length']).toBe(String(get.body.byteLength))
  })

  it('sends the gzip variant with its own ETag to a client that accepts it', async () => {
    const plain = await send(base, '/feed.xml')
    const gzip = await send(base, '/feed.xml', { headers: { 'accept-encoding': 'gzip' } })
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(gzip.headers.etag).not.toBe(plain.headers.etag)
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true)
  })

  it('shows a new article on the next poll', async () => {
    const before = await send(base, '/feed.xml')
    await t.admin('/api/articles', { method: 'POST', body: articleJson({ title: '둘째 글' }) })
    const after = await send(base, '/feed.xml', { headers: { 'if-none-match': before.headers.etag! } })
    expect(after.status).toBe(200)
    expect(after.body.toString()).toContain('둘째 글')
  })

  it('leaves everything else to Hono: pages, queries, other methods', async () => {
    const page = await send(base, '/')
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toMatch(/^text\/html/)
    expect(page.headers['x-content-type-options']).toBe('nosniff') // from Hono's secure-headers middleware

    const withQuery = await send(base, '/feed.xml?utm_source=reader')
    expect(withQuery.status).toBe(200)
    expect(withQuery.headers.etag).toBe((await send(base, '/feed.xml')).headers.etag)

    const post = await send(base, '/feed.xml', { method: 'POST' })
    expect(post.status).toBe(404)
    const api = await send(base, '/api/articles')
    expect(api.status).toBe(401)
    expect(JSON.parse(api.body.toString())).toMatchObject({ error: expect.any(String) })
  })

  it('falls back to Hono when the fast path fails, so a store error is an error page, not a dropped socket', async () => {
    const failing = createApp({
      ...t.deps,
      articles: Object.assign(Object.create(t.deps.articles) as typeof t.deps.articles, {
        publicationVersion: () => Promise.reject(new Error('DynamoDB is down')),
      }),
    })
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await listen(nodeListener(failing))
    const response = await send(base, '/feed.xml')
    expect(response.status).toBe(500)
    expect(response.body.toString()).not.toContain('DynamoDB is down')
  })
})
