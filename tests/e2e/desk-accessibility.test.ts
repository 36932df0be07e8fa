import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { violations } from '../support/axe'
import { launchChromium } from '../support/browser'
import { ADMIN_TOKEN, articleJson, createTestApp } from '../support/test-app'

/*
 * Every page of the editors' desk in Debian's Chromium, Korean, at a phone's and a laptop's width: axe-core's
 * WCAG 2.1 A and AA rules find nothing. The conflict page is reached as an editor reaches it: a save from a
 * form someone else's save has made stale.
 */

const WIDTHS = [390, 1280] as const

let browser: Browser
let server: ServerType
let baseUrl: string
let t: Awaited<ReturnType<typeof createTestApp>>
let context: BrowserContext

beforeAll(async () => {
  t = await createTestApp({ publication: { timeZone: 'Asia/Seoul' } })
  const created = await t.admin('/api/articles', {
    method: 'POST',
    body: articleJson({ slug: 'chips', status: 'draft' }),
  })
  expect(created.status).toBe(201)
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve(info.port),
    )
  })
  baseUrl = `http://127.0.0.1:${port}`
  browser = await launchChromium()
  context = await browser.newContext({ viewport: { width: WIDTHS[0], height: 800 }, locale: 'ko-KR' })
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
})

/** Violations on the page as it stands, at each width in turn. */
async function atEveryWidth(page: Page): Promise<string[]> {
  const found: string[] = []
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 })
    found.push(...(await violations(page, width)))
  }
  return found
}

describe('the desk', () => {
  it('sign-in page has no WCAG 2.1 AA violation', async () => {
    const page = await context.newPage()
    const response = await page.goto(`${baseUrl}/admin/sign-in`)
    expect(response?.status()).toBe(200)
    expect(await atEveryWidth(page)).toEqual([])
    // Signs in for the pages below (the context keeps the session cookie).
    await page.fill('#name', '김편집')
    await page.fill('#token', ADMIN_TOKEN)
    await Promise.all([page.waitForURL('**/admin/articles'), page.click('main button[type=submit]')])
    await page.close()
  })

  it.each([
    ['article list', '/admin/articles'],
    ['article list filtered', '/admin/articles?status=scheduled'],
    ['new article editor', '/admin/articles/new'],
    ['article editor', '/admin/articles/chips'],
    ['delete confirmation', '/admin/articles/chips/delete'],
  ])('%s page has no WCAG 2.1 AA violation', async (_name, path) => {
    const page = await context.newPage()
    const response = await page.goto(`${baseUrl}${path}`)
    expect(response?.status()).toBe(200)
    expect(page.url()).toContain(path)
    expect(await atEveryWidth(page)).toEqual([])
    await page.close()
  })

  it('conflict page (a stale save) has no WCAG 2.1 AA violation', async () => {
    const page = await context.newPage()
    await page.goto(`${baseUrl}/admin/articles/chips`)
    const theirs = await t.admin('/api/articles/chips', {
      method: 'PUT',
      body: articleJson({ slug: 'chips', status: 'draft', body: '다른 사람이 쓴 본문' }),
    })
    expect(theirs.status).toBe(200)
    // The save's own answer: the editor's live preview also POSTs (to /admin/preview), at its own pace.
    const [response] = await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/admin/articles/chips',
      ),
      page.click('button[value=save]'),
    ])
    expect(response.status()).toBe(409)
    await page.waitForLoadState('load')
    expect(await page.textContent('main')).toContain('다른 사람이 쓴 본문')
    expect(await atEveryWidth(page)).toEqual([])
    await page.close()
  })
})
