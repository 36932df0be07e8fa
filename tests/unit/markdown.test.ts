import { describe, expect, it } from 'vitest'
import { htmlToPlainText, renderMarkdown } from '../../functions/core/markdown'

describe('renderMarkdown', () => {
  it('renders Korean headings, numbered sections, lists and tables faithfully', () => {
    const html = renderMarkdown(
      '## 1. 수출\n\n반도체가 **끌고** 간다.\n\n1. 첫째\n2. 둘째\n\n- 가\n- 나\n\n| 지표 | 값 |\n| --- | --- |\n| 성장률 | 2% |\n',
    )
    expect(html).toContain('<h2>1. 수출</h2>')
    expect(html).toContain('<strong>끌고</strong>')
    expect(html).toMatch(/<ol>\s*<li>첫째<\/li>\s*<li>둘째<\/li>\s*<\/ol>/)
    expect(html).toMatch(/<ul>\s*<li>가<\/li>/)
    expect(html).toContain('<td>성장률</td>')
  })

  it('removes scripts, event handlers and javascript: URLs', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\n<img src="x.png" onerror="alert(1)">\n\n[click](javascript:alert(1)) <a href="JaVaScRiPt:alert(1)">x</a> <iframe src="https://evil.example"></iframe>',
    )
    expect(html).not.toMatch(/<script|onerror|javascript:|<iframe/i)
  })

  it('keeps http(s) links and images', () => {
    const html = renderMarkdown('[BOK](https://www.bok.or.kr/) ![chart](https://img.example.com/c.png)')
    expect(html).toContain('<a href="https://www.bok.or.kr/">BOK</a>')
    expect(html).toContain('<img src="https://img.example.com/c.png" alt="chart" />')
  })

  it('drops characters XML cannot carry', () => {
    expect(renderMarkdown('a\u0000b\u0007c\uFFFEd')).toBe('<p>abcd</p>')
  })
})

describe('htmlToPlainText', () => {
  it('gives readable text with entities decoded', () => {
    expect(htmlToPlainText('<h2>A &amp; B</h2><p>x &lt; y</p>')).toBe('A & B x < y')
  })
})
