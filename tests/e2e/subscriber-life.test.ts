import { randomUUID } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { serve, type ServerType } from '@hono/node-server'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium } from '../support/browser'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { subscriberId } from '../../functions/core/subscriber'
import { linkIn, readOutbox } from '../support/outbox'
import { createTestApp, SITE_URL } from '../support/test-app'

/*
 * One subscriber's whole life, in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core),
 * the way a person lives it on a 375 px phone: subscribe from the home page, read the confirmation email
 * (in the SES emulator and in the outbox), confirm, change settings, unsubscribe. The pages are plain HTML
 * forms; nothing here depends on page JavaScript. Every page also gets the same accessibility checks.
 */

const WIDTH = 375
const SCREENSHOT = '/tmp/preferences-375.png'
const PUBLICATION_TITLE = 'Pressroom Test'
const SUBJECT = `${PUBLICATION_TITLE} 구독을 확인해 주세요`

/** Unique per run: the SES emulator's store is shared by every test file. */
const EMAIL = `reader-${randomUUID().slice(0, 8)}@example.com`

let app: Awaited<ReturnType<typeof createTestApp>>
let server: ServerType
let baseUrl: string
let browser: Browser
let context: BrowserContext
let page: Page

beforeAll(async () => {
  app = await createTestApp({ publication: { lang: 'ko', title: PUBLICATION_TITLE } })
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve(info.port),
    )
  })
  baseUrl = `http://127.0.0.1:${port}`
  browser = await launchChromium()
  // No JavaScript at all: the whole life must work with plain forms and links.
  context = await browser.newContext({
    viewport: { width: WIDTH, height: 800 },
    deviceScaleFactor: 1,
    javaScriptEnabled: false,
  })
  page = await context.newPage()
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
})

/** The pages link to SITE_URL (the public site); in the test the same paths are served locally. */
function local(href: string): string {
  expect(href.startsWith(`${SITE_URL}/`), href).toBe(true)
  return `${baseUrl}${href.slice(SITE_URL.length)}`
}

/** Runs `act` (a click or key press that submits a form) and waits for the page at `path` to load. */
async function submit(path: string, act: () => Promise<void>): Promise<number> {
  const response = page.waitForResponse(
    (candidate) => candidate.url() === `${baseUrl}${path}` && candidate.request().method() === 'POST',
  )
  await Promise.all([page.waitForURL(`${baseUrl}${path}`), act()])
  return (await response).status()
}

const subscriber = () => app.deps.subscribers.get(subscriberId(EMAIL))

// The little of the DOM the checks below use. Typed here rather than through lib "dom", which would make
// browser globals type-check everywhere in the project, Lambda code included.
interface DomElement {
  readonly tagName: string
  readonly id: string
  readonly textContent: string | null
  readonly outerHTML: string
  readonly labels?: ArrayLike<DomElement> | null
  getAttribute(name: string): string | null
  closest(selector: string): DomElement | null
  matches(selector: string): boolean
  getBoundingClientRect(): { left: number; right: number; width: number; height: number }
}
interface BrowserGlobals {
  document: {
    readonly documentElement: { readonly lang: string; readonly scrollWidth: number }
    readonly body: DomElement
    readonly activeElement: DomElement | null
    querySelector(selector: string): DomElement | null
    querySelectorAll(selector: string): ArrayLike<DomElement>
    getElementById(id: string): DomElement | null
  }
  innerWidth: number
  CSS: { escape(value: string): string }
  getComputedStyle(element: DomElement): { outlineStyle: string; outlineWidth: string }
}

