import { mkdirSync, readFileSync, statSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { serve, type ServerType } from '@hono/node-server'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { subscriberId, type Subscriber } from '../../functions/core/subscriber'
import { subscriberLinks } from '../../functions/core/subscriber-links'
import { violations } from '../support/axe'
import { launchChromium } from '../support/browser'
import { drain } from '../support/queue-clock'
import { createTestApp, FixedClock } from '../support/test-app'

/*
 * Every public page of a Korean publication in Debian's Chromium: axe-core's WCAG 2.1 A and AA rules in light
 * and dark, full-page screenshots at a phone's and a laptop's width for a person to review, and the bytes
 * the article page costs a reader. One list of pages (PAGES): a new page gets every check by being added there.
 */

const WIDTHS = [390, 1280] as const
const SCHEMES = ['light', 'dark'] as const
/** Where the screenshots go (gitignored): `<page>-<width>-<scheme>.png`. */
const SCREENSHOTS = fileURLToPath(new URL('../../screenshots/', import.meta.url))
/** The article page's budget: the document and everything it loads but images, as transferred (gzip). */
const ARTICLE_BUDGET_BYTES = 50 * 1024

const EXAMPLE_URL = new URL('../../examples/korean-economy-2027.md', import.meta.url)

/** What the pages' addresses depend on, made once in beforeAll. */
interface Seeded {
  slug: string
  /** A signed link to a confirmed subscriber's settings. */
  preferences: string
  /** The web version of a planned digest carrying the example. */
  digest: string
}

interface PublicPage {
  name: string
  path: (seeded: Seeded) => string
  /** The status the page answers with; checked first, so an error page never passes for the real one. */
  status?: number
}

const PAGES: PublicPage[] = [
  { name: 'home', path: () => '/' },
  { name: 'article', path: ({ slug }) => `/articles/${slug}` },
  { name: 'tag', path: () => `/tags/${encodeURIComponent('경제')}/` },
  { name: 'tags', path: () => '/tags/' },
  { name: 'archive', path: () => '/archive/' },
  { name: 'subscribe', path: () => '/subscribe' },
  { name: 'preferences', path: ({ preferences }) => preferences },
  { name: '404', path: () => '/articles/no-such-article', status: 404 },
  { name: 'digest', path: ({ digest }) => digest },
]

let browser: Browser
let server: ServerType
let baseUrl: string
let seeded: Seeded

beforeAll(async () => {
  // Prepare: the Korean example published through the admin API, a confirmed subscriber, and a daily digest
  // planned and sent for them, on the real app served over HTTP; one browser.
  const t = await createTestApp({
    publication: { lang: 'ko' },
    clock: new FixedClock(new Date('2026-11-26T23:00:00.000Z')),
  })
  const markdown = readFileSync(EXAMPLE_URL, 'utf8').replace(/^---\n/, '---\nstatus: published\n')
  const res = await t.admin('/api/articles', {
    method: 'POST',
    body: markdown,
    headers: { 'content-type': 'text/markdown; charset=utf-8' },
  })
  expect(res.status, await res.clone().text()).toBe(201)
  const slug = ((await res.json()) as { slug: string }).slug
  t.clock.advance(3600_000)

  const now = t.clock.now().toISOString()
  const subscriber: Subscriber = {
    id: subscriberId('reader@example.com'),
    email: 'reader@example.com',
    topics: [],
    cadence: 'daily',
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
  await t.deps.subscribers.create(subscriber)
  const { pathname, search } = new URL(subscriberLinks(t.deps, subscriber).preferencesUrl)

  const runtime = await t.digestRuntime('a11y')
  const [digestId] = (await runtime.plan('daily', true)).digests
  await drain(runtime.queue, t.clock)
  await runtime.stop()
  const [variant] = await t.deps.digests.listVariants(digestId!)
  seeded = { slug, preferences: `${pathname}${search}`, digest: `/digests/${digestId}/${variant!.id}` }

  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve(info.port),
    )
  })
  baseUrl = `http://127.0.0.1:${port}`
  mkdirSync(SCREENSHOTS, { recursive: true })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
})

describe.each(SCHEMES)('in the %s colour scheme', (colorScheme) => {
  it.each(PAGES)('the $name page has no WCAG 2.1 AA violation and is screenshotted', async (entry) => {
    // Prepare
    const context = await browser.newContext({ viewport: { width: WIDTHS[0], height: 800 } })
    try {
      const page = await context.newPage()
      await page.emulateMedia({ colorScheme })

      // Act: one load, then each width in turn (the pages have no script: a resize is a reflow, as for a reader)
      const response = await page.goto(`${baseUrl}${entry.path(seeded)}`, { waitUntil: 'load' })
      const found: string[] = []
      const files: string[] = []
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 800 })
        const file = `${SCREENSHOTS}${entry.name}-${width}-${colorScheme}.png`
        await page.screenshot({ path: file, fullPage: true })
        files.push(file)
        found.push(...(await violations(page, width)))
      }

      // Assess: the right page, its screenshots, and no violation
      expect(response?.status()).toBe(entry.status ?? 200)
      for (const file of files) expect(statSync(file).size).toBeGreaterThan(0)
      expect(found).toEqual([])
    } finally {
      await context.close()
    }
  })
})

describe('the article page', () => {
  it(`costs a reader at most ${ARTICLE_BUDGET_BYTES / 1024} KiB transferred, images aside`, async () => {
    // Prepare: a fresh context (empty cache), and Chromium's own count of bytes on the wire per request
    const context = await browser.newContext({ viewport: { width: 390, height: 800 } })
    try {
      const page = await context.newPage()
      const cdp = await context.newCDPSession(page)
      const requests = new Map<string, { url: string; type: string; bytes?: number }>()
      cdp.on('Network.responseReceived', ({ requestId, type, response }) =>
        requests.set(requestId, { url: response.url, type }),
      )
      cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
        const request = requests.get(requestId)
        if (request !== undefined) request.bytes = encodedDataLength
      })
      await cdp.send('Network.enable')

      // Act
      const response = await page.goto(`${baseUrl}/articles/${seeded.slug}`, { waitUntil: 'load' })
      await expect
        .poll(() => [...requests.values()].filter((request) => request.bytes === undefined))
        .toEqual([])

      // Assess: headers and bodies of the document, its CSS, JS and fonts (everything but images)
      expect(response?.status()).toBe(200)
      const counted = [...requests.values()].filter((request) => request.type !== 'Image')
      expect(counted.map((request) => request.type)).toContain('Document')
      const total = counted.reduce((sum, request) => sum + request.bytes!, 0)
      const breakdown = counted.map((request) => `${request.type} ${request.url}: ${request.bytes} B`)
      expect(total, breakdown.join('\n')).toBeLessThanOrEqual(ARTICLE_BUDGET_BYTES)
    } finally {
      await context.close()
    }
  })
})
