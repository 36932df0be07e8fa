import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { goLive } from '../../functions/core/go-live'
import { launchChromium } from '../support/browser'
import { PNG_1X1 } from '../support/images'
import { ADMIN_TOKEN, createTestApp, SITE_URL } from '../support/test-app'

/*
 * An editor at the desk in real Chromium (Debian's, through playwright-core): sign in, write a Korean
 * article as an IME types it (Chrome DevTools Protocol Input.imeSetComposition for each syllable being
 * composed, Input.insertText for the commit), watch the live preview, publish, and find it on the site.
 * The page's timers run on Playwright's fake clock: the test moves time past the preview's debounce
 * while a syllable is still being composed, so a preview sent mid-composition would be seen, not missed.
 */

const PREVIEW_DEBOUNCE_MS = 400
/** What an IME shows while composing each syllable, then commits. */
const SYLLABLES = [
  ['ㅎ', '하', '한'],
  ['ㄱ', '구', '국'],
] as const
const COMPOSING_ONLY = ['ㅎ', '하', 'ㄱ', '구'] as const
const REST = ' 경제는 반도체 수출로 회복합니다.'

let browser: Browser
let server: ServerType
let baseUrl: string
let env: Awaited<ReturnType<typeof createTestApp>>

// The little of the DOM the test reads; typed here rather than through lib "dom" (see pages.test.ts).
interface DeskDom {
  document: {
    getElementById(id: string): { value?: string; srcdoc?: string } | null
    documentElement: { scrollWidth: number }
  }
}

beforeAll(async () => {
  env = await createTestApp()
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: env.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
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

const bodyValue = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as DeskDom).document.getElementById('body')!.value!)
const previewHtml = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as DeskDom).document.getElementById('preview')!.srcdoc!)

it('signs in, writes Korean through an IME, previews, publishes and finds the article on the site', async () => {
  // Prepare: a phone-sized window, Korean first, the page's timers on a clock the test moves.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'ko-KR' })
  const page = await context.newPage()
  await page.clock.install()
  const previewBodies: string[] = []
  page.on('request', (request) => {
    if (request.url().endsWith('/admin/preview')) previewBodies.push(request.postData() ?? '')
  })

  // Sign in.
  await page.goto(`${baseUrl}/admin/sign-in`)
  await page.fill('#name', '김편집')
  await page.fill('#token', ADMIN_TOKEN)
  await Promise.all([page.waitForURL('**/admin/articles'), page.click('button[type=submit]')])
  expect(await page.content()).not.toContain(ADMIN_TOKEN)

  // A new article: title and slug typed plainly, then the body composed syllable by syllable.
  await Promise.all([page.waitForResponse('**/admin/preview'), page.goto(`${baseUrl}/admin/articles/new`)])
  expect(
    await page.evaluate(() => (globalThis as unknown as DeskDom).document.documentElement.scrollWidth),
  ).toBeLessThanOrEqual(390)
  await page.fill('#title', '한국 경제 전망')
  await page.fill('#slug', 'korean-outlook')
  await page.focus('#body')
  const cdp = await context.newCDPSession(page)
  for (const steps of SYLLABLES) {
    for (const composing of steps) {
      await cdp.send('Input.imeSetComposition', {
        text: composing,
        selectionStart: composing.length,
        selectionEnd: composing.length,
      })
      // Past the debounce, mid-composition: a preview now would carry the half-made syllable.
      await page.clock.runFor(PREVIEW_DEBOUNCE_MS * 3)
    }
    await cdp.send('Input.insertText', { text: steps[steps.length - 1]! })
  }
  await cdp.send('Input.insertText', { text: REST })

  // Assess: the textarea holds exactly the committed text, and the preview follows once typing pauses.
  expect(await bodyValue(page)).toBe(`한국${REST}`)
  await Promise.all([page.waitForResponse('**/admin/preview'), page.clock.runFor(PREVIEW_DEBOUNCE_MS * 3)])
  await expect.poll(() => previewHtml(page)).toContain(`한국${REST}`)
  expect(await previewHtml(page)).toContain('<h1>한국 경제 전망</h1>')
  const sentMidComposition = previewBodies.filter((body) =>
    COMPOSING_ONLY.some(
      (partial) => body.includes(`name="body"\r\n\r\n${partial}`) || body.includes(`한${partial}`),
    ),
  )
  expect(sentMidComposition).toEqual([])

  // Publish now, and find it on the public page.
  await Promise.all([
    page.waitForURL('**/admin/articles/korean-outlook?saved'),
    page.click('button[value=publish]'),
  ])
  expect(await page.textContent('[role=status]')).toContain('저장했습니다')
  expect(await page.textContent('#audit-heading + ol')).toContain('김편집')
  const reader = await browser.newPage()
  const response = await reader.goto(`${baseUrl}/articles/korean-outlook`)
  expect(response?.status()).toBe(200)
  expect(await reader.textContent('h1')).toBe('한국 경제 전망')
  expect(await reader.textContent('.body')).toContain(`한국${REST}`)
  await reader.close()
  await context.close()
})

