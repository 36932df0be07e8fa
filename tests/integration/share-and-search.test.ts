import { PNG } from 'pngjs'
import ogs from 'open-graph-scraper'
import { XMLParser } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { checkWellFormedXml, validateSitemapWithXmllint } from '../support/checkers'
import { attribute, headLinks, jsonLdBlocks, metaContent, pageElements, textOf } from '../support/html-head'
import { articleJson, createTestApp, SITE_URL } from '../support/test-app'

const COVER = 'https://cdn.example.com/covers/chips.jpg'
const LOGO = 'https://cdn.example.com/logo.png'
const ARTICLE_URL = `${SITE_URL}/articles/bandoche-suchul-jeonmang`

const withArticle = async (overrides: Record<string, unknown> = {}, env: Record<string, string> = {}) => {
  const t = await createTestApp({ env: { PUBLICATION_LOGO_URL: LOGO, ...env } })
  const created = await t.admin('/api/articles', {
    method: 'POST',
    body: articleJson({
      author: '김기자',
      tags: ['경제', '반도체'],
      image: { url: COVER, alt: '웨이퍼를 든 연구원' },
      ...overrides,
    }),
  })
  expect(created.status).toBe(201)
  const page = await t.app.request('/articles/bandoche-suchul-jeonmang')
  expect(page.status).toBe(200)
  return { t, html: await page.text() }
}

const sitemapXml = new XMLParser({ ignoreAttributes: false })
/** Each <loc> with its <lastmod>, read by a real XML parser. */
function sitemapEntries(xml: string): { loc: string; lastmod?: string }[] {
  const document = sitemapXml.parse(xml)
  const list = document.urlset?.url ?? document.sitemapindex?.sitemap ?? []
  return [list].flat()
}

describe('link previews', () => {
  it('previews an article as KakaoTalk or X reads it (open-graph-scraper)', async () => {
    const { html } = await withArticle()
    const { error, result } = await ogs({ html })
    expect(error).toBe(false)
    expect(result).toMatchObject({
      ogTitle: '반도체 수출 전망',
      ogDescription: '메모리 가격 회복이 수출을 이끈다.',
      ogUrl: ARTICLE_URL,
      ogType: 'article',
      ogLocale: 'ko_KR',
      ogSiteName: 'Pressroom Test',
      twitterCard: 'summary_large_image',
      articlePublishedTime: '2026-11-27T09:00:00.000Z',
      articleModifiedTime: '2026-11-27T09:00:00.000Z',
    })
    expect(result.ogImage).toEqual([{ url: COVER, type: 'image/jpeg', alt: '웨이퍼를 든 연구원' }])
    expect(metaContent(html, 'og:image:alt')).toEqual(['웨이퍼를 든 연구원'])
    expect(metaContent(html, 'article:tag')).toEqual(['경제', '반도체'])
  })

  it('gives an article without an image the small card, and no og:image', async () => {
    const { html } = await withArticle({ image: undefined })
    const { result } = await ogs({ html })
    expect(result.twitterCard).toBe('summary')
    expect(metaContent(html, 'og:image')).toEqual([])
  })

  it('states the locale of an English publication as en_US, and the home page as a website', async () => {
    const t = await createTestApp({ publication: { lang: 'en' } })
    const { result } = await ogs({ html: await (await t.app.request('/')).text() })
    expect(result).toMatchObject({ ogLocale: 'en_US', ogType: 'website', ogUrl: `${SITE_URL}/` })
  })
})

