import type { AddressInfo } from 'node:net'
import AxeBuilder from '@axe-core/playwright'
import { serve, type ServerType } from '@hono/node-server'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InProcessQueue } from '../../functions/adapters/queue/in-process-queue'
import { createApp } from '../../functions/http/app'
import { deadLetterQueue, digestTrigger } from '../../infra/local/digest-runtime'
import { launchChromium } from '../support/browser'
import { readOutbox } from '../support/outbox'
import { ADMIN_TOKEN, articleJson, createTestApp } from '../support/test-app'

/*
 * An editor at the desk's digests in Debian's Chromium: preview a digest of a chosen article at phone and
 * desktop widths, send a test and find it in the outbox; watch a sending digest's numbers change without
 * reloading; and axe-core's WCAG 2.1 AA rules on every digest page, light and dark, at 390 px.
 */

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
const DIGEST_ID = 'daily-2026-11-27'

let browser: Browser
let server: ServerType
let baseUrl: string
let env: Awaited<ReturnType<typeof createTestApp>>
let slug: string

beforeAll(async () => {
  env = await createTestApp()
  const created = await env.admin('/api/articles', {
    method: 'POST',
    body: articleJson({ title: '반도체 수출 전망' }),
  })
  slug = ((await created.json()) as { slug: string }).slug
  // A digest that is sending: the desk shows its progress live.
  const now = env.clock.now().toISOString()
  await env.deps.digests.ensureDigest({
    id: DIGEST_ID,
    cadence: 'daily',
    period: '2026-11-27',
    state: 'sending',
    createdAt: now,
    updatedAt: now,
    counts: { planned: 3, sent: 0, failed: 0, skipped: 0 },
  })
  // One batch on the dead letters, from a send queue whose consumer cannot send (one receive allowed).
  const failing = new InProcessQueue({ maxReceiveCount: 1, onError: () => undefined })
  failing.start(async () => {
    throw new Error('SES unreachable')
  })
  await failing.send([{ digestId: DIGEST_ID, variantId: 'v1', subscriberIds: ['s1', 's2'] }])
  await failing.idle()
  await failing.stop()
  const runtime = await env.digestRuntime('e2e')
  const app = createApp({
    ...env.deps,
    digestTrigger: digestTrigger(runtime),
    deadLetters: deadLetterQueue({ queue: failing }),
  })
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
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

async function signIn(page: Page): Promise<void> {
  await page.goto(`${baseUrl}/admin/sign-in`)
  await page.fill('#name', '김편집')
  await page.fill('#token', ADMIN_TOKEN)
  await Promise.all([page.waitForURL('**/admin/articles'), page.click('button[type=submit]')])
}

const scrollWidth = (page: Page) =>
  page.evaluate(
    () =>
      (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
        .documentElement.scrollWidth,
  )

it('previews a digest of a chosen article at 390 and 600 px, sends a test and finds it in the outbox', async () => {
  // Prepare
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'ko-KR' })
  const page = await context.newPage()
  await signIn(page)

  // Act: from the nav to the preview, choose the article, preview, send a test
  await Promise.all([page.waitForURL('**/admin/digests'), page.click('header a[href="/admin/digests"]')])
  await Promise.all([
    page.waitForURL('**/admin/digests/preview'),
    page.click('a[href="/admin/digests/preview"]'),
  ])
  await page.check(`#article-${slug}`)
  await Promise.all([page.waitForURL('**/admin/digests/preview?**'), page.click('form[method=get] button')])
  const widths = await page.$$eval('iframe.email', (frames) => frames.map((frame) => frame.clientWidth))
  const frameText = await page.frameLocator('iframe[width="390"]').locator('body').innerText()
  const pageWidth = await scrollWidth(page)
  await page.fill('#to', 'editor@example.com')
  await Promise.all([
    page.waitForURL('**sent'),
    page.click('form[method=post][action="/admin/digests/test"] button'),
  ])

  // Assess: two frames at their widths showing the article, the page no wider than the phone, the test sent
  expect(widths).toEqual([390, 600].map((width) => width - 2)) // less their 1 px borders
  expect(frameText).toContain('반도체 수출 전망')
  expect(pageWidth).toBeLessThanOrEqual(390)
  expect(await page.locator('[role=status]').innerText()).toContain('테스트를 보냈습니다')
  const mails = await readOutbox(env.outboxDir)
  expect(mails).toHaveLength(1)
  expect(mails[0]!.subject).toMatch(/^\[TEST\]/)
  expect(mails[0]!.html).toContain('반도체 수출 전망')
  expect(mails[0]!.to && !Array.isArray(mails[0]!.to) && mails[0]!.to.text).toBe('editor@example.com')
  await context.close()
})

it('updates a sending digest’s numbers in place while it sends', async () => {
  // Prepare
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'ko-KR' })
  const page = await context.newPage()
  await signIn(page)
  await page.goto(`${baseUrl}/admin/digests/${DIGEST_ID}`)
  const sent = page.locator('[data-progress="sent"]')
  expect(await sent.innerText()).toBe('0')

  // Act: the sender records two sends
  await env.deps.digests.addCounts(DIGEST_ID, { sent: 2 })

  // Assess: the script's next poll shows them, inside the live region, without a reload
  await expect.poll(() => sent.innerText(), { timeout: 30_000 }).toBe('2')
  expect(await page.locator('#progress').getAttribute('aria-live')).toBe('polite')
  await env.deps.digests.addCounts(DIGEST_ID, { sent: -2 })
  await context.close()
})

describe.each(['light', 'dark'] as const)('in the %s colour scheme', (colorScheme) => {
  it('the digest pages have no WCAG 2.1 AA violation at 390 px', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'ko-KR' })
    const page = await context.newPage()
    await page.emulateMedia({ colorScheme })
    await signIn(page)
    const found: string[] = []
    for (const path of [
      '/admin/digests',
      `/admin/digests/${DIGEST_ID}`,
      `/admin/digests/preview?articles=${slug}&lang=ko`,
      '/admin/digests/dead-letters?lang=en',
    ]) {
      const response = await page.goto(`${baseUrl}${path}`)
      expect(response?.status(), path).toBe(200)
      const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).setLegacyMode().analyze()
      found.push(
        ...results.violations.flatMap((violation) =>
          violation.nodes.map(
            (node) => `${path}: ${violation.id} ${node.target.join(' ')}: ${violation.help}`,
          ),
        ),
      )
      expect(await scrollWidth(page), path).toBeLessThanOrEqual(390)
    }
    expect(found).toEqual([])
    await context.close()
  })
})
