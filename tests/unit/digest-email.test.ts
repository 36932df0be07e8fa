import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import mjml2html from 'mjml'
import { describe, expect, it } from 'vitest'
import type { Article } from '../../functions/core/article'
import type { DigestVariant } from '../../functions/core/digest'
import { renderMarkdown } from '../../functions/core/markdown'
import type { SubscriberLang } from '../../functions/core/subscriber'
import {
  compileTemplate,
  DIGEST_SOURCES_PATH,
  digestSourcesModule,
  TEMPLATES_DIR,
} from '../../functions/email/compile-templates'
import { periodLabel, renderDigestVariant, type DigestVariantInput } from '../../functions/email/digest'
import { personalise, VariantTemplateError } from '../../functions/email/personalise'
import { greyPreview } from '../../functions/email/preview-colour'
import { digestSource } from '../../templates/compiled/digest-sources'
import { SITE_URL, testPublication } from '../support/test-app'

const publication = testPublication()
const WEB_VERSION_URL = `${SITE_URL}/digests/daily-2026-11-27/ko`
const HOSTILE_TITLE = 'Tom & Jerry <script>alert(1)</script> ]]> {{unsubscribeUrl}} {{ greetingName }}'
const KOREAN_BODY = [
  '## 핵심 요약',
  '',
  '- 반도체 수출이 **전년 대비 18%** 늘며 성장을 이끈다.',
  '- 민간소비 증가율은 1.4%로 둔화한다.',
  '- 기준금리는 상반기 중 두 차례 인하될 가능성이 크다.',
  '',
  '## 1. 수출',
  '',
  '- 이 목록은 요약이 아니다.',
].join('\n')
const SUBSCRIBER_PLACEHOLDERS = ['{{greetingName}}', '{{preferencesUrl}}', '{{unsubscribeUrl}}']

function article(index: number, overrides: Partial<Article> = {}): Article {
  const bodyMarkdown = overrides.bodyMarkdown ?? KOREAN_BODY
  return {
    slug: `article-${index}`,
    title: index % 2 === 0 ? `${HOSTILE_TITLE} ${index}` : `2027년 한국 경제 전망 ${index}`,
    summary: `수출은 반등하지만 내수는 부진하다 & "따옴표" {{preferencesUrl}} ${index}`,
    bodyMarkdown,
    bodyHtml: renderMarkdown(bodyMarkdown),
    lang: 'ko',
    tags: [],
    related: [
      { title: '한국은행 <통화정책> & {{x}}', url: 'https://www.bok.or.kr/?a=1&b={{unsubscribeUrl}}' },
    ],
    image: { url: `https://img.example.com/${index}.png`, alt: 'alt "{{greetingName}}"' },
    status: 'published',
    publishedAt: '2026-11-27T00:00:00.000Z',
    createdAt: '2026-11-27T00:00:00.000Z',
    updatedAt: '2026-11-27T00:00:00.000Z',
    revision: 1,
    ...overrides,
  }
}

function input(lang: SubscriberLang, count: number, overrides: Partial<DigestVariantInput> = {}) {
  return {
    digest: { id: 'daily-2026-11-27', cadence: 'daily' as const, period: '2026-11-27' },
    lang,
    articles: Array.from({ length: count }, (_, index) => article(index)),
    publication,
    postalAddress: '서울특별시 중구 세종대로 110',
    webVersionUrl: WEB_VERSION_URL,
    ...overrides,
  }
}

function variant(rendered: { subject: string; html: string; text: string }, lang = 'ko'): DigestVariant {
  return { digestId: 'daily-2026-11-27', id: 'v1', lang, articleSlugs: [], ...rendered }
}

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1
const personal = { unsubscribeUrl: `${SITE_URL}/u?t=abc&s=1`, preferencesUrl: `${SITE_URL}/p?t=abc&s=1` }