describe('structured data', () => {
  it('describes the article as a schema.org NewsArticle that JSON.parse reads back', async () => {
    const { html } = await withArticle()
    const blocks = jsonLdBlocks(html)
    expect(blocks).toEqual([
      {
        '@context': 'https://schema.org',
        '@type': 'NewsArticle',
        headline: '반도체 수출 전망',
        description: '메모리 가격 회복이 수출을 이끈다.',
        datePublished: '2026-11-27T09:00:00.000Z',
        dateModified: '2026-11-27T09:00:00.000Z',
        author: { '@type': 'Person', name: '김기자' },
        image: [COVER],
        inLanguage: 'ko',
        keywords: ['경제', '반도체'],
        publisher: {
          '@type': 'Organization',
          name: 'Pressroom Test',
          url: `${SITE_URL}/`,
          logo: { '@type': 'ImageObject', url: LOGO },
        },
        mainEntityOfPage: { '@type': 'WebPage', '@id': ARTICLE_URL },
        url: ARTICLE_URL,
      },
    ])
  })

  it('keeps a title that closes the script inside the JSON-LD', async () => {
    const title = '</script><script>alert(1)</script><!-- 반도체'
    const { html } = await withArticle({ title, slug: 'bandoche-suchul-jeonmang' })
    const scripts = pageElements(html).filter((element) => element.tagName === 'script')
    // Only the JSON-LD block: the title opened no script of its own.
    expect(scripts.map((script) => attribute(script, 'type'))).toEqual(['application/ld+json'])
    expect(textOf(scripts[0]!)).not.toContain('<')
    expect(jsonLdBlocks(html)).toMatchObject([{ headline: title }])
  })

  it('names the publication as author when the article has no byline, and describes the site on the home page', async () => {
    const { t, html } = await withArticle({ author: undefined })
    expect(jsonLdBlocks(html)).toMatchObject([
      { author: { '@type': 'Organization', name: 'Pressroom Test' } },
    ])
    const home = await (await t.app.request('/')).text()
    expect(jsonLdBlocks(home)).toEqual([
      {
        '@context': 'https://schema.org',
        '@type': 'WebSite',
        name: 'Pressroom Test',
        description: 'Analysis for tests',
        url: `${SITE_URL}/`,
        inLanguage: 'ko',
        publisher: expect.objectContaining({
          '@type': 'Organization',
          logo: { '@type': 'ImageObject', url: LOGO },
        }),
      },
    ])
  })
})