/** What the page-wide accessibility checks look at, read from the live DOM in one round trip. */
function pageFacts() {
  return page.evaluate(() => {
    const { document, innerWidth, CSS } = globalThis as unknown as BrowserGlobals
    const text = (element: DomElement | null) => (element?.textContent ?? '').replace(/\s+/g, ' ').trim()
    // The accessible name, by the rules these pages can use: aria-labelledby, aria-label, <label>, content.
    const nameOf = (element: DomElement) => {
      const labelledBy = element.getAttribute('aria-labelledby')
      if (labelledBy)
        return labelledBy
          .split(/\s+/)
          .map((id) => text(document.getElementById(id)))
          .join(' ')
      const label = element.getAttribute('aria-label')?.trim()
      if (label) return label
      const fromLabels = Array.from(element.labels ?? [])
        .map(text)
        .join(' ')
        .trim()
      if (fromLabels) return fromLabels
      if (element.tagName === 'BUTTON') return text(element)
      return element.getAttribute('title')?.trim() ?? ''
    }
    const controls = Array.from(
      document.querySelectorAll('input:not([type=hidden]), select, textarea, button'),
    )
    return {
      lang: document.documentElement.lang,
      h1s: Array.from(document.querySelectorAll('h1')).map(text),
      unnamed: controls.filter((control) => nameOf(control) === '').map((control) => control.outerHTML),
      // Text fields and selects: a <label for=id>. Radios and checkboxes may sit inside their <label>.
      unlabelled: controls
        .filter((control) => control.tagName !== 'BUTTON')
        .filter((control) =>
          ['radio', 'checkbox'].includes(control.getAttribute('type') ?? '')
            ? control.closest('label') === null &&
              document.querySelector(`label[for="${CSS.escape(control.id)}"]`) === null
            : control.id === '' || document.querySelector(`label[for="${CSS.escape(control.id)}"]`) === null,
        )
        .map((control) => control.outerHTML),
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth,
    }
  })
}

/** The element that has focus, and how it shows it; null when focus is on the page itself. */
function focused() {
  return page.evaluate(() => {
    const { document, innerWidth, getComputedStyle } = globalThis as unknown as BrowserGlobals
    const element = document.activeElement
    if (element === null || element === document.body) return null
    const style = getComputedStyle(element)
    const box = element.getBoundingClientRect()
    return {
      html: element.outerHTML.slice(0, 120),
      text: (element.textContent ?? '').trim(),
      tag: element.tagName.toLowerCase(),
      focusVisible: element.matches(':focus-visible'),
      outlineStyle: style.outlineStyle,
      outlineWidth: Number.parseFloat(style.outlineWidth),
      inViewport: box.width > 0 && box.height > 0 && box.left >= 0 && box.right <= innerWidth,
    }
  })
}

type Focus = NonNullable<Awaited<ReturnType<typeof focused>>>

/** Presses Tab until focus comes round again, and returns every element it stopped on. */
async function tabStops(): Promise<Focus[]> {
  const stops: Focus[] = []
  for (let presses = 0; presses < 40; presses++) {
    await page.keyboard.press('Tab')
    const stop = await focused()
    if (stop === null) continue // past the last element: the browser chrome, then round again
    if (stops.some((seen) => seen.html === stop.html)) break
    stops.push(stop)
  }
  return stops
}

/**
 * The checks every page gets: a language, one <h1>, a name for every control (and a <label> for every
 * field), a visible focus indicator on every Tab stop, and no sideways scrolling at 375 px.
 */
async function expectAccessible(expectedH1: string, mustReach: string[] = []): Promise<void> {
  const facts = await pageFacts()
  expect(facts.lang).toBe('ko')
  expect(facts.h1s).toEqual([expectedH1])
  expect(facts.unnamed).toEqual([])
  expect(facts.unlabelled).toEqual([])
  expect(facts.innerWidth).toBe(WIDTH)
  expect(facts.scrollWidth).toBeLessThanOrEqual(WIDTH)

  const stops = await tabStops()
  expect(stops.length).toBeGreaterThan(0)
  for (const stop of stops) {
    expect(stop, stop.html).toMatchObject({ focusVisible: true, inViewport: true })
    expect(stop.outlineStyle, stop.html).not.toBe('none')
    expect(stop.outlineWidth, stop.html).toBeGreaterThan(0)
  }
  const reached = stops.map((stop) => `${stop.html} ${stop.text}`).join('\n')
  for (const fragment of mustReach) expect(reached).toContain(fragment)
}

