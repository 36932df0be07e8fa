import { beforeAll, describe, expect, it } from 'vitest'
import { subscriberId } from '../../functions/core/subscriber'
import { HtmlPage, textOf } from '../support/html-page'
import { articleJson, createTestApp } from '../support/test-app'

type TestApp = Awaited<ReturnType<typeof createTestApp>>

// 16:00 UTC on 31 October is 01:00 on 1 November in Seoul.
const LATE_EVENING_UTC = '2026-10-31T16:00:00Z'

const page = async (t: TestApp, path: string) => {
  const response = await t.app.request(path)
  return { status: response.status, page: new HtmlPage(await response.text()) }
}
const siteNav = (page: HtmlPage) => textOf(page.elements('header', { class: 'site' })[0]!)

describe('a Korean publication in Asia/Seoul', () => {
  let t: TestApp

  beforeAll(async () => {
    t = await createTestApp({ publication: { lang: 'ko', timeZone: 'Asia/Seoul' } })
    const response = await t.admin('/api/articles', {
      method: 'POST',
      body: articleJson({ slug: 'late', publishedAt: LATE_EVENING_UTC, tags: ['경제'] }),
    })
    expect(response.status).toBe(201)
  })

  it('shows Korean chrome and Korean dates in Seoul time on the home, tag and article pages', async () => {
    // Act
    const pages = await Promise.all(
      ['/', `/tags/${encodeURIComponent('경제')}/`, '/articles/late'].map((path) => page(t, path)),
    )

    // Assess
    for (const { status, page } of pages) {
      expect(status).toBe(200)
      expect(siteNav(page)).toBe('Pressroom Test 지난 글 · 주제 · RSS · Atom · JSON')
      expect(page.text('time')).toBe('2026년 11월 1일')
      expect(page.text('h2', { id: 'subscribe-heading' })).toBe('뉴스레터 구독')
    }
  })

  it('answers a missing page, a missing archive and a missing digest with the Korean 404 page', async () => {
    for (const path of ['/no/such/page', '/articles/no-such-article', '/archive/1999/01/', '/digests/x/y']) {
      // Act
      const { status, page: notFound } = await page(t, path)

      // Assess
      expect(status, path).toBe(404)
      expect(notFound.lang, path).toBe('ko')
      expect(notFound.text('h1'), path).toBe('페이지를 찾을 수 없습니다')
      expect(notFound.text('p'), path).toBe('이 주소에는 페이지가 없습니다.')
    }
  })

  it('speaks Korean on the subscribe page, the digest archive and a test digest link', async () => {
    // Act
    const subscribe = await page(t, '/subscribe')
    const digests = await page(t, '/digests')
    const testLink = await page(t, '/digests/test-link?for=unsubscribe')

    // Assess
    expect(subscribe.page.text('h1', { id: 'subscribe-heading' })).toBe('뉴스레터 구독')
    expect(digests.page.text('h1')).toBe('지난 뉴스레터')
    expect(digests.page.text('main')).toContain('아직 보낸 뉴스레터가 없습니다.')
    expect(testLink.page.text('h1')).toBe('테스트 뉴스레터의 링크')
  })

  it('mails a subscriber who names no language in Korean', async () => {
    // Act
    const response = await t.app.request('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'reader@example.com' }),
    })
    await t.confirmations.drained()
    const subscriber = await t.deps.subscribers.get(subscriberId('reader@example.com'))

    // Assess
    expect(response.status).toBe(202)
    expect(subscriber?.lang).toBe('ko')
  })
})

describe('an English publication', () => {
  it('shows English chrome and dates in UTC', async () => {
    // Prepare
    const t = await createTestApp({ publication: { lang: 'en' } })
    await t.admin('/api/articles', {
      method: 'POST',
      body: articleJson({ slug: 'late', lang: 'en', publishedAt: LATE_EVENING_UTC, tags: ['economy'] }),
    })

    // Act
    const home = await page(t, '/')
    const article = await page(t, '/articles/late')
    const missing = await page(t, '/articles/none')

    // Assess
    expect(siteNav(home.page)).toBe('Pressroom Test Archive · Topics · RSS · Atom · JSON')
    expect(home.page.text('time')).toBe('October 31, 2026')
    expect(article.page.text('time')).toBe('October 31, 2026')
    expect(missing.page.lang).toBe('en')
    expect(missing.page.text('h1')).toBe('Not found')
  })
})
