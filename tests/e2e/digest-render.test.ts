import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from '../support/browser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Article } from '../../functions/core/article'
import { renderMarkdown } from '../../functions/core/markdown'
import { renderDigestVariant } from '../../functions/email/digest'
import { personalise } from '../../functions/email/personalise'
import { SITE_URL, testPublication } from '../support/test-app'

/*
 * A personalised Korean digest of five articles in a real browser (Debian's Chromium, driven by
 * playwright-core), at a phone's width and a desktop client's. The article images are served by the test
 * itself (1600 px wide, wider than any viewport) through request interception; nothing leaves the machine.
 * Korean glyphs in the screenshot need a CJK font (Debian: fonts-noto-cjk); the assertions do not.
 */

const WIDTHS = [375, 800]
const SCREENSHOT = '/tmp/digest-375.png'
const IMAGE_WIDTH = 1600
const READ_MORE = '계속 읽기'
const ARTICLE_COUNT = 5

const publication = testPublication({ title: 'Pressroom 경제 브리핑', description: '한국 경제 분석' })
const EXAMPLE = readFileSync(new URL('../../examples/korean-economy-2027.md', import.meta.url), 'utf8')
const EXAMPLE_BODY = EXAMPLE.replace(/^---\n[\s\S]*?\n---\n/, '')

function article(index: number): Article {
  const titles = [
    '2027년 한국 경제 전망: 반도체 회복과 내수 부진의 갈림길',
    '기준금리 인하 이후 가계부채는 어디로 가는가',
    // A long unbroken run, as when an editor pastes a URL as a title: must wrap, not widen the email.
    'https://www.example.com/a/very/long/path/that/an/editor/pasted/as/the/title/of/an/article/2027',
    '수출 회복의 온기는 언제 내수로 번질까',
    '반도체 다음은? 배터리·바이오·조선의 2027년',
  ]
  return {
    slug: `article-${index}`,
    title: titles[index]!,
    summary: '수출은 반도체 업황 회복에 힘입어 반등하지만, 고금리 여파와 가계부채가 내수를 짓누른다.',
    bodyMarkdown: EXAMPLE_BODY,
    bodyHtml: renderMarkdown(EXAMPLE_BODY),
    lang: 'ko',
    tags: ['경제'],
    related: [
      { title: '한국은행 통화정책방향 (2026년 11월)', url: 'https://www.bok.or.kr/' },
      { title: 'OECD Economic Outlook: Korea', url: 'https://www.oecd.org/korea/' },
    ],
    // Every other article has a picture, so cards with and without one are both seen.
    ...(index % 2 === 0 && {
      image: { url: `https://img.example.com/cover-${index}.png`, alt: '반도체 웨이퍼', type: 'image/png' },
    }),
    status: 'published',
    publishedAt: '2026-11-27T00:00:00.000Z',
    createdAt: '2026-11-27T00:00:00.000Z',
    updatedAt: '2026-11-27T00:00:00.000Z',
    revision: 1,
  }
}

let browser: Browser
let html: string
let picture: Buffer

beforeAll(async () => {
  // Prepare: the variant as the planner renders it, one subscriber's copy as the sender makes it.
  const rendered = await renderDigestVariant({
    digest: { id: 'daily-2026-11-27', cadence: 'daily', period: '2026-11-27' },
    lang: 'ko',
    articles: Array.from({ length: ARTICLE_COUNT }, (_, index) => article(index)),
    publication,
    postalAddress: '04524 서울특별시 중구 세종대로 110',
    webVersionUrl: `${SITE_URL}/digests/daily-2026-11-27/ko`,
  })
  html = personalise(
    { digestId: 'daily-2026-11-27', id: 'v1', lang: 'ko', articleSlugs: [], ...rendered },
    {
      name: '김민준',
      unsubscribeUrl: `${SITE_URL}/unsubscribe?token=abc`,
      preferencesUrl: `${SITE_URL}/preferences?token=abc`,
    },
  ).html
  browser = await launchChromium()
  // A 1600 x 900 PNG for the article images, drawn by the browser itself.
  const context = await browser.newContext({ viewport: { width: IMAGE_WIDTH, height: 900 } })
  const page = await context.newPage()
  await page.setContent(
    '<body style="margin:0;background:linear-gradient(135deg,#1d4ed8,#93c5fd);height:900px"></body>',
  )
  picture = await page.screenshot({ type: 'png' })
  await context.close()
})

afterAll(async () => {
  await browser?.close()
})