describe('canonical links, verification, icon and manifest', () => {
  it('points the article at its canonical URL when it has one, and at itself otherwise', async () => {
    const elsewhere = 'https://original.example.org/2026/chips'
    const { html } = await withArticle({ canonicalUrl: elsewhere })
    expect(headLinks(html, 'canonical')).toEqual([elsewhere])
    expect(metaContent(html, 'og:url')).toEqual([elsewhere])
    expect(jsonLdBlocks(html)).toMatchObject([{ mainEntityOfPage: { '@id': elsewhere } }])

    const plain = await withArticle()
    expect(headLinks(plain.html, 'canonical')).toEqual([ARTICLE_URL])
    const home = await (await plain.t.app.request('/')).text()
    expect(headLinks(home, 'canonical')).toEqual([`${SITE_URL}/`])
    const tag = await (await plain.t.app.request(`/tags/${encodeURIComponent('경제')}/`)).text()
    expect(headLinks(tag, 'canonical')).toEqual([`${SITE_URL}/tags/${encodeURIComponent('경제')}/`])
  })

  it('gives every public page one canonical link, and keeps token pages out of the index', async () => {
    const { t } = await withArticle()
    const pages: [string, string][] = [
      ['/', `${SITE_URL}/`],
      ['/articles/bandoche-suchul-jeonmang', ARTICLE_URL],
      ['/tags/%EA%B2%BD%EC%A0%9C/', `${SITE_URL}/tags/%EA%B2%BD%EC%A0%9C/`],
      ['/subscribe', `${SITE_URL}/subscribe`],
      ['/digests', `${SITE_URL}/digests`],
    ]
    for (const [path, canonical] of pages) {
      const html = await (await t.app.request(path)).text()
      expect(headLinks(html, 'canonical'), path).toEqual([canonical])
      expect(metaContent(html, 'robots'), path).toEqual([])
    }
    const tokenPage = await (await t.app.request('/unsubscribe?token=not-a-token')).text()
    expect(headLinks(tokenPage, 'canonical')).toEqual([])
    expect(metaContent(tokenPage, 'robots')).toEqual(['noindex'])
  })

  it("prints Naver's and Google's verification tokens from the configuration on every page", async () => {
    const { t, html } = await withArticle(
      {},
      { NAVER_SITE_VERIFICATION: 'a1b2c3d4e5f6', GOOGLE_SITE_VERIFICATION: 'Xy_Z-123abc' },
    )
    for (const page of [html, await (await t.app.request('/')).text()]) {
      expect(metaContent(page, 'naver-site-verification')).toEqual(['a1b2c3d4e5f6'])
      expect(metaContent(page, 'google-site-verification')).toEqual(['Xy_Z-123abc'])
    }
    const bare = await createTestApp()
    expect(metaContent(await (await bare.app.request('/')).text(), 'naver-site-verification')).toEqual([])
  })

  it('links a PNG icon, a touch icon and a web manifest that name the publication in its language', async () => {
    const { t, html } = await withArticle()
    expect(headLinks(html, 'icon')).toEqual([`${SITE_URL}/favicon.png`])
    expect(headLinks(html, 'apple-touch-icon')).toEqual([`${SITE_URL}/apple-touch-icon.png`])
    expect(headLinks(html, 'manifest')).toEqual([`${SITE_URL}/manifest.webmanifest`])

    const manifest = await t.app.request('/manifest.webmanifest')
    expect(manifest.headers.get('content-type')).toBe('application/manifest+json; charset=utf-8')
    expect(await manifest.json()).toMatchObject({
      name: 'Pressroom Test',
      short_name: 'Pressroom Te',
      lang: 'ko',
      start_url: `${SITE_URL}/`,
      theme_color: '#0b57d0',
      background_color: '#ffffff',
      icons: [{ src: `${SITE_URL}/favicon.svg`, sizes: 'any', type: 'image/svg+xml' }],
    })
    const icon = await t.app.request('/favicon.svg')
    expect(icon.headers.get('content-type')).toBe('image/svg+xml')
    const svg = await icon.text()
    expect(checkWellFormedXml(svg)).toEqual({ valid: true, errors: [] })
    // Shapes only: a <text> in an SVG favicon makes Chromium look fonts up on the page's main thread
    const drawn = new XMLParser({ ignoreAttributes: false }).parse(svg).svg
    expect(drawn.text).toBeUndefined()
    expect(drawn.rect['@_fill']).toBe('#0b57d0')
    expect(drawn.path['@_d']).toMatch(/^M/)

    // The PNGs the pages link: the same drawing, read back by a PNG decoder.
    for (const [path, size] of [
      ['/favicon.png', 32],
      ['/apple-touch-icon.png', 180],
    ] as const) {
      const served = await t.app.request(path)
      expect(served.headers.get('content-type')).toBe('image/png')
      const png = PNG.sync.read(Buffer.from(await served.arrayBuffer()))
      const pixel = (x: number, y: number) => [
        ...png.data.subarray((y * size + x) * 4, (y * size + x) * 4 + 4),
      ]
      expect([png.width, png.height]).toEqual([size, size])
      expect(pixel(0, 0)[3]).toBe(0) // outside the rounded corner
      expect(pixel(size / 2, Math.round(size * (18 / 64)))).toEqual([255, 255, 255, 255]) // the headline bar
      expect(pixel(size / 2, Math.round(size * (26 / 64)))).toEqual([0x0b, 0x57, 0xd0, 255]) // between bars
    }
  })
})

