import { describe, expect, it } from 'vitest'
import { htmlToPlainText, renderMarkdown } from '../../functions/core/markdown'
import { elementNames, renderedText, wordsOf } from '../support/html-text'

// Elements a browser parses specially: raw text (script, style, xmp, iframe, noembed, noframes, noscript),
// escapable raw text (textarea, title), the rest of the document (plaintext), inert (template), foreign (svg, math).
const SPECIAL_TAGS = [
  'style', 'textarea', 'script', 'xmp', 'title', 'noscript', 'iframe', 'noembed', 'noframes', 'plaintext',
  'template', 'svg', 'math', 'select', 'option', 'object',
] // prettier-ignore
// What these reproductions may render as markup: paragraphs, a list, emphasis.
const PROSE_ELEMENTS = new Set(['p', 'ul', 'li', 'em', 'strong'])

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

  describe.each(SPECIAL_TAGS)('prose naming <%s>', (tag) => {
    const bodies = {
      'mid-sentence': `First.\n\nPut the <${tag}> element in the head.\n\nThird.`,
      'opening a paragraph': `First.\n\n<${tag}> goes in the head.\n\nThird.`,
      'alone on a line': `First.\n\n<${tag}>\nin the head.\n\nThird.`,
      'with attributes, closed': `First.\n\nA <${tag} lang="ko"> **bold** 한국어</${tag}> tag.\n\nThird.`,
      'closing only': `First.\n\nThen </${tag}> ends it.\n\nThird *and* last.`,
      'self-closing in a list': `- First.\n- Put <${tag}/> here.\n- Third.`,
    }

    it.each(Object.entries(bodies))('keeps every word, %s, and shows the tag as text', (_, body) => {
      const html = renderMarkdown(body)
      const seen = wordsOf(body.replace(/\*\*|\*|^- /gm, ''))
      expect(wordsOf(renderedText(html))).toEqual(seen)
      expect([...elementNames(html)].filter((name) => !PROSE_ELEMENTS.has(name))).toEqual([])
    })
  })

  it('still renders the markup it allows, around a tag it shows', () => {
    const html = renderMarkdown(
      '<div>\n<b>bold</b> and <style> shown\n</div>\n\n<i>x</i> <script>alert(1)</script>',
    )
    expect(html).toContain('<b>bold</b>')
    expect(html).toContain('<i>x</i>')
    expect(html).toContain('&lt;style&gt; shown')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(elementNames(html)).toEqual(new Set(['div', 'b', 'p', 'i']))
  })

  it('hides whole comments and shows a comment left open, a processing instruction, a doctype and CDATA', () => {
    const html = renderMarkdown(
      'a <!-- note --> b\n\n<!-- block -->\n\n<?php echo 1; ?> <!DOCTYPE html> <![CDATA[ c ]]>\n\n<!-- open\n\nlast',
    )
    expect(wordsOf(renderedText(html))).toEqual(
      wordsOf('a b <?php echo 1; ?> <!DOCTYPE html> <![CDATA[ c ]]> <!-- open last'),
    )
    expect(html).not.toContain('note')
  })

  it('escapes text after an inline <code> or <pre>, where marked would leave it raw', () => {
    const html = renderMarkdown('Text <code>a <style x</code> and <pre>b < c <title y</pre> end.')
    expect(wordsOf(renderedText(html))).toEqual(wordsOf('Text a <style x and b < c <title y end.'))
    expect(elementNames(html)).toEqual(new Set(['p', 'code', 'pre']))
  })

  it('keeps the last word of an HTML block apart from the first word of the next block', () => {
    const html = renderMarkdown('<div>\nend\n\n<!-- note -->start')
    expect(wordsOf(renderedText(html))).toEqual(['end', 'start'])
  })

  it('drops characters XML cannot carry', () => {
    expect(renderMarkdown('a\u0000b\u0007c\uFFFEd')).toBe('<p>abcd</p>')
  })

  it('drops characters XML cannot carry that an entity names', () => {
    expect(renderMarkdown('a&#1;b <b>c&#xFFFF;d</b> &#x1F600;')).toBe('<p>ab <b>cd</b> 😀</p>')
  })
})

describe('htmlToPlainText', () => {
  it('gives readable text with entities decoded', () => {
    expect(htmlToPlainText('<h2>A &amp; B</h2><p>x &lt; y</p>')).toBe('A & B x < y')
  })
})
