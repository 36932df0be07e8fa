import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  articleBlocks,
  articleStructure,
  renderArticleBody,
  structureOf,
} from '../../functions/core/article-structure'
import { parseMarkdownArticle } from '../../functions/core/front-matter'

const KOREAN_EXAMPLE = join(import.meta.dirname, '../../examples/korean-economy-2027.md')
const SITE = 'https://news.example.com'

const lines = (...text: string[]) => text.join('\n')

describe('articleStructure', () => {
  it('reads every part of the bundled Korean example', async () => {
    // Prepare
    const { body } = parseMarkdownArticle(await readFile(KOREAN_EXAMPLE, 'utf8')) as { body: string }

    // Act
    const structure = articleStructure(body, { lang: 'ko' })

    // Assess
    expect(structure.takeawaysTitle).toBe('핵심 요약')
    expect(structure.takeaways).toEqual([
      '반도체 수출이 전년 대비 18% 늘며 성장을 이끈다.',
      '민간소비 증가율은 1.4%로 둔화한다.',
      '기준금리는 상반기 중 두 차례 인하될 가능성이 크다.',
    ])
    expect(structure.sections).toEqual([
      {
        title: '1. 수출: 반도체가 끌고 자동차가 민다',
        id: '1-수출-반도체가-끌고-자동차가-민다',
        kind: 'section',
      },
      { title: '2. 내수: 가계부채의 그늘', id: '2-내수-가계부채의-그늘', kind: 'section' },
      { title: '3. 지표로 본 2027년', id: '3-지표로-본-2027년', kind: 'section' },
      {
        title: 'PRISM Insight: 숫자보다 중요한 것은 온도 차',
        id: 'prism-insight-숫자보다-중요한-것은-온도-차',
        kind: 'callout',
      },
      { title: '결론', id: '결론', kind: 'conclusion' },
    ])
    expect(structure.callout?.title).toBe('PRISM Insight: 숫자보다 중요한 것은 온도 차')
    expect(structure.conclusion?.id).toBe('결론')
    expect(structure.related).toEqual([
      {
        title: 'OECD Economic Outlook: Korea',
        url: 'https://www.oecd.org/korea/',
        blurb: 'OECD가 본 한국의 성장률과 물가 전망',
      },
      {
        title: '통계청 가계금융복지조사',
        url: 'https://kostat.go.kr/',
        blurb: '가구별 부채와 소득 분포를 담은 연간 조사',
      },
    ])
    expect(structure.readingMinutes).toBeGreaterThanOrEqual(1)
  })

  it('reads an English article: Key takeaways, Related, Conclusion, sections at the top heading level', () => {
    const markdown = lines(
      '# Chips and the won',
      '',
      '## Key takeaways',
      '',
      '- Exports recover, led by **memory**.',
      '- Rates fall [twice](https://example.com/rates).',
      '',
      '## 1. Exports',
      '',
      '### A detail, not a section',
      '',
      '# Outlook',
      '',
      '# Conclusion:',
      '',
      'Words.',
      '',
      '# Related articles',
      '',
      '- [Memory prices](https://example.com/memory): why they turned',
      '- [Our rates piece](/articles/rates-2027)',
    )

    const structure = articleStructure(markdown, { siteUrl: SITE })

    expect(structure.takeaways).toEqual(['Exports recover, led by memory.', 'Rates fall twice.'])
    expect(structure.takeawaysTitle).toBe('Key takeaways')
    // The top level here is h1; takeaways nested in it are not a section, the related list is not either.
    expect(structure.sections).toEqual([
      { title: 'Chips and the won', id: 'chips-and-the-won', kind: 'section' },
      { title: 'Outlook', id: 'outlook', kind: 'section' },
      { title: 'Conclusion:', id: 'conclusion', kind: 'conclusion' },
    ])
    expect(structure.callout).toBeUndefined()
    expect(structure.related).toEqual([
      { title: 'Memory prices', url: 'https://example.com/memory', blurb: 'why they turned' },
      { title: 'Our rates piece', url: `${SITE}/articles/rates-2027` },
    ])
  })

  it('finds the callout by the configured heading, whole or before a colon, in any case', () => {
    const markdown = lines(
      '## Context',
      '',
      'a',
      '',
      '## desk view: why now',
      '',
      'b',
      '',
      '## Desk viewing',
      '',
      'c',
    )

    const configured = articleStructure(markdown, { calloutHeading: 'Desk View' })
    const byDefault = articleStructure(markdown)

    expect(configured.callout).toEqual({
      title: 'desk view: why now',
      id: 'desk-view-why-now',
      kind: 'callout',
    })
    expect(configured.sections.map((section) => section.kind)).toEqual(['section', 'callout', 'section'])
    // "PRISM Insight" is the default; nothing here is one.
    expect(byDefault.callout).toBeUndefined()
    expect(articleStructure('## PRISM INSIGHT\n\nx').callout?.kind).toBe('callout')
  })

  it('gives every heading an id of its own, never one the page uses for its boxes', () => {
    const ids = articleStructure('## 1. Exports\n\n## 1. Exports\n\n## Contents\n\nx').sections.map(
      (s) => s.id,
    )
    expect(ids).toEqual(['1-exports', '1-exports-1', 'contents-1'])
  })

  it('finds nothing it was not given: no takeaways list, no headings, a heading that only contains a word', () => {
    expect(articleStructure('## 요약\n\n문단만 있다.\n\n## 본문\n\n- 다른 목록').takeaways).toEqual([])
    expect(articleStructure('## 요약 통계의 함정\n\n- 목록').takeaways).toEqual([])
    const plain = articleStructure('Just a paragraph.\n\n- and a list')
    expect(plain).toMatchObject({ takeaways: [], sections: [], related: [] })
    expect(plain.callout).toBeUndefined()
    expect(plain.conclusion).toBeUndefined()
  })

  it('keeps every takeaway, of an ordered list too, without their nested lists', () => {
    const markdown = lines(
      'Intro.',
      '',
      '- not this list: no heading above it',
      '',
      '### Key Takeaways',
      '',
      'Some words first.',
      '',
      '1. One & `<two>`',
      '   - nested, left out',
      '2. Two',
      '3. Three',
      '4. Four',
      '5. Five',
      '6. Six',
    )
    expect(articleStructure(markdown).takeaways).toEqual([
      'One & <two>',
      'Two',
      'Three',
      'Four',
      'Five',
      'Six',
    ])
  })

  it('shows a disallowed tag in a takeaway as the text it is, as the page does', () => {
    const { takeaways } = articleStructure(
      '## Summary\n\n- Put <style> in the head.\n- <b>Bold</b> stays words',
    )
    expect(takeaways).toEqual(['Put <style> in the head.', 'Bold stays words'])
  })

  it('leaves a related part that is not only linked items in the body, and reads what links it has', () => {
    const markdown = lines(
      'Body.',
      '',
      '## 관련 기사',
      '',
      '- [A](https://a.example/) — 설명',
      '- 링크 없는 항목',
    )

    const structure = articleStructure(markdown)
    const html = renderArticleBody(markdown)

    expect(structure.related).toEqual([{ title: 'A', url: 'https://a.example/', blurb: '설명' }])
    expect(html).toContain('링크 없는 항목')
    expect(html).toContain('<h2>관련 기사</h2>')
  })
})

