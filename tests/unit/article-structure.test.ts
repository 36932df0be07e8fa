import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { articleStructure, MAX_TAKEAWAYS } from '../../functions/core/article-structure'
import { parseMarkdownArticle } from '../../functions/core/front-matter'

const KOREAN_EXAMPLE = join(import.meta.dirname, '../../examples/korean-economy-2027.md')

describe('articleStructure', () => {
  it('reads the takeaways and the sections of a real Korean article', async () => {
    // Prepare
    const { body } = parseMarkdownArticle(await readFile(KOREAN_EXAMPLE, 'utf8')) as { body: string }

    // Act
    const structure = articleStructure(body)

    // Assess
    expect(structure.takeaways).toEqual([
      '반도체 수출이 전년 대비 18% 늘며 성장을 이끈다.',
      '민간소비 증가율은 1.4%로 둔화한다.',
      '기준금리는 상반기 중 두 차례 인하될 가능성이 크다.',
    ])
    expect(structure.sections).toEqual([
      { title: '1. 수출: 반도체가 끌고 자동차가 민다', id: '1-수출-반도체가-끌고-자동차가-민다' },
      { title: '2. 내수: 가계부채의 그늘', id: '2-내수-가계부채의-그늘' },
      { title: '3. 분석', id: '3-분석' },
      { title: '결론', id: '결론' },
    ])
  })

  it('reads an English article: takeaways under "Key takeaways", sections at the top heading level', () => {
    const markdown = [
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
      '## 2. Exports',
      '',
      '# Outlook',
    ].join('\n')

    const structure = articleStructure(markdown)

    expect(structure.takeaways).toEqual(['Exports recover, led by memory.', 'Rates fall twice.'])
    // The top level here is h1; two sections of one title still get ids of their own.
    expect(structure.sections).toEqual([
      { title: 'Chips and the won', id: 'chips-and-the-won' },
      { title: 'Outlook', id: 'outlook' },
    ])
    expect(articleStructure('## 1. Exports\n\n## 1. Exports').sections.map((s) => s.id)).toEqual([
      '1-exports',
      '1-exports-1',
    ])
  })

  it(`keeps at most ${MAX_TAKEAWAYS} items, of an ordered list too, without their nested lists`, () => {
    // Prepare
    const markdown = [
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
    ].join('\n')

    // Act
    const { takeaways } = articleStructure(markdown)

    // Assess
    expect(takeaways).toEqual(['One & <two>', 'Two', 'Three', 'Four', 'Five'])
  })

  it('finds no takeaways when the heading has no list before the next section, and no sections without headings', () => {
    expect(articleStructure('## 요약\n\n문단만 있다.\n\n## 본문\n\n- 다른 목록').takeaways).toEqual([])
    expect(articleStructure('## 본문\n\n- 목록').takeaways).toEqual([])
    expect(articleStructure('Just a paragraph.\n\n- and a list')).toEqual({ takeaways: [], sections: [] })
  })

  it('shows a disallowed tag in a takeaway as the text it is, as the page does', () => {
    const { takeaways } = articleStructure(
      '## Summary\n\n- Put <style> in the head.\n- <b>Bold</b> stays words',
    )
    expect(takeaways).toEqual(['Put <style> in the head.', 'Bold stays words'])
  })
})
