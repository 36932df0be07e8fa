import { beforeAll, describe, expect, it } from 'vitest'
import { HtmlPage, descendants, itemsOf, textOf } from '../support/html-page'
import { FixedClock, SITE_URL, articleJson, createTestApp } from '../support/test-app'

type TestApp = Awaited<ReturnType<typeof createTestApp>>

// Five articles over two months. a3 is 16:00 UTC on 31 October: already 1 November in Seoul.
const ARTICLES = [
  { slug: 'a1', title: '첫째 글', publishedAt: '2026-10-05T09:00:00Z', tags: ['경제'] },
  { slug: 'a2', title: '둘째 글', publishedAt: '2026-10-20T09:00:00Z', tags: ['경제', '반도체'] },
  { slug: 'a3', title: '셋째 글', publishedAt: '2026-10-31T16:00:00Z', tags: ['반도체'] },
  { slug: 'a4', title: '넷째 글', publishedAt: '2026-11-10T09:00:00Z', tags: ['경제'] },
  { slug: 'a5', title: '다섯째 글', publishedAt: '2026-11-20T09:00:00Z', tags: ['경제'] },
]

async function publishAll(t: TestApp) {
  for (const article of ARTICLES) {
    const response = await t.admin('/api/articles', { method: 'POST', body: articleJson(article) })
    expect(response.status, article.slug).toBe(201)
  }
}

const get = async (t: TestApp, path: string, headers: Record<string, string> = {}) => {
  const response = await t.app.request(path, { headers })
  return { response, page: new HtmlPage(await response.clone().text()) }
}

const listedTitles = (page: HtmlPage) =>
  page.elements('ol', { class: 'articles' }).flatMap((list) => descendants(list, 'h2').map(textOf))

