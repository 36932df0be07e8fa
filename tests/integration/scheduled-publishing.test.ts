import { createServer, type Server } from 'node:http'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { listenAll } from '../../functions/adapters/listen-all'
import { IndexNowPinger } from '../../functions/adapters/search/indexnow-pinger'
import { HubPinger } from '../../functions/adapters/websub/hub-pinger'
import type { Timers } from '../../functions/adapters/scheduler/timer-scheduler'
import { goLive } from '../../functions/core/go-live'
import { subscriberId, type Subscriber } from '../../functions/core/subscriber'
import { localGoLive } from '../../infra/local/go-live'
import { LocalIndexNow } from '../support/local-indexnow'
import { readOutbox } from '../support/outbox'
import { drain } from '../support/queue-clock'
import { articleJson, createTestApp, FixedClock, readJson } from '../support/test-app'

// A ceiling for the digest runs (real MJML, dynalite, SES emulator), not an expectation of speed.
const CEILING_MS = 120_000
const INDEXNOW_KEY = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d'

/** A WebSub hub on loopback that counts the feed URLs it is told about. */
class CountingHub {
  readonly pinged: string[] = []
  url = ''
  private server?: Server

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk) => (body += chunk))
      req.on('end', () => {
        this.pinged.push(new URLSearchParams(body).get('hub.url') ?? '')
        res.writeHead(204).end()
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

/** Timers that never fire on their own: the test moves its clock and runs what is due. */
class HeldTimers implements Timers {
  readonly delays: number[] = []
  set(_callback: () => void, delayMs: number): unknown {
    this.delays.push(delayMs)
    return this.delays.length
  }
  clear(): void {}
}

const START = new Date('2026-11-27T09:00:00.000Z')
// 10:00 in Seoul on the next day: 25 hours after START.
const GOES_LIVE = '2026-11-28T10:00:00+09:00'
const GOES_LIVE_MS = Date.parse(GOES_LIVE)
const TAG_FEED = `/tags/${encodeURIComponent('경제')}/feed.xml`
const PUBLIC_PATHS = [
  '/',
  '/feed.xml',
  '/atom.xml',
  '/feed.json',
  TAG_FEED,
  `/tags/${encodeURIComponent('경제')}/`,
]

describe('scheduled publishing', { timeout: CEILING_MS }, () => {
  let hub: CountingHub
  let engine: LocalIndexNow
  beforeEach(async () => {
    hub = new CountingHub()
    await hub.start()
    engine = new LocalIndexNow()
    await engine.start()
  })
  afterEach(async () => {
    await hub.stop()
    await engine.stop()
  })

  const setup = async () => {
    const clock = new FixedClock(new Date(START))
    const timers = new HeldTimers()
    const local = localGoLive({ clock, timers })
    // The hub and IndexNow, each a real server on loopback, told of changes in the background as under npm start.
    const pinger = listenAll([
      new HubPinger([hub.url], { backoffMs: 5, timeoutMs: 2_000, log: () => {} }),
      new IndexNowPinger({
        key: INDEXNOW_KEY,
        siteUrl: 'https://news.example.com',
        endpoint: engine.url,
        backoffMs: 5,
        timeoutMs: 2_000,
        log: () => {},
      }),
    ])
    const t = await createTestApp({
      clock,
      hubs: [hub.url],
      feedListener: pinger,
      scheduler: local.scheduler,
    })
    await local.start(t.deps)
    const bodies = async () =>
      Promise.all(PUBLIC_PATHS.map(async (path) => (await t.app.request(path)).text()))
    return { t, clock, timers, local, pinger, bodies }
  }

  const schedule = (t: Awaited<ReturnType<typeof createTestApp>>, overrides: Record<string, unknown> = {}) =>
    t.admin('/api/articles', {
      method: 'POST',
      body: articleJson({
        title: '예약된 분석',
        slug: 'scheduled-analysis',
        status: 'scheduled',
        publishedAt: GOES_LIVE,
        ...overrides,
      }),
    })

  it('keeps a scheduled article off every page and feed until its time, then publishes it on its own', async () => {
    // Prepare: one live article, one scheduled for tomorrow 10:00 in Seoul
    const { t, clock, timers, local, pinger, bodies } = await setup()
    await t.admin('/api/articles', {
      method: 'POST',
      body: articleJson({ title: '오늘의 분석', slug: 'live' }),
    })
    await pinger.idle()
    const pingsForLive = hub.pinged.length
    const submissionsForLive = engine.received.length

    // Act
    const created = await schedule(t)

    // Assess: stored as scheduled, a timer armed for its moment, and nothing public changed
    expect(created.status).toBe(201)
    expect(await readJson(created)).toMatchObject({
      status: 'scheduled',
      publishedAt: '2026-11-28T01:00:00.000Z',
    })
    expect(timers.delays).toContain(GOES_LIVE_MS - START.getTime())
    expect(local.scheduler.pending()).toEqual([
      { slug: 'scheduled-analysis', at: '2026-11-28T01:00:00.000Z' },
    ])
    const before = await bodies()
    for (const body of before) expect(body).toContain('오늘의 분석')
    for (const body of before) expect(body).not.toContain('예약된 분석')
    expect((await t.app.request('/articles/scheduled-analysis')).status).toBe(404)
    await pinger.idle()
    expect(hub.pinged).toHaveLength(pingsForLive)
    expect(engine.received).toHaveLength(submissionsForLive)
    const list = await readJson(t.admin('/api/articles'))
    expect(list.items.map((a: { slug: string; status: string }) => [a.slug, a.status])).toContainEqual([
      'scheduled-analysis',
      'scheduled',
    ])
    const etagBefore = (await t.app.request('/feed.xml')).headers.get('etag')

    // Act: a second before its time nothing happens; at its time the timer's run publishes it
    clock.current = new Date(GOES_LIVE_MS - 1000)
    await local.scheduler.runDue()
    expect((await t.app.request('/articles/scheduled-analysis')).status).toBe(404)
    clock.current = new Date(GOES_LIVE_MS + 2000)
    await local.scheduler.runDue()
    await pinger.idle()

    // Assess: live everywhere, feeds rebuilt (new ETag), the hub told about the site's and the tag's feeds
    const after = await bodies()
    for (const body of after) expect(body).toContain('예약된 분석')
    expect((await t.app.request('/articles/scheduled-analysis')).status).toBe(200)
    expect((await t.app.request('/feed.xml')).headers.get('etag')).not.toBe(etagBefore)
    const stored = await readJson(t.admin('/api/articles/scheduled-analysis'))
    expect(stored).toMatchObject({ status: 'published', publishedAt: clock.now().toISOString() })
    expect(hub.pinged.slice(pingsForLive).sort()).toEqual(
      [
        'https://news.example.com/feed.xml',
        'https://news.example.com/atom.xml',
        'https://news.example.com/feed.json',
        `https://news.example.com${TAG_FEED}`,
        `https://news.example.com${TAG_FEED.replace('feed.xml', 'atom.xml')}`,
        `https://news.example.com${TAG_FEED.replace('feed.xml', 'feed.json')}`,
      ].sort(),
    )
    // IndexNow told of the article's page, once, when it went live (and not when it was scheduled)
    expect(engine.received.slice(submissionsForLive).map((submission) => submission.body)).toEqual([
      expect.objectContaining({
        key: INDEXNOW_KEY,
        urlList: expect.arrayContaining(['https://news.example.com/articles/scheduled-analysis']),
      }),
    ])
    expect(local.scheduler.pending()).toEqual([])

    // Act + Assess: the same schedule firing again (at least once delivery) publishes nothing twice
    expect(await goLive(t.deps, 'scheduled-analysis')).toEqual([])
  })

  it('leaves a scheduled article out of the instant email until it goes live, then mails it', async () => {
    // Prepare: an instant subscriber, one live and one scheduled article
    const { t, clock, local } = await setup()
    const now = clock.now().toISOString()
    const reader: Subscriber = {
      id: subscriberId('instant@example.com'),
      email: 'instant@example.com',
      topics: [],
      cadence: 'instant',
      deliveryHour: 9,
      timezone: 'Asia/Seoul',
      lang: 'ko',
      state: 'confirmed',
      createdAt: now,
      updatedAt: now,
      confirmedAt: now,
      softBounces: 0,
      tokenVersion: 1,
      revision: 1,
    }
    await t.deps.subscribers.create(reader)
    clock.advance(60_000)
    await t.admin('/api/articles', {
      method: 'POST',
      body: articleJson({ title: '오늘의 분석', slug: 'live' }),
    })
    await schedule(t)
    const runtime = await t.digestRuntime('test')

    // Act: the planner runs before the article's time
    clock.advance(60_000)
    const early = await runtime.plan('instant', false)
    await drain(runtime.queue, clock)

    // Assess: only the live article was mailed
    expect(early.planned).toBe(1)
    let mails = await readOutbox(t.outboxDir)
    expect(mails).toHaveLength(1)
    expect(mails[0]!.text).toContain('오늘의 분석')
    expect(mails.some((mail) => mail.text?.includes('예약된 분석'))).toBe(false)

    // Act: its time comes, it goes live, the instant planner runs again
    clock.current = new Date(GOES_LIVE_MS + 1000)
    await local.scheduler.runDue()
    clock.advance(60_000)
    const late = await runtime.plan('instant', false)
    await drain(runtime.queue, clock)

    // Assess: the scheduled article is mailed now, once
    expect(late.planned).toBe(1)
    mails = await readOutbox(t.outboxDir)
    expect(mails.filter((mail) => mail.text?.includes('예약된 분석'))).toHaveLength(1)
    await runtime.stop()
  })

  it('moves the go-live on a reschedule, and a stale go-live at the old time does nothing', async () => {
    // Prepare
    const { t, clock, local } = await setup()
    const created = await readJson(schedule(t))

    // Act: put it back a day
    const later = '2026-11-29T10:00:00+09:00'
    const moved = await t.admin('/api/articles/scheduled-analysis', {
      method: 'PUT',
      body: articleJson({
        title: '예약된 분석',
        status: 'scheduled',
        publishedAt: later,
        revision: created.revision,
      }),
    })

    // Assess: the old moment passes (and a schedule left for it fires, as on AWS) without a publish
    expect(await readJson(moved)).toMatchObject({
      status: 'scheduled',
      publishedAt: '2026-11-29T01:00:00.000Z',
    })
    expect(local.scheduler.pending()).toEqual([
      { slug: 'scheduled-analysis', at: '2026-11-29T01:00:00.000Z' },
    ])
    clock.current = new Date(GOES_LIVE_MS + 1000)
    await local.scheduler.runDue()
    expect(await goLive(t.deps, 'scheduled-analysis')).toEqual([])
    expect((await t.app.request('/articles/scheduled-analysis')).status).toBe(404)
    expect(await (await t.app.request('/feed.json')).text()).not.toContain('예약된 분석')

    // Act + Assess: at the new moment it goes live
    clock.current = new Date(Date.parse(later) + 1000)
    await local.scheduler.runDue()
    expect((await t.app.request('/articles/scheduled-analysis')).status).toBe(200)
  })

  it('cancels: back to draft, without the planned date, and its time passes unpublished', async () => {
    // Prepare
    const { t, clock, local } = await setup()
    await schedule(t)

    // Act
    const cancelled = await readJson(
      t.admin('/api/articles/scheduled-analysis/unpublish', { method: 'POST' }),
    )

    // Assess
    expect(cancelled.status).toBe('draft')
    expect(cancelled.publishedAt).toBeUndefined()
    expect(local.scheduler.pending()).toEqual([])
    clock.current = new Date(GOES_LIVE_MS + 1000)
    expect(await goLive(t.deps, 'scheduled-analysis')).toEqual([])
    expect((await t.app.request('/articles/scheduled-analysis')).status).toBe(404)
  })

  it('arms the go-live again after a restart, and publishes what fell due while it was down', async () => {
    // Prepare: scheduled under one process, which then stops
    const { t, clock, local } = await setup()
    await schedule(t)
    local.stop()

    // Act: a new process starts after the article's time
    clock.current = new Date(GOES_LIVE_MS + 60_000)
    const restarted = localGoLive({ clock, timers: new HeldTimers() })
    await restarted.start(t.deps)
    expect(restarted.scheduler.pending()).toEqual([
      { slug: 'scheduled-analysis', at: '2026-11-28T01:00:00.000Z' },
    ])
    await restarted.scheduler.runDue()

    // Assess
    expect((await t.app.request('/articles/scheduled-analysis')).status).toBe(200)
  })

  it('publishes a scheduled article at once when the editor publishes it by hand', async () => {
    const { t, local } = await setup()
    await schedule(t)

    const published = await readJson(t.admin('/api/articles/scheduled-analysis/publish', { method: 'POST' }))

    expect(published).toMatchObject({ status: 'published', publishedAt: START.toISOString() })
    expect(local.scheduler.pending()).toEqual([])
    expect((await t.app.request('/articles/scheduled-analysis')).status).toBe(200)
  })

  it('schedules a "published" article whose publishedAt is ahead, and keeps a past one a backdated publish', async () => {
    const { t } = await setup()

    const ahead = await readJson(schedule(t, { status: 'published' }))
    const backdated = await readJson(
      t.admin('/api/articles', {
        method: 'POST',
        body: articleJson({
          title: '지난 분석',
          slug: 'backdated',
          publishedAt: '2026-11-01T09:00:00+09:00',
        }),
      }),
    )

    expect(ahead).toMatchObject({ status: 'scheduled', publishedAt: '2026-11-28T01:00:00.000Z' })
    expect(backdated).toMatchObject({ status: 'published', publishedAt: '2026-11-01T00:00:00.000Z' })
    expect(await (await t.app.request('/feed.xml')).text()).toContain('지난 분석')
  })

  it.each([
    ['without publishedAt', undefined, 'is required to schedule'],
    ['with a past publishedAt', '2026-11-27T08:59:59Z', 'must be in the future'],
    ['with a date that is not one', '2026-02-30', 'must be a real date'],
  ])('refuses to schedule %s, naming publishedAt', async (_case, publishedAt, problem) => {
    const { t } = await setup()

    const response = await schedule(t, { publishedAt })

    expect(response.status).toBe(422)
    const body = await readJson(response)
    expect(JSON.stringify(body)).toContain('publishedAt')
    expect(JSON.stringify(body)).toContain(problem)
    expect((await readJson(t.admin('/api/articles'))).items).toEqual([])
  })
})
