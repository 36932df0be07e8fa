import { describe, expect, it } from 'vitest'
import type { Article } from '../../functions/core/article'
import { renderMarkdown } from '../../functions/core/markdown'
import { renderWelcomeEmail, type WelcomeEmailInput } from '../../functions/email/welcome'
import { emailElements, headStyles } from '../support/email-dom'
import { SITE_URL, testPublication } from '../support/test-app'

const HOSTILE = 'Tom & Jerry <script>alert(1)</script> {{unsubscribeUrl}}'

function article(index: number): Article {
  return {
    slug: `article-${index}`,
    title: `${HOSTILE} ${index}`,
    summary: `dek ${index}`,
    bodyMarkdown: 'word '.repeat(500),
    bodyHtml: renderMarkdown('word '.repeat(500)),
    lang: 'en',
    tags: [],
    related: [],
    status: 'published',
    publishedAt: `2026-11-0${index}T00:00:00.000Z`,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    revision: 1,
  }
}

const input = (overrides: Partial<WelcomeEmailInput> = {}): WelcomeEmailInput => ({
  lang: 'en',
  publication: testPublication(),
  articles: [article(3), article(2), article(1)],
  preferencesUrl: `${SITE_URL}/preferences?token=p&x=1`,
  unsubscribeUrl: `${SITE_URL}/unsubscribe?token=u&x=1`,
  postalAddress: '1 Main Street',
  ...overrides,
})

describe('renderWelcomeEmail', () => {
  it('lists each article once, in order, with its byline, escaped', () => {
    // Act
    const { subject, html, text } = renderWelcomeEmail(input())

    // Assess
    expect(subject).toBe('Welcome to Pressroom Test')
    const elements = emailElements(html)
    const titles = elements
      .filter((element) => element.tag === 'a' && element.attrs.href?.startsWith(`${SITE_URL}/articles/`))
      .map((element) => element.text)
    expect(titles).toEqual([`${HOSTILE} 3`, `${HOSTILE} 2`, `${HOSTILE} 1`])
    expect(elements.map((element) => element.text)).toContain('3 November 2026 · 2 min read')
    expect(elements.some((element) => element.tag === 'script')).toBe(false)
    expect(html.match(/\{\{/g)).toHaveLength(3) // only in the three titles, as text
    expect(text).toContain('Latest articles')
  })

  it('carries the signed links, and dark-mode styles', () => {
    // Act
    const { html } = renderWelcomeEmail(input())

    // Assess
    const hrefs = emailElements(html).map((element) => element.attrs.href)
    expect(hrefs).toContain(`${SITE_URL}/preferences?token=p&x=1`)
    expect(hrefs).toContain(`${SITE_URL}/unsubscribe?token=u&x=1`)
    expect(headStyles(html).join('\n')).toMatch(/@media \(prefers-color-scheme: dark\)/)
  })

  it('leaves the latest-articles part out when nothing is published yet', () => {
    // Act
    const { html, text } = renderWelcomeEmail(input({ lang: 'ko', articles: [] }))

    // Assess
    expect(text).not.toContain('최근 글')
    expect(text).toContain('환영합니다')
    expect(html).not.toContain('<!-- latest')
  })

  it('refuses a link that is not an absolute http(s) URL', () => {
    expect(() => renderWelcomeEmail(input({ unsubscribeUrl: '/unsubscribe' }))).toThrow(TypeError)
  })
})
