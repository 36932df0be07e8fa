import { describe, expect, it } from 'vitest'
import type { Article } from '../../functions/core/article'
import { renderMarkdown } from '../../functions/core/markdown'
import { renderDigestVariant, type DigestVariantInput } from '../../functions/email/digest'
import { readingMinutes } from '../../functions/email/reading-time'
import { emailElements, headStyles, type EmailElement } from '../support/email-dom'
import { SITE_URL, testPublication } from '../support/test-app'

const LOGO_URL = 'https://cdn.example.com/logo.png'
// 1,500 Hangul syllables and 476 English words in a Korean article: the core counts every non-space character of
// Korean text at 500 a minute (core/reading-time.ts), 1,500 + 476 × 4 ≈ 3,400 characters: 7 minutes.
const BODY = `${'가나다라마바사아자차 '.repeat(150)}\n\n${'word '.repeat(476)}`

function article(overrides: Partial<Article> = {}): Article {
  return {
    slug: 'chip-recovery',
    title: '반도체 회복',
    summary: '수출은 반등한다.',
    bodyMarkdown: BODY,
    bodyHtml: renderMarkdown(BODY),
    lang: 'ko',
    tags: [],
    related: [],
    author: '김민준',
    image: { url: 'https://img.example.com/wafer.jpg', alt: '반도체 웨이퍼를 든 손' },
    status: 'published',
    // 23:30 UTC on 26 November is already 27 November in Seoul.
    publishedAt: '2026-11-26T23:30:00.000Z',
    createdAt: '2026-11-26T23:30:00.000Z',
    updatedAt: '2026-11-26T23:30:00.000Z',
    revision: 1,
    ...overrides,
  }
}

function input(overrides: Partial<DigestVariantInput> = {}): DigestVariantInput {
  return {
    digest: { id: 'daily-2026-11-27', cadence: 'daily', period: '2026-11-27' },
    lang: 'ko',
    articles: [article()],
    publication: testPublication({ logoUrl: LOGO_URL }),
    postalAddress: '서울특별시 중구 세종대로 110',
    webVersionUrl: `${SITE_URL}/digests/daily-2026-11-27/ko`,
    ...overrides,
  }
}

/** The card of an article: the white box (dm-card) that holds the link to it. */
function cardOf(elements: EmailElement[], slug: string): EmailElement {
  const card = elements.find(
    (element) =>
      element.tag === 'div' &&
      element.classes.includes('dm-card') &&
      element.descendants.some((inner) => inner.attrs.href === `${SITE_URL}/articles/${slug}`),
  )
  if (card === undefined) throw new Error(`no card for ${slug}`)
  return card
}

describe('the digest card', () => {
  it('shows the cover image with its alt text, a set width and a fluid style, linking the article', async () => {
    // Act
    const { html } = await renderDigestVariant(input())

    // Assess
    const card = cardOf(emailElements(html), 'chip-recovery')
    const image = card.descendants.find((element) => element.tag === 'img')
    const imageLink = card.descendants.find(
      (element) => element.tag === 'a' && element.descendants.some((inner) => inner.tag === 'img'),
    )
    expect(image?.attrs).toMatchObject({
      src: 'https://img.example.com/wafer.jpg',
      alt: '반도체 웨이퍼를 든 손',
    })
    expect(Number(image?.attrs.width)).toBeGreaterThan(0)
    expect(image?.attrs.style).toMatch(/(^|;)width:100%;/)
    expect(image?.attrs.style).toMatch(/height:auto/)
    expect(imageLink?.attrs.href).toBe(`${SITE_URL}/articles/chip-recovery`)
  })

  it('has no image element when the article has no cover', async () => {
    // Act
    const { image: _none, ...bare } = article()
    const { html } = await renderDigestVariant(input({ articles: [bare] }))

    // Assess
    const card = cardOf(emailElements(html), 'chip-recovery')
    expect(card.descendants.filter((element) => element.tag === 'img')).toEqual([])
  })

  it.each([
    ['ko', undefined, '김민준 · 2026년 11월 26일 · 7분 읽기'],
    ['en', undefined, '김민준 · 26 November 2026 · 7 min read'],
    ['ko', 'Asia/Seoul', '김민준 · 2026년 11월 27일 · 7분 읽기'],
    ['en', 'Asia/Seoul', '김민준 · 27 November 2026 · 7 min read'],
  ] as const)(
    'in %s with time zone %s, names the author, the day published and the reading time',
    async (lang, timeZone, expected) => {
      // Prepare: the zone as the publication's configuration would give it (UTC when it gives none).
      const publication = { ...testPublication(), ...(timeZone !== undefined && { timeZone }) }

      // Act
      const { html, text } = await renderDigestVariant(input({ lang, publication }))

      // Assess
      const card = cardOf(emailElements(html), 'chip-recovery')
      expect(card.descendants.filter((element) => element.tag === 'p').map((p) => p.text)).toContain(expected)
      expect(text).toContain(expected)
    },
  )

  it('leaves the author out when the article names none', async () => {
    // Act
    const { author: _none, ...anonymous } = article()
    const { html } = await renderDigestVariant(input({ lang: 'en', articles: [anonymous] }))

    // Assess
    const card = cardOf(emailElements(html), 'chip-recovery')
    expect(card.descendants.map((element) => element.text)).toContain('26 November 2026 · 7 min read')
  })
})