describe('a subscriber’s whole life in a 375 px browser without JavaScript', () => {
  let confirmUrl: string
  let preferencesUrl: string

  it('subscribes from the home page, weekly, and is told to check the inbox', async () => {
    // Arrange
    const response = await page.goto(`${baseUrl}/`)
    expect(response?.status()).toBe(200)
    await expectAccessible(PUBLICATION_TITLE, ['type="email"', '<summary>', 'type="submit"'])
    const weekly = page.getByRole('radio', { name: '주간 요약' })
    await expect.poll(() => weekly.isVisible()).toBe(false) // inside the closed <details>

    // Act
    await page.getByLabel('이메일 주소').fill(EMAIL)
    await page.locator('summary', { hasText: '설정 바꾸기' }).click()
    await weekly.check()
    const status = await submit('/subscribe', () => page.getByRole('button', { name: '구독하기' }).click())

    // Assess
    expect(status).toBe(200)
    await expect.poll(() => page.title()).toContain('메일함을 확인해 주세요')
    expect(await page.locator('main').innerText()).toContain('확인 메일을 보냈습니다')
    await expectAccessible('메일함을 확인해 주세요')
    // The page answers before the confirmation worker has run; it records the subscriber and sends the mail.
    await app.confirmations.drained()
    expect(await subscriber()).toMatchObject({
      email: EMAIL,
      state: 'pending',
      cadence: 'weekly',
      lang: 'ko',
      timezone: 'Asia/Seoul',
      deliveryHour: 8,
      topics: [],
    })
  })

  it('has every subscribe field labelled in Korean, with the cadence as a named group', async () => {
    // Act
    await page.goto(`${baseUrl}/`)
    await page.locator('summary', { hasText: '설정 바꾸기' }).click()

    // Assess: getByLabel finds a control only through its label, so each one is properly associated.
    for (const label of ['이메일 주소', '이름 (선택)', '관심 주제', '받는 시각', '시간대', '언어']) {
      expect(await page.getByLabel(label).count(), label).toBe(1)
    }
    const cadence = page.getByRole('group', { name: '받는 주기' })
    expect(await cadence.getByRole('radio').count()).toBe(3)
    expect(await cadence.getByRole('radio', { name: '매일 요약' }).isChecked()).toBe(true)
    expect((await pageFacts()).scrollWidth).toBeLessThanOrEqual(WIDTH) // settings open, still no overflow
  })

  it('gets one Korean confirmation email, in the SES emulator and as the exact message in the outbox', async () => {
    // Act
    await app.confirmations.drained()
    const store = (await (await fetch(`${inject('sesEndpoint')}/store`)).json()) as {
      emails: {
        messageId: string
        destination: { to: string[] }
        subject: string
        body: { text?: string; html?: string }
      }[]
    }
    const files = (await readdir(app.outboxDir)).filter((file) => file.endsWith('.eml'))
    const raw = await readFile(join(app.outboxDir, files[0] ?? 'missing.eml'))
    const [mail, ...others] = await readOutbox(app.outboxDir)

    // Assess: SES received it.
    const received = store.emails.filter((email) => email.destination.to.includes(EMAIL))
    expect(received).toHaveLength(1)
    expect(received[0]!.subject).toBe(SUBJECT)

    // Assess: the outbox holds the same message, byte for byte what was sent, named by time and SES id.
    expect(files).toEqual([`20261127T090000000Z-${received[0]!.messageId}.eml`])
    expect(others).toEqual([])
    const source = raw.toString('latin1')
    const header = (name: string) =>
      mail!.headerLines.find((line) => line.key === name)?.line.replace(/\r\n[ \t]/g, ' ')
    expect(source).not.toMatch(/[^\r]\n/) // CRLF line endings only
    expect(header('subject')).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/) // RFC 2047, not raw UTF-8
    expect(header('mime-version')).toBe('MIME-Version: 1.0')
    expect(mail!.subject).toBe(SUBJECT)
    expect(mail!.from?.value).toEqual([{ name: 'Pressroom Test', address: 'news@example.com' }]) // MAIL_FROM
    expect(mail!.to).toMatchObject({ value: [{ address: EMAIL }] })
    expect(mail!.date?.toISOString()).toBe('2026-11-27T09:00:00.000Z')
    expect(mail!.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' })
    const textAt = source.indexOf('Content-Type: text/plain; charset=utf-8')
    const htmlAt = source.indexOf('Content-Type: text/html; charset=utf-8')
    expect(textAt).toBeGreaterThan(0)
    expect(htmlAt).toBeGreaterThan(textAt)

    // Assess: one confirm link, the same in both copies and in both parts.
    confirmUrl = linkIn(mail!, `${SITE_URL}/confirm?token=`)
    expect(received[0]!.body.text).toContain(confirmUrl)
    expect(received[0]!.body.html).toContain(`href="${confirmUrl}"`)
    expect(mail!.html).toContain(`href="${confirmUrl}"`)
  })

  it('opens the confirm link, which changes nothing until the button is pressed with the keyboard', async () => {
    // Arrange
    const response = await page.goto(local(confirmUrl))
    expect(response?.status()).toBe(200)
    const button = page.getByRole('button', { name: '구독 확인' })
    // No autofocus: a screen reader starts at the heading and the explanation, then reaches the button.
    expect(await button.evaluate((element) => element.matches(':focus'))).toBe(false)
    await expectAccessible('구독 확인', ['<button type="submit"'])
    expect((await subscriber())?.state).toBe('pending') // a GET (or a mail scanner) confirms nothing

    // Act
    await button.focus()
    const status = await submit('/confirm', () => page.keyboard.press('Enter'))

    // Assess
    expect(status).toBe(200)
    expect(await page.locator('main').innerText()).toContain('감사합니다')
    await expectAccessible('구독되었습니다', ['설정 바꾸기'])
    expect(await subscriber()).toMatchObject({ state: 'confirmed', consent: { source: 'form' } })
  })

  it('follows “설정 바꾸기” to the preferences page, which shows the current settings', async () => {
    // Arrange
    const link = page.getByRole('link', { name: '설정 바꾸기' })
    preferencesUrl = (await link.getAttribute('href'))!

    // Act
    expect(preferencesUrl.startsWith(`${SITE_URL}/preferences?token=`)).toBe(true)
    const response = await page.goto(local(preferencesUrl))

    // Assess
    expect(response?.status()).toBe(200)
    expect(await page.locator('main').innerText()).toContain(EMAIL)
    expect(await page.getByRole('radio', { name: '주간 요약' }).isChecked()).toBe(true)
    expect(await page.getByLabel('시간대').inputValue()).toBe('Asia/Seoul')
    await expectAccessible('뉴스레터 설정', ['설정 저장', '구독 해지'])
  })

  it('changes the cadence to daily and the topics to 경제, and says so', async () => {
    // Act
    await page.getByRole('radio', { name: '매일 요약' }).check()
    await page.getByLabel('관심 주제').fill('경제')
    const status = await submit('/preferences', () => page.getByRole('button', { name: '설정 저장' }).click())

    // Assess
    expect(status).toBe(200)
    // Before the Tab walk below, so no focus ring is in the picture.
    await page.screenshot({ path: SCREENSHOT, fullPage: true })
    expect((await readFile(SCREENSHOT)).subarray(1, 4).toString('latin1')).toBe('PNG')
    expect(await page.getByRole('status').innerText()).toBe('설정을 저장했습니다')
    expect(await page.getByRole('radio', { name: '매일 요약' }).isChecked()).toBe(true)
    expect(await page.getByLabel('관심 주제').inputValue()).toBe('경제')
    await expectAccessible('뉴스레터 설정', ['설정 저장', '구독 해지'])
    expect(await subscriber()).toMatchObject({
      state: 'confirmed',
      cadence: 'daily',
      topics: ['경제'],
      lang: 'ko',
      timezone: 'Asia/Seoul',
    })
  })

  it('unsubscribes with the button on the preferences page', async () => {
    // Act
    const status = await submit('/unsubscribe', () =>
      page.getByRole('button', { name: '구독 해지', exact: true }).click(),
    )

    // Assess
    expect(status).toBe(200)
    expect(await page.locator('main').innerText()).toContain('더 이상 메일을 받지 않습니다')
    await expectAccessible('구독이 해지되었습니다')
    expect(await subscriber()).toMatchObject({ state: 'unsubscribed', unsubscribedAt: expect.any(String) })
  })

  it('leaves the old preferences link dead after unsubscribing', async () => {
    // Act
    const response = await page.goto(local(preferencesUrl))

    // Assess
    expect(response?.status()).toBe(400)
    await expectAccessible('더 이상 쓸 수 없는 링크입니다')
  })
})