it('writes a Korean article with a cover, schedules it, sees it go live on the site and in the feeds, and signs out', async () => {
  // Prepare: a laptop-sized window, Korean; the app's clock is the test's (2026-11-27 09:00 UTC).
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ko-KR' })
  const page = await context.newPage()
  await page.goto(`${baseUrl}/admin/sign-in`)
  await page.fill('#name', '박기자')
  await page.fill('#token', ADMIN_TOKEN)
  await Promise.all([page.waitForURL('**/admin/articles'), page.click('main button[type=submit]')])

  // Write: the body committed as an IME commits it (insertText), a cover image with its description.
  await page.goto(`${baseUrl}/admin/articles/new`)
  await page.fill('#title', '수출 회복 예약 기사')
  await page.fill('#slug', 'export-recovery')
  await page.focus('#body')
  await page.keyboard.insertText('반도체 수출이 석 달 만에 회복했습니다.')
  await page.setInputFiles('#cover', { name: '표지.png', mimeType: 'image/png', buffer: PNG_1X1 })
  await page.fill('#imageAlt', '수출 항구의 컨테이너')

  // Preview: the live preview shows what was typed, rendered by the page's own code.
  await expect.poll(() => previewHtml(page)).toContain('반도체 수출이 석 달 만에 회복했습니다.')
  expect(await previewHtml(page)).toContain('<h1>수출 회복 예약 기사</h1>')

  // Schedule ten minutes ahead on the publication's clock (UTC here).
  await page.fill('#scheduledAt', '2026-11-27T09:10')
  await Promise.all([
    page.waitForURL('**/admin/articles/export-recovery?saved'),
    page.click('button[value=schedule]'),
  ])
  expect(await page.textContent('main')).toContain('발행 예약됨')
  const stored = await env.deps.articles.get('export-recovery')
  expect(stored).toMatchObject({ status: 'scheduled', publishedAt: '2026-11-27T09:10:00.000Z' })
  const imageUrl = stored!.image!.url
  expect(imageUrl).toMatch(new RegExp(`^${SITE_URL}/media/[0-9a-f]{64}\\.png$`))
  const reader = await context.newPage()
  expect((await reader.goto(`${baseUrl}/articles/export-recovery`))?.status()).toBe(404)

  // Go live: its time comes and the go-live entry point runs (EventBridge Scheduler's target on AWS).
  env.clock.advance(11 * 60_000)
  expect((await goLive(env.deps)).map((article) => article.slug)).toEqual(['export-recovery'])

  // Find it on the site, its cover served at /media/, and in every feed.
  expect((await reader.goto(`${baseUrl}/articles/export-recovery`))?.status()).toBe(200)
  expect(await reader.textContent('h1')).toBe('수출 회복 예약 기사')
  const cover = await reader.goto(`${baseUrl}${new URL(imageUrl).pathname}`)
  expect(cover?.status()).toBe(200)
  expect(cover?.headers()['content-type']).toBe('image/png')
  for (const feed of ['/feed.xml', '/atom.xml', '/feed.json']) {
    const body = await (await reader.goto(`${baseUrl}${feed}`))!.text()
    expect(body, feed).toContain('수출 회복 예약 기사')
  }
  await page.reload()
  expect(await page.textContent('main')).toContain('발행됨')
  expect(await page.textContent('#audit-heading + ol')).toContain('박기자')

  // Sign out: the session ends, and the desk asks for a sign-in again.
  await Promise.all([page.waitForURL('**/admin/sign-in'), page.click('header.desk button[type=submit]')])
  await page.goto(`${baseUrl}/admin/articles`)
  expect(page.url()).toContain('/admin/sign-in')
  await context.close()
})