// The little of the DOM that inspect() uses, typed here rather than through lib "dom" (see pages.test.ts).
interface DomRect {
  width: number
  height: number
  left: number
  right: number
}
interface DomElement {
  readonly innerText: string
  getBoundingClientRect(): DomRect
}
interface DomImage extends DomElement {
  readonly naturalWidth: number
  readonly complete: boolean
}
interface BrowserGlobals {
  document: {
    readonly documentElement: { readonly lang: string; readonly scrollWidth: number }
    readonly body: { readonly scrollWidth: number; readonly innerText: string }
    querySelectorAll(selector: string): ArrayLike<DomElement>
  }
  innerWidth: number
  getComputedStyle(element: DomElement): { visibility: string; display: string; opacity: string }
}

/** What the tests look at, read from the live DOM in one round trip. */
function inspect(page: Page, readMore: string) {
  return page.evaluate((buttonText) => {
    const { document, innerWidth, getComputedStyle } = globalThis as unknown as BrowserGlobals
    const all = (selector: string) => Array.from(document.querySelectorAll(selector))
    const shown = (element: DomElement) => {
      const style = getComputedStyle(element)
      const box = element.getBoundingClientRect()
      return (
        style.visibility !== 'hidden' && style.display !== 'none' && style.opacity !== '0' && box.width > 0
      )
    }
    return {
      lang: document.documentElement.lang,
      innerWidth,
      scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
      text: document.body.innerText,
      images: (all('img') as DomImage[]).map((image) => ({
        complete: image.complete,
        naturalWidth: image.naturalWidth,
        width: image.getBoundingClientRect().width,
        right: image.getBoundingClientRect().right,
      })),
      buttons: all('a')
        .filter((anchor) => anchor.innerText.trim() === buttonText)
        .map((anchor) => {
          const box = anchor.getBoundingClientRect()
          return { shown: shown(anchor), left: box.left, right: box.right, height: box.height }
        }),
    }
  }, readMore)
}

type Seen = Awaited<ReturnType<typeof inspect>>
const views = new Map<number, Promise<Seen>>()

/** The digest in a fresh page `width` px wide, once per width; at 375 px also a full-page screenshot. */
function view(width: number): Promise<Seen> {
  if (!views.has(width)) {
    views.set(
      width,
      (async () => {
        const context = await browser.newContext({ viewport: { width, height: 800 }, deviceScaleFactor: 1 })
        try {
          // Pictures come from the test; everything else a mail client might fetch is refused.
          await context.route('**/*', (route) =>
            new URL(route.request().url()).hostname === 'img.example.com'
              ? route.fulfill({ status: 200, contentType: 'image/png', body: picture })
              : route.abort(),
          )
          const page = await context.newPage()
          await page.setContent(html, { waitUntil: 'load' })
          if (width === 375) await page.screenshot({ path: SCREENSHOT, fullPage: true })
          return await inspect(page, READ_MORE)
        } finally {
          await context.close()
        }
      })(),
    )
  }
  return views.get(width)!
}

describe.each(WIDTHS)('a personalised Korean digest at %i px', (width) => {
  it('fits the viewport without horizontal scrolling', async () => {
    // Act
    const seen = await view(width)

    // Assess
    expect(seen.innerWidth).toBe(width)
    expect(seen.scrollWidth).toBeLessThanOrEqual(seen.innerWidth)
  })

  it('scales the article pictures down to the viewport', async () => {
    // Act
    const seen = await view(width)

    // Assess
    expect(seen.images).toHaveLength(3)
    for (const image of seen.images) {
      expect(image.complete).toBe(true)
      expect(image.naturalWidth).toBe(IMAGE_WIDTH)
      expect(image.naturalWidth).toBeGreaterThan(image.width) // scaled down, so:
      expect(image.width).toBeLessThanOrEqual(seen.innerWidth)
      expect(image.right).toBeLessThanOrEqual(seen.innerWidth)
    }
  })

  it('shows a visible read-more button inside the viewport for every article', async () => {
    // Act
    const seen = await view(width)

    // Assess
    expect(seen.buttons).toHaveLength(ARTICLE_COUNT)
    for (const button of seen.buttons) {
      expect(button.shown).toBe(true)
      expect(button.height).toBeGreaterThanOrEqual(40) // a comfortable tap target
      expect(button.left).toBeGreaterThanOrEqual(0)
      expect(button.right).toBeLessThanOrEqual(seen.innerWidth)
    }
  })

  it('greets the subscriber by name and shows the key takeaways', async () => {
    // Act
    const seen = await view(width)

    // Assess
    expect(seen.lang).toBe('ko')
    expect(seen.text).toContain('김민준님, 안녕하세요.')
    expect(seen.text).toContain('반도체 수출이 전년 대비 18% 늘며 성장을 이끈다.')
    expect(seen.text).not.toContain('{{')
  })
})

describe('the screenshot of the digest at 375 px', () => {
  it('is written to /tmp for a person to look at', async () => {
    // Act
    await view(375)

    // Assess
    expect(readFileSync(SCREENSHOT).subarray(1, 4).toString('latin1')).toBe('PNG')
  })
})