describe('renderArticleBody and articleBlocks', () => {
  it('take a related list that is all links out of the body, which every format shows on its own', () => {
    const markdown = lines(
      'Body.',
      '',
      '## Related',
      '',
      '- [A](https://a.example/) — why',
      '',
      '## After',
      '',
      'More.',
    )

    const html = renderArticleBody(markdown)
    const blocks = articleBlocks(markdown)

    expect(html).toBe('<p>Body.</p>\n<h2>After</h2>\n<p>More.</p>')
    expect(blocks.map((block) => [block.kind, block.heading?.id])).toEqual([
      ['text', undefined],
      ['section', 'after'],
    ])
  })

  it('give each part its sanitized HTML and its heading, a nested callout ending at the next sibling', () => {
    const markdown = lines(
      '## 핵심 요약',
      '',
      '- **하나**',
      '',
      '## 본문 <script>x</script>',
      '',
      '### PRISM Insight',
      '',
      '분석.',
      '',
      '### 다음 소제목',
      '',
      '이어지는 본문.',
    )

    const blocks = articleBlocks(markdown)

    expect(blocks.map((block) => block.kind)).toEqual(['takeaways', 'section', 'callout', 'text'])
    expect(blocks[0]!.html).toBe('<ul>\n<li><strong>하나</strong></li>\n</ul>')
    expect(blocks[1]!.heading).toMatchObject({ depth: 2, html: '본문 &lt;script&gt;x&lt;/script&gt;' })
    expect(blocks[2]!.html).toBe('<p>분석.</p>')
    expect(blocks[3]!.html).toBe('<h3>다음 소제목</h3>\n<p>이어지는 본문.</p>')
  })
})

describe('structureOf', () => {
  it('prefers takeaways given as a field and lists the related links given as fields first', () => {
    const structure = structureOf({
      bodyMarkdown: '## Related\n\n- [B](https://b.example/)\n- [A again](https://a.example/)',
      lang: 'en',
      related: [{ title: 'A', url: 'https://a.example/' }],
      takeaways: ['From the front matter'],
    })
    expect(structure.takeaways).toEqual(['From the front matter'])
    expect(structure.related).toEqual([
      { title: 'A', url: 'https://a.example/' },
      { title: 'B', url: 'https://b.example/' },
    ])
  })
})
