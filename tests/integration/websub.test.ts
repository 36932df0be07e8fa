import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HubPinger } from '../../functions/adapters/websub/hub-pinger'
import { articleJson, createTestApp } from '../support/test-app'

interface Ping {
  mode: string | null
  url: string | null
}

/** A real HTTP hub on loopback whose behaviour each test sets. */
class LocalHub {
  readonly pings: Ping[] = []
  respond: (req: IncomingMessage, res: ServerResponse, ping: Ping) => void = (_req, res) =>
    res.writeHead(204).end()
  private server?: Server
  url = ''

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk) => (body += chunk))
      req.on('end', () => {
        const form = new URLSearchParams(body)
        const ping = { mode: form.get('hub.mode'), url: form.get('hub.url') }
        this.pings.push(ping)
        this.respond(req, res, ping)
      })
    })
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server!.address() as { port: number }).port}/hub`
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise((resolve) => this.server?.close(resolve))
  }
}

describe('WebSub', () => {
  let hub: LocalHub
  beforeEach(async () => {
    hub = new LocalHub()
    await hub.start()
  })
  afterEach(async () => hub.stop())

  const setup = async (options: ConstructorParameters<typeof HubPinger>[1] = {}) => {
    const pinger = new HubPinger([hub.url], { backoffMs: 5, timeoutMs: 500, log: () => {}, ...options })
    const t = await createTestApp({ hubs: [hub.url], feedListener: pinger })
    return { t, pinger }
  }

  it('advertises the hub and self in every subscription feed', async () => {
    const { t } = await setup()
    const atom = await (await t.app.request('/atom.xml')).text()
    expect(atom).toContain(`<link rel="hub" href="${hub.url}"/>`)
    expect(atom).toContain('<link rel="self" href="https://news.example.com/atom.xml"/>')
    const rss = await (await t.app.request('/tags/x/feed.xml')).text()
    expect(rss).toContain(`<atom:link href="${hub.url}" rel="hub"/>`)
    const json = await (await t.app.request('/feed.json')).json()
    expect(json).toMatchObject({ hubs: [{ type: 'WebSub', url: hub.url }] })
  })

  it('pings the hub for the publication and tag feeds on publish, update and unpublish', async () => {
    const { t, pinger } = await setup()
    await t.admin('/api/articles', { method: 'POST', body: articleJson({ tags: ['경제'] }) })
    await pinger.idle()
    const tagFeed = `https://news.example.com/tags/${encodeURIComponent('경제')}/feed.xml`
    expect(hub.pings.map((p) => p.url).sort()).toEqual(
      [
        'https://news.example.com/feed.xml',
        'https://news.example.com/atom.xml',
        'https://news.example.com/feed.json',
        tagFeed,
        tagFeed.replace('feed.xml', 'atom.xml'),
        tagFeed.replace('feed.xml', 'feed.json'),
      ].sort(),
    )
    expect(hub.pings.every((p) => p.mode === 'publish')).toBe(true)

    hub.pings.length = 0
    await t.admin('/api/articles/bandoche-suchul-jeonmang/unpublish', { method: 'POST' })
    await pinger.idle()
    expect(hub.pings).toHaveLength(6)
  })

  it('does not ping for a draft', async () => {
    const { t, pinger } = await setup()
    await t.admin('/api/articles', { method: 'POST', body: articleJson({ status: 'draft' }) })
    await pinger.idle()
    expect(hub.pings).toEqual([])
  })

  it('answers the editor before a slow hub answers', async () => {
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    hub.respond = (_req, res) => void held.then(() => res.writeHead(204).end())
    const { t, pinger } = await setup({ timeoutMs: 10_000 })

    const response = await t.admin('/api/articles', { method: 'POST', body: articleJson({ tags: [] }) })

    expect(response.status).toBe(201)
    expect(hub.pings.length).toBeLessThanOrEqual(3) // received, but none answered yet
    release()
    await pinger.idle()
    expect(hub.pings).toHaveLength(3)
  })

  it('retries a failing hub until it accepts, and gives up after the last attempt', async () => {
    let calls = 0
    hub.respond = (_req, res) => res.writeHead(++calls <= 2 ? 503 : 204).end()
    const { t, pinger } = await setup({ attempts: 3 })
    await t.admin('/api/articles', { method: 'POST', body: articleJson({ tags: [] }) })
    await pinger.idle()
    // 3 topics; the first two answers were 503s, so 5 requests in all got every topic through.
    expect(hub.pings).toHaveLength(5)

    hub.pings.length = 0
    hub.respond = (_req, res) => res.writeHead(500).end()
    await t.admin('/api/articles/bandoche-suchul-jeonmang/unpublish', { method: 'POST' })
    await pinger.idle()
    expect(hub.pings).toHaveLength(9)
  })
})
