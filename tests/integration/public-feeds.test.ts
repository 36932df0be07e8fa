import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../functions/http/app'
import { articleJson, createTestApp, readJson } from '../support/test-app'

type TestApp = Awaited<ReturnType<typeof createTestApp>>

const jsonFeed = async (t: TestApp, path = '/feed.json') => readJson(t.app.request(path))
const titles = (feed: { items: { title: string }[] }) => feed.items.map((item) => item.title)

describe('public feeds and pages', () => {
  let t: TestApp
  beforeEach(async () => {
    t = await createTestApp()
  })

  const publish = async (overrides: Record<string, unknown>) => {
    const response = await t.admin('/api/articles', { method: 'POST', body: articleJson(overrides) })
    expect(response.status).toBe(201)
    t.clock.advance(60_000)
  }

  /** The names of the DynamoDB commands the app sends from now on, recorded at the client. */
  const recordCommands = () => {
    const commands: string[] = []
    t.client.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push(String(context.commandName))
        return next(args)
      },
      { step: 'initialize', name: 'recordCommands' },
    )
    return commands
  }

  it('lists published articles newest first and never drafts', async () => {
    await publish({ title: 'Old' })
    await publish({ title: 'Draft', status: 'draft' })
    await publish({ title: 'New' })
    expect(titles(await jsonFeed(t))).toEqual(['New', 'Old'])
  })

  it('caps the feed at the configured size', async () => {
    t = await createTestApp({ publication: { feedSize: 2 } })
    for (const n of [1, 2, 3]) await publish({ title: `Post ${n}` })
    expect(titles(await jsonFeed(t))).toEqual(['Post 3', 'Post 2'])
  })

  it('serves per-tag feeds with only that tag, and follows tag changes', async () => {
    await publish({ title: 'Economy', tags: ['경제'] })
    await publish({ title: 'Chips', tags: ['반도체', '경제'] })
    await publish({ title: 'Other', tags: ['정치'] })
    expect(titles(await jsonFeed(t, `/tags/${encodeURIComponent('경제')}/feed.json`))).toEqual([
      'Chips',
      'Economy',
    ])

    await t.admin('/api/articles/economy', {
      method: 'PUT',
      body: articleJson({ title: 'Economy', tags: ['정치'] }),
    })
    await t.admin('/api/articles/chips/unpublish', { method: 'POST' })
    expect(titles(await jsonFeed(t, `/tags/${encodeURIComponent('경제')}/feed.json`))).toEqual([])
    expect(titles(await jsonFeed(t, `/tags/${encodeURIComponent('정치')}/feed.json`))).toEqual([
      'Other',
      'Economy',
    ])
  })

  it('shows a new article in the feed on the next request', async () => {
    await publish({ title: 'First' })
    const before = await t.app.request('/feed.xml')
    await publish({ title: 'Second' })
    const after = await t.app.request('/feed.xml')
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'))
    expect(await after.text()).toContain('Second')
  })

  it('shows a write through this app at once, even within the version read interval', async () => {
    await t.admin('/api/articles', { method: 'POST', body: articleJson({ title: 'First' }) })
    t.clock.advance(10_000)
    const before = await t.app.request('/feed.json')
    await t.admin('/api/articles', { method: 'POST', body: articleJson({ title: 'Second' }) }) // clock unchanged
    const after = await t.app.request('/feed.json')
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'))
    expect(titles(await readJson(after))).toEqual(['Second', 'First'])
  })

  it('answers a matching If-None-Match with 304 and no body', async () => {
    await publish({ title: 'First' })
    t.clock.advance(10_000)
    const first = await t.app.request('/atom.xml')
    const etag = first.headers.get('etag')!
    const second = await t.app.request('/atom.xml', { headers: { 'if-none-match': etag } })
    expect(second.status).toBe(304)
    expect(await second.text()).toBe('')
    expect(second.headers.get('etag')).toBe(etag)
  })

  it('sends gzip or brotli when accepted, with the same content and a validator per coding', async () => {
    await publish({ title: '압축', body: '본문 '.repeat(2000) })
    const plain = await t.app.request('/feed.xml')
    const plainText = await plain.text()
    for (const [accept, coding, decode] of [
      ['gzip, deflate', 'gzip', gunzipSync],
      ['br;q=1.0, gzip;q=0.8', 'br', brotliDecompressSync],
    ] as const) {
      const response = await t.app.request('/feed.xml', { headers: { 'accept-encoding': accept } })
      expect(response.headers.get('content-encoding')).toBe(coding)
      const bytes = Buffer.from(await response.arrayBuffer())
      expect(bytes.byteLength).toBeLessThan(Buffer.byteLength(plainText) / 5)
      expect(decode(bytes).toString('utf8')).toBe(plainText)
      const etag = response.headers.get('etag')!
      expect(etag).not.toBe(plain.headers.get('etag'))
      const revalidated = await t.app.request('/feed.xml', {
        headers: { 'accept-encoding': accept, 'if-none-match': etag },
      })
      expect(revalidated.status).toBe(304)
    }
  })

  it('answers the HTML 404 page for a slug that cannot exist, without reading DynamoDB', async () => {
    const commands = recordCommands()
    for (const slug of [
      'a%20b',
      '%3Cscript%3E',
      'UPPER-Case',
      '..%2F..%2Fx',
      'x'.repeat(300),
      'x'.repeat(1100),
    ]) {
      const response = await t.app.request(`/articles/${slug}`)
      expect(response.status, slug).toBe(404)
      expect(response.headers.get('content-type')).toMatch(/^text\/html/)
      expect(await response.text()).not.toContain('<script>')
    }
    expect(commands).toEqual([])
  })

  it('costs at most one GetItem and no Query per poll of an unchanged feed, and never scans', async () => {
    await publish({ title: 'First', tags: ['경제'] })
    t.clock.advance(10_000) // past the window in which a fresh build is kept only briefly
    const commands = recordCommands()
    for (const path of ['/feed.xml', `/tags/${encodeURIComponent('경제')}/atom.xml`]) {
      await t.app.request(path) // builds and caches
      commands.length = 0
      for (let poll = 0; poll < 5; poll++) {
        t.clock.advance(1_000) // each poll after the version read has expired: one GetItem each
        await t.app.request(path)
      }
      expect(commands, path).toEqual(Array(5).fill('GetItemCommand'))
      commands.length = 0
      for (let poll = 0; poll < 5; poll++) await t.app.request(path) // within a second: shared read
      expect(commands.length, path).toBeLessThanOrEqual(1)
    }
  })

  it('builds the home and tag pages with the feeds, once per change: no Query per view, validators, security headers', async () => {
    await publish({ title: 'First', tags: ['경제'] })
    t.clock.advance(10_000)
    const commands = recordCommands()
    const tagPage = `/tags/${encodeURIComponent('경제')}/`
    for (const path of ['/', tagPage]) {
      const first = await t.app.request(path)
      expect(first.status, path).toBe(200)
      expect(first.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(first.headers.get('content-security-policy')).toContain("default-src 'self'")
      expect(first.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=600')
      expect(await first.text()).toContain('>First</a>')
      commands.length = 0
      for (let view = 0; view < 5; view++) {
        t.clock.advance(1_000)
        expect((await t.app.request(path)).status).toBe(200)
      }
      expect(commands, path).toEqual(Array(5).fill('GetItemCommand'))
      const revalidated = await t.app.request(path, {
        headers: { 'if-none-match': first.headers.get('etag')! },
      })
      expect(revalidated.status, path).toBe(304)
    }
    // The feed of the same scope was built with the page: polling it reads nothing more.
    commands.length = 0
    await t.app.request('/feed.xml')
    expect(commands.filter((name) => name !== 'GetItemCommand')).toEqual([])

    // A new article shows on both pages at once (a write through this app refreshes the cache).
    await publish({ title: 'Second', tags: ['경제'] })
    for (const path of ['/', tagPage])
      expect(await (await t.app.request(path)).text()).toContain('>Second</a>')
  })

  it('answers 500 with an error page, not a crash, when the store fails during a poll', async () => {
    const failing = Object.assign(Object.create(t.deps.articles) as typeof t.deps.articles, {
      publicationVersion: () => Promise.reject(new Error('DynamoDB is down')),
    })
    const app = createApp({ ...t.deps, articles: failing })
    const response = await app.request('/feed.xml')
    expect(response.status).toBe(500)
    expect(await response.text()).not.toContain('DynamoDB is down')
  })

  it('answers HEAD with the headers of GET and no body', async () => {
    await publish({ title: 'First' })
    const get = await t.app.request('/feed.xml')
    const head = await t.app.request('/feed.xml', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    for (const name of ['etag', 'last-modified', 'cache-control', 'content-type']) {
      expect(head.headers.get(name), name).toBe(get.headers.get(name))
    }
  })

  it('answers If-Modified-Since with 304 when nothing changed since', async () => {
    await publish({ title: 'First' })
    const first = await t.app.request('/feed.json')
    const lastModified = first.headers.get('last-modified')!
    expect(
      (await t.app.request('/feed.json', { headers: { 'if-modified-since': lastModified } })).status,
    ).toBe(304)
    await publish({ title: 'Second' })
    expect(
      (await t.app.request('/feed.json', { headers: { 'if-modified-since': lastModified } })).status,
    ).toBe(200)
  })

  it('shows a published article page with its Korean text, tags and related links', async () => {
    await publish({
      title: '반도체 수출 전망',
      related: [{ title: '한국은행', url: 'https://www.bok.or.kr/' }],
    })
    const response = await t.app.request('/articles/bandoche-suchul-jeonmang')
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain('<html lang="ko">')
    expect(html).toContain('<title>반도체 수출 전망 · Pressroom Test</title>')
    expect(html).toContain('href="https://news.example.com/feed.xml"')
    expect(html).toContain('<a href="https://www.bok.or.kr/">한국은행</a>')
  })

  it('answers unknown slugs and drafts with a real 404 page', async () => {
    await publish({ title: 'Secret', status: 'draft' })
    for (const path of ['/articles/nope', '/articles/secret', '/no/such/page']) {
      const response = await t.app.request(path)
      expect(response.status, path).toBe(404)
      expect(response.headers.get('content-type')).toContain('text/html')
    }
  })
})
