import stringWidth from 'string-width'
import { describe, expect, it } from 'vitest'
import type { Publication } from '../../functions/core/publication'
import {
  fillTemplate,
  renderConfirmationEmail,
  TemplateError,
  wrapToColumns,
} from '../../functions/email/render'
import { strings } from '../../functions/email/strings'

const publication: Publication = {
  title: '한국 경제 리포트',
  description: '장문 분석',
  lang: 'ko',
  author: '김민준',
  siteUrl: 'https://news.example.com',
  feedSize: 20,
}
const confirmUrl = 'https://news.example.com/subscribe/confirm?token=abc.def&lang=ko'

describe('fillTemplate', () => {
  it('replaces every placeholder, HTML-escaping each value for text and for quoted attributes', () => {
    const html = fillTemplate('<a href="{{url}}" title="{{title}}">{{title}}</a> {{url}}', {
      url: 'https://x.example/?a=1&b=2',
      title: `"Tom & Jerry" <b>'s</b>`,
    })
    expect(html).toBe(
      '<a href="https://x.example/?a=1&amp;b=2" title="&quot;Tom &amp; Jerry&quot; &lt;b&gt;&#39;s&lt;/b&gt;">' +
        '&quot;Tom &amp; Jerry&quot; &lt;b&gt;&#39;s&lt;/b&gt;</a> https://x.example/?a=1&amp;b=2',
    )
  })

  it('throws naming every placeholder that has no value', () => {
    const fill = () => fillTemplate('<p>{{heading}} {{intro}} {{headng}}</p>', { heading: 'Hi' })
    expect(fill).toThrow(TemplateError)
    expect(fill).toThrow('intro, headng')
  })

  it('accepts an empty value, and does not expand placeholders that arrive inside values', () => {
    expect(fillTemplate('[{{a}}][{{b}}]', { a: '', b: '{{a}}' })).toBe('[][{{a}}]')
  })

  it('does not take values from the prototype chain', () => {
    expect(() => fillTemplate('{{toString}}', {})).toThrow(TemplateError)
  })
})

describe('wrapToColumns', () => {
  it('counts a Hangul syllable as two columns', () => {
    expect(wrapToColumns('가나 다라 마바', 10)).toBe('가나 다라\n마바')
    expect(wrapToColumns('ab cd ef gh', 10)).toBe('ab cd ef\ngh')
  })

  it('never breaks a word wider than the line, such as a URL', () => {
    expect(wrapToColumns('go https://example.com/a/very/long/path now', 12)).toBe(
      'go\nhttps://example.com/a/very/long/path\nnow',
    )
  })

  it('keeps quote markers and indents list continuations under the item text', () => {
    expect(wrapToColumns('> 가나 다라 마바', 12)).toBe('> 가나 다라\n> 마바')
    expect(wrapToColumns(' * aa bb cc dd', 10)).toBe(' * aa bb\n   cc dd')
  })
})

describe('renderConfirmationEmail', () => {
  const render = (lang: 'ko' | 'en') =>
    renderConfirmationEmail({ lang, confirmUrl, publication, postalAddress: '서울특별시 중구 세종대로 110' })

  it('writes the Korean email in Korean, with the language declared', () => {
    const email = render('ko')
    expect(email.subject).toBe('한국 경제 리포트 구독을 확인해 주세요')
    expect(email.html).toContain('<html lang="ko"')
    expect(email.html).toMatch(/>\s*구독 확인하기\s*<\/span><\/span>\s*<\/a>/)
    expect(email.html).toContain('확인하지 않으면 구독되지 않습니다')
    expect(email.text).toContain('구독 확인하기')
  })

  it('writes the English email in English', () => {
    const email = render('en')
    expect(email.subject).toBe('Confirm your subscription to 한국 경제 리포트')
    expect(email.html).toContain('<html lang="en"')
    expect(email.html).toContain('Confirm subscription')
    expect(email.text.replace(/\s+/g, ' ')).toContain('you will not be subscribed unless you confirm')
  })

  it.each(['ko', 'en'] as const)('[%s] links the button and the fallback to the escaped URL', (lang) => {
    const { html, text } = render(lang)
    const escaped = 'https://news.example.com/subscribe/confirm?token=abc.def&amp;lang=ko'
    expect(html.split(`href="${escaped}"`)).toHaveLength(3)
    expect(html).not.toContain('&lang=ko')
    expect(text).toContain(`[${confirmUrl}]`)
    expect(text).not.toContain('&amp;')
  })

  it.each(['ko', 'en'] as const)(
    '[%s] leaves no placeholder, preheader or fallback block in either part',
    (lang) => {
      const { html, text } = render(lang)
      expect(`${html}${text}`).not.toContain('{{')
      // the text part has the button's "text [url]" line, so the "copy this link" block would repeat it
      expect(text.split(confirmUrl)).toHaveLength(2)
      // the preheader is for the inbox list: in the HTML (hidden), not in the text part
      const preheader = strings[lang].confirmation.preheader(publication.title)
      expect(html).toContain(preheader)
      expect(text).not.toContain(preheader)
    },
  )

  it.each(['ko', 'en'] as const)(
    '[%s] wraps the text part within 80 columns, except unbreakable URLs',
    (lang) => {
      const lines = render(lang).text.split('\n')
      const overlong = lines.filter((line) => stringWidth(line) > 80 && !/https?:\/\//.test(line))
      expect(overlong).toEqual([])
    },
  )

  it('prints the postal address and the publication in the footer', () => {
    const { html, text } = render('ko')
    expect(html).toContain('서울특별시 중구 세종대로 110')
    expect(text.trimEnd().split('\n').slice(-2)).toEqual(['한국 경제 리포트', '서울특별시 중구 세종대로 110'])
  })

  it('refuses a confirmation URL that is not http(s)', () => {
    expect(() =>
      renderConfirmationEmail({
        lang: 'en',
        confirmUrl: 'javascript:alert(1)',
        publication,
        postalAddress: '',
      }),
    ).toThrow(TypeError)
  })
})