describe('robots.txt and the sitemap', () => {
  it('names the sitemap in robots.txt and keeps crawlers off the admin API and emailed links', async () => {
    const t = await createTestApp()
    const robots = await t.app.request('/robots.txt')
    expect(robots.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    const lines = (await robots.text()).split('\n')
    expect(lines).toContain(`Sitemap: ${SITE_URL}/sitemap.xml`)
    expect(lines).toContain('Disallow: /api/')
    expect(lines).toContain('Disallow: /preferences')
  })

  it('lists home, tag pages and published articles with lastmod, never a draft, valid against the XSD', async () => {
    const t = await createTestApp()
    await t.admin('/api/articles', { method: 'POST', body: articleJson({ tags: ['경제'] }) })
    t.clock.advance(60_000)
    await t.admin('/api/articles', {
      method: 'POST',
      body: articleJson({ title: 'Memory prices', tags: ['경제', 'memory'] }),
    })
    t.clock.advance(60_000)
    await t.admin('/api/articles', {
      method: 'POST',
      body: articleJson({ title: 'Secret draft', tags: ['draft-only'], status: 'draft' }),
    })

    const response = await t.app.request('/sitemap.xml')
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8')
    const xml = await response.text()
    expect(await validateSitemapWithXmllint(xml)).toEqual({ valid: true, errors: [] })
    const first = '2026-11-27T09:00:00.000Z'
    const second = '2026-11-27T09:01:00.000Z'
    expect(sitemapEntries(xml)).toEqual([
      { loc: `${SITE_URL}/`, lastmod: second },
      { loc: `${SITE_URL}/tags/memory/`, lastmod: second },
      { loc: `${SITE_URL}/tags/${encodeURIComponent('경제')}/`, lastmod: second },
      { loc: `${SITE_URL}/articles/memory-prices`, lastmod: second },
      { loc: `${SITE_URL}/articles/bandoche-suchul-jeonmang`, lastmod: first },
    ])
    expect(xml).not.toContain('draft')
  })

  it('answers an unchanged sitemap with 304, built once per change', async () => {
    const t = await createTestApp()
    await t.admin('/api/articles', { method: 'POST', body: articleJson() })
    let builds = 0
    const list = t.deps.articles.listPublishedEntries.bind(t.deps.articles)
    t.deps.articles.listPublishedEntries = () => (builds++, list())
    t.clock.advance(10_000) // past the window in which a fresh write's index may still be settling

    const first = await t.app.request('/sitemap.xml')
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^"[\w-]+"$/) // strong
    const again = await t.app.request('/sitemap.xml', { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
    expect(builds).toBe(1)

    await t.admin('/api/articles', { method: 'POST', body: articleJson({ title: 'Second one' }) })
    t.clock.advance(10_000)
    const changed = await t.app.request('/sitemap.xml', { headers: { 'if-none-match': etag } })
    expect(changed.status).toBe(200)
    expect(await changed.text()).toContain('/articles/second-one')
    expect(builds).toBe(2)
  })

  it('becomes a sitemap index past the URL limit, every part valid and every URL in exactly one part', async () => {
    const t = await createTestApp({ appOptions: { sitemapMaxUrls: 3 } })
    for (const n of [1, 2, 3, 4, 5]) {
      t.clock.advance(60_000)
      await t.admin('/api/articles', {
        method: 'POST',
        body: articleJson({ title: `Article ${n}`, tags: n === 5 ? ['late'] : [] }),
      })
    }
    // home + 1 tag + 5 articles = 7 URLs: parts of 3, 3 and 1.
    const index = await (await t.app.request('/sitemap.xml')).text()
    expect(await validateSitemapWithXmllint(index)).toEqual({ valid: true, errors: [] })
    const parts = sitemapEntries(index)
    expect(parts.map((part) => part.loc)).toEqual([1, 2, 3].map((n) => `${SITE_URL}/sitemaps/${n}.xml`))

    const locs: string[] = []
    for (const [n, part] of parts.entries()) {
      const xml = await (await t.app.request(`/sitemaps/${n + 1}.xml`)).text()
      expect(await validateSitemapWithXmllint(xml)).toEqual({ valid: true, errors: [] })
      const entries = sitemapEntries(xml)
      expect(entries.length).toBeLessThanOrEqual(3)
      // The index's lastmod for a part is the newest of the part's own.
      expect(part.lastmod).toBe(
        entries
          .map((entry) => entry.lastmod!)
          .sort()
          .at(-1),
      )
      locs.push(...entries.map((entry) => entry.loc))
    }
    expect(locs).toHaveLength(7)
    expect(new Set(locs)).toEqual(
      new Set([
        `${SITE_URL}/`,
        `${SITE_URL}/tags/late/`,
        ...[1, 2, 3, 4, 5].map((n) => `${SITE_URL}/articles/article-${n}`),
      ]),
    )
    expect((await t.app.request('/sitemaps/4.xml')).status).toBe(404)
    expect((await t.app.request('/sitemaps/0.xml')).status).toBe(404)
  })

  it('leaves out an article whose canonical page is on another site', async () => {
    const t = await createTestApp()
    await t.admin('/api/articles', {
      method: 'POST',
      body: articleJson({ tags: [], canonicalUrl: 'https://original.example.org/a' }),
    })
    const xml = await (await t.app.request('/sitemap.xml')).text()
    expect(sitemapEntries(xml).map((entry) => entry.loc)).toEqual([`${SITE_URL}/`])
  })
})
