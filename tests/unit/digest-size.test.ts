import { describe, expect, it } from 'vitest'
import type { Article } from '../../functions/core/article'
import { renderMarkdown } from '../../functions/core/markdown'
import { SUBSCRIBER_NAME_MAX_LENGTH, type Subscriber } from '../../functions/core/subscriber'
import { subscriberLinks } from '../../functions/core/subscriber-links'
import { DIGEST_HTML_BUDGET_BYTES, renderDigestVariant } from '../../functions/email/digest'
import { personalise } from '../../functions/email/personalise'
import { webVersionHtml } from '../../functions/email/web-version'
import { emailElements } from '../support/email-dom'
import { SITE_URL, testPublication } from '../support/test-app'

const publication = testPublication()
// The longest an editor may write (functions/core/article.ts): a 300-character title, a 2,000-character
// summary, 500-character takeaways (a card shows five), all Hangul: three UTF-8 bytes a character.
const HANGUL = '반도체수출과환율전망한국경제의내일을묻다 '
const korean = (length: number, seed: number) =>
  Array.from({ length }, (_, index) => HANGUL[(index * 5 + seed) % HANGUL.length]).join('')

function longestArticle(index: number): Article {
  const takeaways = Array.from({ length: 5 }, (_, n) => `- ${korean(500, index + n)}`)
  const bodyMarkdown = ['## 핵심 요약', '', ...takeaways, '', korean(400, index)].join('\n')
  return {
    slug: `korean-article-${String(index).padStart(3, '0')}-${'x'.repeat(58)}`,
    title: `${index}번 ${korean(300 - `${index}번 `.length, index)}`,
    summary: korean(2000, index),
    bodyMarkdown,
    bodyHtml: renderMarkdown(bodyMarkdown),
    lang: 'ko',
    tags: [],
    related: [],
    status: 'published',
    publishedAt: '2026-11-27T00:00:00.000Z',
    createdAt: '2026-11-27T00:00:00.000Z',
    updatedAt: '2026-11-27T00:00:00.000Z',
    revision: 1,
  }
}

/** The subscriber whose email is longest: the longest name, all quotes (each escapes to 6 bytes), and links
 * signed with the highest token version. */
const longest = (() => {
  const subscriber = { id: 'x'.repeat(22), tokenVersion: Number.MAX_SAFE_INTEGER } as Subscriber
  const links = subscriberLinks(
    { publication, tokenSecret: 's'.repeat(32), clock: { now: () => new Date() } },
    subscriber,
  )
  return { ...links, name: '"'.repeat(SUBSCRIBER_NAME_MAX_LENGTH) }
})()

const bytes = (html: string) => Buffer.byteLength(html, 'utf8')
const sizes: Record<number, { email: number; web?: number; cards: number; listed: number }> = {}

describe('a digest of any length stays under Gmail’s clipping size', { timeout: 180_000 }, () => {
  it.each([1, 20, 200])('%i articles with the longest Korean titles and takeaways', async (count) => {
    // Prepare
    const articles = Array.from({ length: count }, (_, index) => longestArticle(index + 1))
    const webVersionUrl = `${SITE_URL}/digests/daily-2026-11-27/v1`

    // Act
    const rendered = await renderDigestVariant({
      digest: { id: 'daily-2026-11-27', cadence: 'daily', period: '2026-11-27' },
      lang: 'ko',
      articles,
      publication,
      postalAddress: '서울특별시 중구 세종대로 110',
      webVersionUrl,
    })
    const variant = { digestId: 'daily-2026-11-27', id: 'v1', lang: 'ko', articleSlugs: [], ...rendered }
    const email = personalise(variant, longest)

    // Assess: under budget for the longest subscriber, and every article reachable
    expect(bytes(email.html)).toBeLessThanOrEqual(DIGEST_HTML_BUDGET_BYTES)
    expect(email.html).toContain(longest.unsubscribeUrl)
    const elements = emailElements(email.html)
    const hrefs = new Set(
      elements.filter((element) => element.tag === 'a').map((element) => element.attrs.href),
    )
    const cards = articles.filter((article) => email.html.includes(`>${article.title}</a>`))
    const listed = elements.filter((element) => element.tag === 'li' && element.attrs.lang === 'ko')
    const reachable = articles.filter((article) => hrefs.has(`${SITE_URL}/articles/${article.slug}`))
    // Cards first, then titles in order; the rest only in the web version
    expect(cards).toEqual(articles.slice(0, cards.length))
    expect(reachable).toEqual(articles.slice(0, reachable.length))
    expect(listed).toHaveLength(reachable.length - cards.length)
    if (cards.length < count) {
      expect(rendered.webHtml).toBeDefined()
      expect(hrefs.has(webVersionUrl)).toBe(true)
      expect(email.html).toContain(`이번 호의 다른 글 ${count - cards.length}편`)
      const web = webVersionHtml(variant, publication, `${SITE_URL}/subscribe`)
      for (const article of articles) expect(web).toContain(`>${article.title}</a>`)
      expect(web).not.toContain('이번 호의 다른 글')
    } else {
      expect(rendered.webHtml).toBeUndefined()
    }
    // The text part follows the email, not the web version
    expect(email.text).toContain(`${SITE_URL}/articles/${articles[0]!.slug}`)
    sizes[count] = {
      email: bytes(email.html),
      ...(rendered.webHtml !== undefined && { web: bytes(rendered.webHtml) }),
      cards: cards.length,
      listed: listed.length,
    }
  })

  it('keeps every card of a digest that fits', () => {
    expect(sizes[1]).toMatchObject({ cards: 1, listed: 0 })
    expect(sizes[20]!.cards + sizes[20]!.listed).toBe(20)
    expect(sizes[200]!.cards + sizes[200]!.listed).toBeGreaterThan(100)
    // The figures BENCHMARKS.md records ("Digest size").
    console.log(
      `digest HTML sizes (bytes, personalised for the longest subscriber): ${JSON.stringify(sizes)}`,
    )
  })
})
