import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from '../support/browser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, SITE_URL } from '../support/test-app'

/*
 * The public pages in a real browser: Debian's Chromium (apt package `chromium`) driven by playwright-core,
 * against the real app served over HTTP by @hono/node-server on a free port, on dynalite.
 * Korean glyphs in the screenshot need a CJK font (Debian: fonts-noto-cjk); the assertions do not.
 */

const WIDTHS = [375, 800]
const SCREENSHOT = '/tmp/article-375.png'

const EXAMPLE_URL = new URL('../../examples/korean-economy-2027.md', import.meta.url)
const KOREAN_TITLE = '2027년 한국 경제 전망: 반도체 회복과 내수 부진의 갈림길'
const FEED_LINKS = [
  { type: 'application/rss+xml', href: `${SITE_URL}/feed.xml` },
  { type: 'application/atom+xml', href: `${SITE_URL}/atom.xml` },
  { type: 'application/feed+json', href: `${SITE_URL}/feed.json` },
]

let browser: Browser
let server: ServerType
let baseUrl: string
let slug: string
let publicationTitle: string

beforeAll(async () => {
  // Prepare: the app on a free port, the example article published through the admin API, one browser.
  const env = await createTestApp()
  publicationTitle = env.deps.publication.title
  const markdown = readFileSync(EXAMPLE_URL, 'utf8').replace(/^---\n/, '---\nstatus: published\n')
  const res = await env.admin('/api/articles', {
    method: 'POST',
    body: markdown,
    headers: { 'content-type': 'text/markdown; charset=utf-8' },
  })
  expect(res.status, await res.clone().text()).toBe(201)
  slug = ((await res.json()) as { slug: string }).slug

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

// The little of the DOM that inspect() uses. Typed here rather than through lib "dom", which would make
// browser globals type-check everywhere in the project, Lambda code included.
interface DomElement {
  readonly innerText: string
  getAttribute(name: string): string | null
  getBoundingClientRect(): { width: number; height: number }
}
interface BrowserGlobals {
  document: {
    readonly title: string
    readonly contentType: string
    readonly documentElement: { readonly lang: string; readonly scrollWidth: number }
    querySelector(selector: string): DomElement | null
    querySelectorAll(selector: string): ArrayLike<DomElement>
  }
  innerWidth: number
  getComputedStyle(element: DomElement): { visibility: string; display: string }
}

/** Everything the tests look at on one page, read from the live DOM in one round trip. */
function inspect(page: Page) {
  return page.evaluate(() => {
    const { document, innerWidth, getComputedStyle } = globalThis as unknown as BrowserGlobals
    const all = (selector: string) => Array.from(document.querySelectorAll(selector))
    const texts = (selector: string) => all(selector).map((element) => element.innerText.trim())
    const table = document.querySelector('article .body table')
    const box = table?.getBoundingClientRect()
    return {
      lang: document.documentElement.lang,
      title: document.title,
      contentType: document.contentType,
      h1: document.querySelector('h1')?.innerText.trim() ?? null,
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth,
      feedLinks: all('link[rel="alternate"]').map((link) => ({
        type: link.getAttribute('type'),
        href: link.getAttribute('href'),
      })),
      // The takeaways box, before the body (핵심 요약 found by the Markdown lexer); the related cards' titles.
      bullets: texts('article .takeaways li'),
      steps: texts('article .body ol > li'),
      related: texts('article .related li h3'),
      headerCells: texts('article .body table th'),
      rows: all('article .body table tbody tr').length,
      firstRow: texts('article .body table tbody tr:first-child td'),
      // Rendered: laid out with a size, and not hidden by CSS.
      tableRendered:
        table !== null &&
        box !== undefined &&
        box.width > 0 &&
        box.height > 0 &&
        getComputedStyle(table).visibility !== 'hidden' &&
        getComputedStyle(table).display !== 'none',
      listed: texts('ol.articles > li h2'),
      listedLinks: all('ol.articles > li h2 a').map((anchor) => anchor.getAttribute('href')),
    }
  })
}

type Visit = Awaited<ReturnType<typeof inspect>> & { status: number | undefined }
const visits = new Map<string, Promise<Visit>>()

/**
 * Loads `path` in a fresh page `width` px wide, once per file, and returns what `inspect` saw; with
 * `screenshot`, also saves a full-page PNG there.
 */
function visit(path: string, width: number, screenshot?: string): Promise<Visit> {
  const key = `${width} ${path} ${screenshot ?? ''}`
  if (!visits.has(key)) {
    visits.set(
      key,
      (async () => {
        const context = await browser.newContext({ viewport: { width, height: 800 }, deviceScaleFactor: 1 })
        try {
          const page = await context.newPage()
          const response = await page.goto(`${baseUrl}${path}`, { waitUntil: 'load' })
          if (screenshot !== undefined) await page.screenshot({ path: screenshot, fullPage: true })
          return { status: response?.status(), ...(await inspect(page)) }
        } finally {
          await context.close()
        }
      })(),
    )
  }
  return visits.get(key)!
}

describe.each(WIDTHS)('the article page at %i px', (width) => {
  const article = () => visit(`/articles/${slug}`, width, width === 375 ? SCREENSHOT : undefined)

  it('renders in Korean with the title, heading and absolute feed autodiscovery links', async () => {
    // Act
    const page = await article()

    // Assess
    expect(page.status).toBe(200)
    expect(page.lang).toBe('ko')
    expect(page.title).toContain(KOREAN_TITLE)
    expect(page.h1).toBe(KOREAN_TITLE)
    expect(page.feedLinks).toEqual(expect.arrayContaining(FEED_LINKS))
    for (const link of page.feedLinks) expect(new URL(link.href!).href).toBe(link.href)
  })

  it('renders the lists, the table and the related links of the article', async () => {
    // Act
    const page = await article()

    // Assess
    expect(page.bullets).toEqual([
      '반도체 수출이 전년 대비 18% 늘며 성장을 이끈다.',
      '민간소비 증가율은 1.4%로 둔화한다.',
      '기준금리는 상반기 중 두 차례 인하될 가능성이 크다.',
    ])
    expect(page.steps).toEqual([
      '이자 부담이 가처분소득을 줄인다.',
      '부동산 시장의 거래 위축이 건설 투자를 끌어내린다.',
      '고용은 견조하지만 실질임금 상승은 더디다.',
    ])
    expect(page.headerCells).toEqual(['지표', '2026년', '2027년(전망)'])
    expect(page.rows).toBe(2)
    expect(page.firstRow).toEqual(['실질 GDP 성장률', '2.1%', '1.9%'])
    expect(page.tableRendered).toBe(true)
    expect(page.related).toEqual([
      '한국은행 통화정책방향 (2026년 11월)',
      'OECD Economic Outlook: Korea',
      '통계청 가계금융복지조사',
    ])
  })

  it('fits the viewport without horizontal scrolling', async () => {
    // Act
    const page = await article()

    // Assess
    expect(page.innerWidth).toBe(width)
    expect(page.scrollWidth).toBeLessThanOrEqual(page.innerWidth)
  })
})

describe.each(WIDTHS)('the home page at %i px', (width) => {
  it('lists the article, advertises the feeds and fits the viewport', async () => {
    // Act
    const page = await visit('/', width)

    // Assess
    expect(page.status).toBe(200)
    expect(page.h1).toBe(publicationTitle)
    expect(page.listed).toEqual([KOREAN_TITLE])
    expect(page.listedLinks).toEqual([`${SITE_URL}/articles/${slug}`])
    expect(page.feedLinks).toEqual(expect.arrayContaining(FEED_LINKS))
    expect(page.innerWidth).toBe(width)
    expect(page.scrollWidth).toBeLessThanOrEqual(page.innerWidth)
  })
})

describe('an unknown article', () => {
  it('answers 404 with an HTML page', async () => {
    // Act
    const page = await visit('/articles/no-such-article', 800)

    // Assess
    expect(page.status).toBe(404)
    expect(page.contentType).toBe('text/html')
    expect(page.h1).toBe('페이지를 찾을 수 없습니다')
  })
})

describe('the screenshot of the article at 375 px', () => {
  it('is written to /tmp for a person to look at', async () => {
    // Act
    await visit(`/articles/${slug}`, 375, SCREENSHOT)

    // Assess
    expect(readFileSync(SCREENSHOT).subarray(1, 4).toString('latin1')).toBe('PNG')
  })
})