describe('renderDigestVariant', () => {
  describe.each([
    ['ko', 1],
    ['ko', 10],
    ['en', 1],
    ['en', 10],
  ] as const)('in %s with %i article(s), hostile text included', (lang, articles) => {
    // No size budget: these cases are about the cards (digest-size.test.ts is about the budget).
    const rendered = renderDigestVariant(input(lang, articles), Number.POSITIVE_INFINITY)

    it('passes strict MJML validation and renders one card per article', async () => {
      // Act
      const { html } = await rendered

      // Assess
      for (let index = 0; index < articles; index += 1) {
        expect(html).toContain(`href="${SITE_URL}/articles/article-${index}"`)
      }
      expect(count(html, 'class="html-only')).toBe(articles * 2) // the image and the button of each card
    })

    it('leaves exactly the subscriber placeholders, once each, in the HTML and in the text', async () => {
      // Act
      const { html, text } = await rendered

      // Assess
      for (const part of [html, text]) {
        expect(part.match(/\{\{[^{}]*\}\}/g)?.sort()).toEqual(SUBSCRIBER_PLACEHOLDERS)
      }
    })

    it('escapes what editors wrote, so markup stays text and braces never make a placeholder', async () => {
      // Act
      const { html, text } = await rendered

      // Assess
      expect(html).not.toMatch(/<script|\{\{\s*x|\]\]>/)
      expect(html).toContain('&lt;script&gt;')
      expect(html).toContain('&#123;&#123;unsubscribeUrl&#125;&#125;')
      expect(html).toContain('href="https://www.bok.or.kr/?a=1&amp;b=%7B%7BunsubscribeUrl%7D%7D"')
      expect(text).toContain('Tom & Jerry <script>alert(1)</script> ]]> {\u2060{unsubscribeUrl}}')
    })

    it('fills the web version link and names the count and the day in the subject', async () => {
      // Act
      const { subject, html } = await rendered

      // Assess
      expect(count(html, `href="${WEB_VERSION_URL}"`)).toBe(1)
      expect(subject).toBe(
        lang === 'ko'
          ? `Pressroom Test — ${articles}개의 새 글 (2026년 11월 27일)`
          : `Pressroom Test: ${articles} new ${articles === 1 ? 'article' : 'articles'} (27 November 2026)`,
      )
      expect(html).toContain(`<html lang="${lang}"`)
    })
  })

  it('shows the key takeaways of a Korean article in its card and as bullet lines in the text', async () => {
    // Act
    const { html, text } = await renderDigestVariant(input('ko', 1))

    // Assess
    expect(html).toContain('핵심 요약')
    expect(html).toContain('<li style="margin:2px 0;word-break:keep-all;overflow-wrap:anywhere;">민간소비')
    expect(text).toContain(' * 반도체 수출이 전년 대비 18% 늘며 성장을 이끈다.\n')
    expect(text).not.toContain('이 목록은 요약이 아니다')
  })

  it('leaves out the blocks an article has nothing for', async () => {
    // Prepare
    const bare = article(0, { summary: '', image: undefined, related: [], bodyMarkdown: 'Just text.' })

    // Act
    const { html } = await renderDigestVariant(input('en', 1, { articles: [bare] }))

    // Assess
    expect(html).not.toMatch(/<img|Key takeaways|Related links|<ul/)
    expect(html).toContain('Read more')
  })

  it('writes a text part with the titles, deks, URLs and links, and no markup', async () => {
    // Prepare
    const articles = [article(1), article(2, { title: 'Second <b>bold</b> title' })]

    // Act
    const { text } = await renderDigestVariant(input('en', 2, { articles }))

    // Assess
    expect(text).toContain('2027년 한국 경제 전망 1')
    expect(text).toContain('Second <b>bold</b> title') // the title as typed, not markup
    expect(text).toContain(`[${SITE_URL}/articles/article-1]`)
    expect(text).toContain(`[${SITE_URL}/articles/article-2]`)
    expect(text).toContain('수출은 반등하지만 내수는 부진하다 & "따옴표"')
    expect(text).toContain(`View in browser [${WEB_VERSION_URL}]`)
    expect(text).toContain('Unsubscribe [{{unsubscribeUrl}}]')
    expect(text).toContain('Hello {{greetingName}},')
    expect(text.replace('Second <b>bold</b> title', '')).not.toMatch(/<\/?[a-z][^>]*>|&[a-z]+;|&#\d+;/i)
    expect(text).not.toContain('Read more') // the button repeats the title's link
    expect(text).not.toContain('img.example.com')
  })

  it('refuses a digest without articles and a web version URL that is not http(s)', async () => {
    await expect(renderDigestVariant(input('ko', 0))).rejects.toThrow(TypeError)
    await expect(
      renderDigestVariant(input('ko', 1, { webVersionUrl: 'javascript:alert(1)' })),
    ).rejects.toThrow(TypeError)
  })
})

describe('periodLabel', () => {
  it('formats a day, an ISO week and nothing for an instant alert', () => {
    expect(periodLabel({ cadence: 'daily', period: '2026-11-27' }, 'ko-KR')).toBe('2026년 11월 27일')
    // ICU puts thin spaces around the dash of a range.
    expect(periodLabel({ cadence: 'weekly', period: '2026-W48' }, 'en-GB')).toMatch(
      /^23\s–\s29 November 2026$/,
    )
    expect(periodLabel({ cadence: 'weekly', period: '2027-W01' }, 'ko-KR')).toBe('2027년 1월 4일~10일')
    expect(periodLabel({ cadence: 'instant', period: '2026-11-27' }, 'ko-KR')).toBeUndefined()
  })
})

describe('personalise', () => {
  it('fills the links and the name, escaped in the HTML and as they are in the text', async () => {
    // Prepare
    const digest = variant(await renderDigestVariant(input('ko', 2)))

    // Act
    const { html, text } = personalise(digest, { ...personal, name: '김<민>준 & "Kim"' })

    // Assess
    expect(html).toContain('김&lt;민&gt;준 &amp; &quot;Kim&quot;님, 안녕하세요.')
    expect(html).toContain(`href="${SITE_URL}/u?t=abc&amp;s=1"`)
    expect(html).toContain(`href="${SITE_URL}/p?t=abc&amp;s=1"`)
    expect(text).toContain('김<민>준 & "Kim"님, 안녕하세요.')
    expect(text).toContain(`[${SITE_URL}/u?t=abc&s=1]`)
    for (const part of [html, text]) expect(part).not.toMatch(/\{\{\s*\w+\s*\}\}/)
    // The editor's "{{unsubscribeUrl}}" stayed words: the link went only where the template put it.
    expect(count(html, `${SITE_URL}/u?t=abc&amp;s=1`)).toBe(1)
    expect(count(text, `${SITE_URL}/u?t=abc&s=1`)).toBe(1)
  })

  it('greets neutrally without a name', async () => {
    // Prepare
    const korean = variant(await renderDigestVariant(input('ko', 1)))
    const english = variant(await renderDigestVariant(input('en', 1)), 'en')

    // Act
    const results = [personalise(korean, personal), personalise(english, { ...personal, name: '  ' })]

    // Assess
    expect(results[0]!.text).toContain('구독자님, 안녕하세요.')
    expect(results[1]!.html).toContain('Hello there,')
  })

  it('gives the same result for the same variant object, and each recipient their own links', async () => {
    // Prepare
    const digest = variant(await renderDigestVariant(input('en', 3)))

    // Act
    const first = personalise(digest, { ...personal, name: 'Ann' })
    const second = personalise(digest, {
      unsubscribeUrl: `${SITE_URL}/u/2`,
      preferencesUrl: `${SITE_URL}/p/2`,
    })
    const again = personalise(digest, { ...personal, name: 'Ann' })

    // Assess
    expect(again).toEqual(first)
    expect(second.html).toContain(`${SITE_URL}/u/2`)
    expect(second.html).not.toContain('Ann')
  })

  it('refuses links that are not http(s) and variants without an unsubscribe link', async () => {
    // Prepare
    const digest = variant(await renderDigestVariant(input('en', 1)))
    const broken = { ...digest, html: digest.html.replace('{{unsubscribeUrl}}', '') }

    // Act, Assess
    expect(() => personalise(digest, { ...personal, unsubscribeUrl: 'javascript:alert(1)' })).toThrow(
      TypeError,
    )
    expect(() => personalise(broken, personal)).toThrow(VariantTemplateError)
  })
})

describe('the digest template sources', () => {
  it('match templates/compiled/digest-sources.ts (run `npm run emails` after editing the .mjml)', async () => {
    // Act
    const generated = await digestSourcesModule()

    // Assess
    const stale = 'templates/compiled/digest-sources.ts is stale: run `npm run emails`'
    expect(generated === (await readFile(DIGEST_SOURCES_PATH, 'utf8')), stale).toBe(true)
  })

  it('compile to the same HTML as digest.mjml with its mj-includes', async () => {
    // Prepare
    const options = {
      validationLevel: 'strict',
      ignoreIncludes: false,
      fonts: {},
      keepComments: false,
    } as const

    // Act
    const fromFile = await compileTemplate(join(TEMPLATES_DIR, 'digest.mjml'))
    const fromSource = await mjml2html(digestSource, options)

    // Assess: the planner greys the hidden preheader after compiling (preview-colour.ts), as compileTemplate does
    expect(greyPreview(fromSource.html) === fromFile.html).toBe(true)
  })
})