describe('readingMinutes', () => {
  it('reads Korean by characters and English by words', () => {
    expect(readingMinutes({ bodyHtml: `<p>${'가'.repeat(1000)}</p>`, lang: 'ko' })).toBe(2)
    expect(readingMinutes({ bodyHtml: `<p>${'word '.repeat(714)}</p>`, lang: 'en' })).toBe(3)
    expect(readingMinutes({ bodyHtml: '<p>짧다</p>', lang: 'ko' })).toBe(1)
  })
})

describe('the digest header', () => {
  it("shows the publication's logo, linking home, with the title as its alt text", async () => {
    // Act
    const { html, text } = await renderDigestVariant(input())

    // Assess
    const elements = emailElements(html)
    const logo = elements.find((element) => element.tag === 'img' && element.attrs.src === LOGO_URL)
    expect(logo?.attrs.alt).toBe('Pressroom Test')
    // The logo replaces the title: no text link to the home page with the publication's name.
    expect(elements.filter((element) => element.tag === 'a' && element.text === 'Pressroom Test')).toEqual([])
    expect(
      elements.some(
        (element) =>
          element.tag === 'a' &&
          element.attrs.href === `${SITE_URL}/` &&
          element.descendants.some((inner) => inner.attrs.src === LOGO_URL),
      ),
    ).toBe(true)
    expect(text).toContain('Pressroom Test')
  })

  it('falls back to the title as text when no logo is configured', async () => {
    // Act
    const { html } = await renderDigestVariant(input({ publication: testPublication() }))

    // Assess
    const elements = emailElements(html)
    expect(elements.filter((element) => element.tag === 'img' && element.attrs.src === LOGO_URL)).toEqual([])
    const title = elements.find((element) => element.tag === 'a' && element.text === 'Pressroom Test')
    expect(title?.attrs.href).toBe(`${SITE_URL}/`)
  })
})

describe('dark mode', () => {
  it('keeps its head styles and colour-scheme meta through the MJML compiler', async () => {
    // Act
    const { html } = await renderDigestVariant(input())

    // Assess
    const elements = emailElements(html)
    const meta = (name: string) =>
      elements.find((element) => element.tag === 'meta' && element.attrs.name === name)?.attrs.content
    expect(meta('color-scheme')).toBe('light dark')
    expect(meta('supported-color-schemes')).toBe('light dark')
    const css = headStyles(html).join('\n')
    expect(css).toMatch(/@media \(prefers-color-scheme: dark\) \{[^@]*\.dm-card/)
    expect(css).toMatch(/\[data-ogsc\] \.dm-card/)
    expect(css).toMatch(/\[data-ogsb\] \.body/)
    expect(css).toMatch(/u \+ \.body \.gmail-screen/)
    // The classes those rules name are on the elements they recolour.
    expect(elements.find((element) => element.tag === 'body')?.classes).toContain('body')
    expect(elements.filter((element) => element.classes.includes('dm-card')).length).toBeGreaterThan(1)
    expect(elements.some((element) => element.classes.includes('dm-button'))).toBe(true)
  })
})