describe('navigation of a Korean publication in Asia/Seoul', () => {
  let t: TestApp

  beforeAll(async () => {
    // Prepare
    t = await createTestApp({
      clock: new FixedClock(new Date('2026-11-27T00:00:00.000Z')),
      publication: {
        lang: 'ko',
        timeZone: 'Asia/Seoul',
        feedSize: 2,
        tagDescriptions: { 경제: '시장과 무역을 다룹니다.' },
      },
    })
    await publishAll(t)
    t.clock.advance(10_000) // past the index settling window, so pages are cached for good
  })

  it('pages the home page: newest first, rel links both ways, page 1 at / and the last page without "older"', async () => {
    // Act
    const first = await get(t, '/')
    const second = await get(t, '/page/2/')
    const third = await get(t, '/page/3/')

    // Assess
    expect(listedTitles(first.page)).toEqual(['다섯째 글', '넷째 글'])
    expect(first.page.rel('next')).toBe(`${SITE_URL}/page/2/`)
    expect(first.page.rel('prev')).toBeUndefined()
    expect(first.page.text('nav', { class: 'pagination' })).toContain('3쪽 중 1쪽')

    expect(second.response.status).toBe(200)
    expect(listedTitles(second.page)).toEqual(['셋째 글', '둘째 글'])
    expect(second.page.rel('prev')).toBe(`${SITE_URL}/`)
    expect(second.page.rel('next')).toBe(`${SITE_URL}/page/3/`)
    expect(second.page.rel('canonical')).toBe(`${SITE_URL}/page/2/`)
    expect(second.page.text('title')).toBe('2쪽 · Pressroom Test')

    expect(listedTitles(third.page)).toEqual(['첫째 글'])
    expect(third.page.rel('next')).toBeUndefined()
  })

  it('redirects /page/1/ to the home page and answers pages out of range with the Korean 404 page', async () => {
    // Act
    const one = await t.app.request('/page/1/')
    const beyond = await get(t, '/page/4/')
    const malformed = await get(t, '/page/02/')

    // Assess
    expect(one.status).toBe(301)
    expect(one.headers.get('location')).toBe(`${SITE_URL}/`)
    for (const { response, page } of [beyond, malformed]) {
      expect(response.status).toBe(404)
      expect(page.lang).toBe('ko')
      expect(page.text('h1')).toBe('페이지를 찾을 수 없습니다')
    }
  })

  it('answers a later page with a strong ETag, 304 on revalidation, and no Query per view', async () => {
    // Prepare
    const first = await t.app.request('/page/2/')
    const etag = first.headers.get('etag')!
    const commands: string[] = []
    t.client.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push(String(context.commandName))
        return next(args)
      },
      { step: 'initialize', name: 'countPageCommands' },
    )

    // Act
    t.clock.advance(1_000)
    const again = await t.app.request('/page/2/')
    t.clock.advance(1_000)
    const revalidated = await t.app.request('/page/2/', { headers: { 'if-none-match': etag } })
    t.client.middlewareStack.remove('countPageCommands')

    // Assess
    expect(etag).toMatch(/^"[^"]+"$/)
    expect(again.headers.get('etag')).toBe(etag)
    expect(revalidated.status).toBe(304)
    expect(await revalidated.text()).toBe('')
    // Only the publication version is read: the page was built once for this version.
    expect(commands.filter((name) => name !== 'GetItemCommand')).toEqual([])
  })

  it('lists archive months in the publication time zone, with counts, and each month with Korean dates', async () => {
    // Act
    const archive = await get(t, '/archive/')
    const november = await get(t, '/archive/2026/11/')
    const empty = await t.app.request('/archive/2026/12/')
    const malformed = await t.app.request('/archive/2026/13/')

    // Assess
    expect(archive.page.lang).toBe('ko')
    expect(itemsOf(archive.page.elements('ul', { class: 'archive' })[0]!)).toEqual([
      '2026년 11월 3편',
      '2026년 10월 2편',
    ])
    expect(november.page.text('h1')).toBe('2026년 11월')
    const items = itemsOf(november.page.elements('ol', { class: 'archive-month' })[0]!)
    expect(items).toEqual([
      '다섯째 글 2026년 11월 20일',
      '넷째 글 2026년 11월 10일',
      '셋째 글 2026년 11월 1일',
    ])
    expect(empty.status).toBe(404)
    expect(malformed.status).toBe(404)
  })

  it('lists every tag with its count, and a tag page with its description, count, feed link and pages', async () => {
    // Act
    const index = await get(t, '/tags/')
    const economy = await get(t, `/tags/${encodeURIComponent('경제')}/`)
    const economyTwo = await get(t, `/tags/${encodeURIComponent('경제')}/page/2/`)

    // Assess
    const tags = index.page.elements('ul', { class: 'tag-index' })[0]!
    expect(itemsOf(tags)).toEqual(['#경제 4편 시장과 무역을 다룹니다.', '#반도체 2편'])
    expect(economy.page.text('p', { class: 'dek' })).toBe('시장과 무역을 다룹니다.')
    const meta = economy.page.elements('p', { class: 'meta' })[0]!
    expect(textOf(meta)).toBe('4편 · #경제 구독: RSS')
    expect(
      economy.page.elements('a').map((a) => a.attrs.find((attr) => attr.name === 'href')?.value),
    ).toContain(`${SITE_URL}/tags/${encodeURIComponent('경제')}/feed.xml`)
    expect(listedTitles(economy.page)).toEqual(['다섯째 글', '넷째 글'])
    expect(economy.page.rel('next')).toBe(`${SITE_URL}/tags/${encodeURIComponent('경제')}/page/2/`)
    expect(listedTitles(economyTwo.page)).toEqual(['둘째 글', '첫째 글'])
  })

  it('links each article to the one published before and after it', async () => {
    // Act
    const middle = await get(t, '/articles/a3')
    const newest = await get(t, '/articles/a5')
    const oldest = await get(t, '/articles/a1')

    // Assess
    const nav = middle.page.elements('nav', { class: 'article-nav' })[0]!
    expect(textOf(nav)).toBe('이전 글 둘째 글 다음 글 넷째 글')
    expect(middle.page.rel('prev')).toBe(`${SITE_URL}/articles/a2`)
    expect(middle.page.rel('next')).toBe(`${SITE_URL}/articles/a4`)
    expect(newest.page.rel('next')).toBeUndefined()
    expect(newest.page.rel('prev')).toBe(`${SITE_URL}/articles/a4`)
    expect(oldest.page.rel('prev')).toBeUndefined()
  })

  it('rebuilds the pages after a change: a new article moves everything down a page', async () => {
    // Prepare
    const before = await t.app.request('/page/2/')

    // Act
    const response = await t.admin('/api/articles', {
      method: 'POST',
      body: articleJson({
        slug: 'a6',
        title: '여섯째 글',
        publishedAt: '2026-11-26T09:00:00Z',
        tags: ['경제'],
      }),
    })
    const after = await get(t, '/page/2/')
    const archive = await get(t, '/archive/')

    // Assess
    expect(response.status).toBe(201)
    expect(after.response.headers.get('etag')).not.toBe(before.headers.get('etag'))
    expect(listedTitles(after.page)).toEqual(['넷째 글', '셋째 글'])
    expect(itemsOf(archive.page.elements('ul', { class: 'archive' })[0]!)[0]).toBe('2026년 11월 4편')
  })
})

describe('navigation of an English publication in UTC', () => {
  let t: TestApp

  beforeAll(async () => {
    t = await createTestApp({ publication: { lang: 'en', timeZone: 'UTC', feedSize: 2 } })
    await publishAll(t)
  })

  it('speaks English and groups months in UTC', async () => {
    // Act
    const home = await get(t, '/')
    const archive = await get(t, '/archive/')
    const october = await get(t, '/archive/2026/10/')
    const missing = await get(t, '/page/9/')

    // Assess
    expect(home.page.text('nav', { class: 'pagination' })).toContain('Page 1 of 3')
    expect(home.page.text('a', { rel: 'next' })).toBe('Older articles →')
    expect(itemsOf(archive.page.elements('ul', { class: 'archive' })[0]!)).toEqual([
      'November 2026 2 articles',
      'October 2026 3 articles',
    ])
    expect(itemsOf(october.page.elements('ol', { class: 'archive-month' })[0]!)[0]).toBe(
      '셋째 글 October 31, 2026',
    )
    expect(missing.response.status).toBe(404)
    expect(missing.page.lang).toBe('en')
    expect(missing.page.text('h1')).toBe('Not found')
  })
})
