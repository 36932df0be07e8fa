import { readFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import AxeBuilder from '@axe-core/playwright'
import { serve, type ServerType } from '@hono/node-server'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { subscriberId, type Subscriber } from '../../functions/core/subscriber'
import { launchChromium } from '../support/browser'
import { ADMIN_TOKEN, createTestApp } from '../support/test-app'

/*
 * An editor at the desk's subscriber pages in Debian's Chromium at a phone's width, in Korean: search a
 * subscriber, export the list as CSV, import a file with a dry run first. Every page on the way is checked
 * by axe-core (WCAG 2.1 A and AA) in light and dark, and must fit 390 px without sideways scrolling.
 */

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

let browser: Browser
let server: ServerType
let baseUrl: string
let t: Awaited<ReturnType<typeof createTestApp>>

// The little of the DOM the test reads; typed here rather than through lib "dom" (see pages.test.ts).
interface Dom {
  document: { documentElement: { scrollWidth: number } }
}

beforeAll(async () => {
  t = await createTestApp()
  const now = t.clock.now().toISOString()
  const subscriber = (email: string, more: Partial<Subscriber> = {}): Subscriber => ({
    id: subscriberId(email),
    email,
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
    ...more,
  })
  await t.deps.subscribers.create(subscriber('jane.doe@example.com', { name: '김독자', topics: ['경제'] }))
  await t.deps.subscribers.create(subscriber('bob@example.com', { state: 'pending', cadence: 'weekly' }))
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve(info.port),
    )
  })
  baseUrl = `http://127.0.0.1:${port}`
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
})

/** axe-core's WCAG 2.1 AA findings on the page as it stands, in light and in dark, and its width. */
async function check(page: Page, found: string[]): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).setLegacyMode().analyze()
    found.push(
      ...results.violations.flatMap((violation) =>
        violation.nodes.map(
          (node) => `${page.url()} ${colorScheme}: ${violation.id} ${node.target.join(' ')}`,
        ),
      ),
    )
  }
  const width = await page.evaluate(() => (globalThis as unknown as Dom).document.documentElement.scrollWidth)
  if (width > 390) found.push(`${page.url()}: ${width} px wide at 390`)
}

it('searches a subscriber, exports the CSV and imports a file after a dry run, accessibly at 390 px', async () => {
  // Prepare: a phone-sized window, Korean, signed in.
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'ko-KR',
    acceptDownloads: true,
  })
  const page = await context.newPage()
  const found: string[] = []
  await page.goto(`${baseUrl}/admin/sign-in`)
  await page.fill('#name', '김편집')
  await page.fill('#token', ADMIN_TOKEN)
  await Promise.all([page.waitForURL('**/admin/articles'), page.click('button[type=submit]')])

  // Search: the nav link, a beginning of the address, then the subscriber's page.
  await Promise.all([
    page.waitForURL('**/admin/subscribers'),
    page.click('header a[href="/admin/subscribers"]'),
  ])
  await check(page, found)
  await page.fill('#q', 'JANE')
  await Promise.all([page.waitForURL('**/admin/subscribers?q=JANE*'), page.click('form[role=search] button')])
  expect(await page.textContent('table.list')).toContain('jane.doe@example.com')
  expect(await page.textContent('table.list')).not.toContain('bob@example.com')
  await Promise.all([
    page.waitForURL(`**/admin/subscribers/${subscriberId('jane.doe@example.com')}`),
    page.click('text=jane.doe@example.com'),
  ])
  expect(await page.textContent('h1')).toBe('jane.doe@example.com')
  expect(await page.textContent('dl.details')).toContain('김독자')
  await check(page, found)
  await page.goto(`${baseUrl}/admin/subscribers/counts`)
  await check(page, found)

  // Export: the link downloads the CSV.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href$="export.csv"]')])
  const csv = await readFile((await download.path())!, 'utf8')
  expect(download.suggestedFilename()).toMatch(/^subscribers-\d{4}-\d{2}-\d{2}\.csv$/)
  expect(csv).toContain('jane.doe@example.com,김독자,confirmed,daily,경제')
  expect(csv).toContain('bob@example.com')

  // Import: a file with a bad line; the dry run names it and writes nothing; the confirmation writes.
  await page.goto(`${baseUrl}/admin/subscribers/import`)
  await check(page, found)
  const file = ['email,name,cadence', 'new@example.com,새독자,weekly', 'broken-address,,daily'].join('\n')
  await page.setInputFiles('#file', { name: 'list.csv', mimeType: 'text/csv', buffer: Buffer.from(file) })
  await Promise.all([
    page.waitForURL('**/admin/subscribers/import'),
    page.click('button[type=submit] >> text=점검'),
  ])
  expect(await page.textContent('h1')).toContain('시험 실행')
  expect(await page.textContent('#import-problems')).toMatch(
    /3\s*broken-address\s*email: is not an email address/,
  )
  expect(await t.deps.subscribers.get(subscriberId('new@example.com'))).toBeUndefined()
  await check(page, found)
  await Promise.all([
    page.waitForURL('**/admin/subscribers/import/confirm'),
    page.click('button >> text=유효한 행 가져오기'),
  ])
  expect(await page.textContent('h1')).toBe('가져왔습니다')
  expect(await t.deps.subscribers.get(subscriberId('new@example.com'))).toMatchObject({
    name: '새독자',
    cadence: 'weekly',
    state: 'pending',
  })
  await check(page, found)

  // The erase confirmation, checked too (nothing erased: the test leaves by Cancel).
  await page.goto(`${baseUrl}/admin/subscribers/${subscriberId('bob@example.com')}/erase`)
  await check(page, found)

  // Assess: no WCAG 2.1 AA violation and nothing wider than the phone on any page.
  expect(found).toEqual([])
  await context.close()
})
