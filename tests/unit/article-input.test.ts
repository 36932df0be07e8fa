import { describe, expect, it } from 'vitest'
import { buildArticle, parseArticleInput } from '../../functions/core/articles'
import { ValidationError } from '../../functions/core/errors'
import { parseMarkdownArticle } from '../../functions/core/front-matter'

const problemsOf = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    if (error instanceof ValidationError) return error.problems
    throw error
  }
  throw new Error('expected a ValidationError')
}

describe('parseArticleInput', () => {
  it('defaults to a draft with no tags and no related links', () => {
    const input = parseArticleInput({ title: '제목', body: '본문' })
    expect(input).toMatchObject({ status: 'draft', tags: [], related: [], summary: '' })
  })

  it('names every bad field and what is wrong with it', () => {
    const problems = problemsOf(() =>
      parseArticleInput({
        title: '',
        body: 'x',
        lang: 'not a tag!',
        image: 'javascript:alert(1)',
        status: 'live',
        colour: 'red',
      }),
    )
    const fields = problems.map((p) => p.field)
    expect(fields).toEqual(expect.arrayContaining(['title', 'lang', 'image', 'status', 'colour']))
    expect(problems.find((p) => p.field === 'status')?.problem).toBe(
      'must be "draft", "scheduled" or "published"',
    )
    expect(problems.find((p) => p.field === 'colour')?.problem).toBe('is not a field of an article')
  })

  it('requires a body', () => {
    expect(problemsOf(() => parseArticleInput({ title: 't' }))).toEqual([
      { field: 'body', problem: 'is required (the article text in Markdown)' },
    ])
  })

  it('normalises tags to lower case with dashes and removes duplicates', () => {
    expect(
      parseArticleInput({ title: 't', body: 'b', tags: ['AI Policy', 'ai policy', '경제', ' '] }).tags,
    ).toEqual(['ai-policy', '경제'])
    expect(parseArticleInput({ title: 't', body: 'b', tags: 'a, b' }).tags).toEqual(['a', 'b'])
  })

  it('canonicalises the language tag', () => {
    expect(parseArticleInput({ title: 't', body: 'b', lang: 'KO-kr' }).lang).toBe('ko-KR')
  })

  it('accepts related links as URLs or title + URL + blurb; a link without a title shows its URL', () => {
    const input = parseArticleInput({
      title: 't',
      body: 'b',
      related: ['https://a.example/x', { title: '관련', url: 'https://b.example/', blurb: '한 줄' }],
    })
    expect(input.related).toEqual([
      { url: 'https://a.example/x' },
      { title: '관련', url: 'https://b.example/', blurb: '한 줄' },
    ])
    expect(buildArticle(input, new Date(), 'ko').related).toEqual([
      { title: 'https://a.example/x', url: 'https://a.example/x' },
      { title: '관련', url: 'https://b.example/', blurb: '한 줄' },
    ])
  })

  it('refuses takeaways given both as a field and under a heading, naming takeaways', () => {
    const input = parseArticleInput({ title: 't', body: '## 핵심 요약\n\n- 하나', takeaways: ['둘'] })
    expect(problemsOf(() => buildArticle(input, new Date(), 'ko')).map((p) => p.field)).toEqual(['takeaways'])
  })
})

describe('one rule for dates (publishedAt, from JSON or front matter)', () => {
  it.each([
    ['an impossible day', '2026-02-30'],
    ['an impossible month', '2026-13-01'],
    ['a bare number', '1'],
    ['words with a number', 'Version 2'],
    ['a year past 9999', '+010000-01-01T00:00:00Z'],
    ['a year before 1970', '1969-12-31T23:59:59Z'],
    ['a time with no offset', '2026-11-27T09:00:00'],
  ])('refuses %s (%s), naming publishedAt', (_case, date) => {
    const problems = problemsOf(() => parseArticleInput({ title: 't', body: 'b', publishedAt: date }))
    expect(problems.map((p) => p.field)).toEqual(['publishedAt'])
  })

  it('refuses an impossible front matter date, whether or not YAML reads it as a date', () => {
    for (const line of ['date: 2026-13-01', "date: '2026-02-30'", 'date: 2026-02-30', 'date: 1']) {
      const fields = parseMarkdownArticle(`---\ntitle: t\n${line}\n---\nbody`)
      expect(
        problemsOf(() => parseArticleInput(fields)).map((p) => p.field),
        line,
      ).toEqual(['publishedAt'])
    }
  })

  it('keeps date-only and offset dates, stored as UTC ISO strings', () => {
    const at = (publishedAt: unknown) => parseArticleInput({ title: 't', body: 'b', publishedAt }).publishedAt
    expect(at('2026-11-27')).toBe('2026-11-27T00:00:00.000Z')
    expect(at('2026-11-27T09:00:00+09:00')).toBe('2026-11-27T00:00:00.000Z')
    expect(at('2026-11-27T09:00:00.5Z')).toBe('2026-11-27T09:00:00.500Z')
    expect(at('2026-11-27 09:00:00 +0900')).toBe('2026-11-27T00:00:00.000Z')
    expect(at(new Date('2026-11-27T00:00:00Z'))).toBe('2026-11-27T00:00:00.000Z')
    const fields = parseMarkdownArticle('---\ntitle: t\ndate: 2026-11-27T09:00:00+09:00\n---\nbody')
    expect(parseArticleInput(fields).publishedAt).toBe('2026-11-27T00:00:00.000Z')
  })
})

describe('one rule for URLs (image, canonicalUrl, related)', () => {
  it('stores URLs as the WHATWG URL parser serialises them', () => {
    const input = parseArticleInput({
      title: 't',
      body: 'b',
      image: 'https://e.com/a b.png',
      image_alt: 'a',
      canonicalUrl: 'https://E.com/x">',
      related: ['HTTPS://e.com/<b>', { title: 'r', url: 'http://e.com:80/ü' }],
    })
    expect(input.image).toEqual({ url: 'https://e.com/a%20b.png', type: 'image/png', alt: 'a' })
    expect(input.canonicalUrl).toBe('https://e.com/x%22%3E')
    expect(input.related.map((link) => link.url)).toEqual(['https://e.com/%3Cb%3E', 'http://e.com/%C3%BC'])
  })

  it.each([
    'javascript:alert(1)',
    'ftp://e.com/x',
    'mailto:a@e.com',
    '/relative',
    'https://',
    'http://a b.com/',
  ])('refuses %s, naming the field', (url) => {
    const problems = problemsOf(() => parseArticleInput({ title: 't', body: 'b', canonicalUrl: url }))
    expect(problems.map((p) => p.field)).toEqual(['canonicalUrl'])
  })
})

describe('field names in problems', () => {
  it('names a __proto__ key as the unknown field it is, from JSON or front matter', () => {
    const fromJson = JSON.parse('{"title": "t", "body": "b", "__proto__": {"x": 1}}') as unknown
    const fromYaml = parseMarkdownArticle('---\ntitle: t\n__proto__: {x: 1}\n---\nbody')
    for (const raw of [fromJson, fromYaml]) {
      expect(problemsOf(() => parseArticleInput(raw))).toEqual([
        { field: '__proto__', problem: 'is not a field of an article' },
      ])
    }
  })

  it('names other keys that collide with Object.prototype as themselves', () => {
    const fields = parseMarkdownArticle('---\ntitle: t\nconstructor: x\ntoString: y\n---\nbody')
    expect(problemsOf(() => parseArticleInput(fields))).toEqual([
      { field: 'constructor, toString', problem: 'is not a field of an article' },
    ])
  })
})

describe('buildArticle', () => {
  const now = new Date('2026-11-27T00:00:00.000Z')

  it('derives the slug from a Korean title and stamps publishedAt when published', () => {
    const article = buildArticle(
      parseArticleInput({ title: '한국 경제', body: '# x', status: 'published' }),
      now,
      'ko',
    )
    expect(article).toMatchObject({
      slug: 'hanguk-gyeongje',
      publishedAt: now.toISOString(),
      lang: 'ko',
      revision: 1,
    })
  })

  it('refuses a body with nothing to show, such as a lone comment', () => {
    const problems = problemsOf(() =>
      buildArticle(parseArticleInput({ title: 't', body: '<!-- a note -->' }), now, 'en'),
    )
    expect(problems).toEqual([{ field: 'body', problem: 'has no content left once unsafe HTML is removed' }])
  })

  it('shows a body of disallowed HTML as text rather than refusing it', () => {
    const article = buildArticle(parseArticleInput({ title: 't', body: '<script>x</script>' }), now, 'en')
    expect(article.bodyHtml).toBe('<p>&lt;script&gt;x&lt;/script&gt;</p>')
  })

  it('keeps one-line fields on one line', () => {
    const article = buildArticle(
      parseArticleInput({ title: ' 한국\r\n경제\t전망 ', body: 'b', author: 'Kim\nMin' }),
      now,
      'ko',
    )
    expect(article).toMatchObject({ title: '한국 경제 전망', author: 'Kim Min' })
  })

  it('leaves publishedAt unset on drafts', () => {
    expect(buildArticle(parseArticleInput({ title: 't', body: 'b' }), now, 'en').publishedAt).toBeUndefined()
  })

  it('refuses an article too large for one DynamoDB item, naming the body', () => {
    const problems = problemsOf(() =>
      buildArticle(parseArticleInput({ title: 't', body: '가'.repeat(100_000) }), now, 'ko'),
    )
    expect(problems[0]?.field).toBe('body')
  })
})

describe('parseMarkdownArticle', () => {
  it('splits YAML front matter from the Markdown body and maps common aliases', () => {
    const fields = parseMarkdownArticle(
      '---\ntitle: 제목\ndate: 2026-11-01\ndek: 요약\ntags: [a, b]\n---\n\n## 본문\n',
    )
    expect(fields).toMatchObject({ title: '제목', summary: '요약', tags: ['a', 'b'], body: '\n## 본문\n' })
    expect(parseArticleInput(fields).publishedAt).toBe('2026-11-01T00:00:00.000Z')
  })

  it('refuses JavaScript front matter instead of evaluating it', () => {
    const problems = problemsOf(() => parseMarkdownArticle('---js\n{ title: process.exit(1) }\n---\nbody'))
    expect(problems[0]).toEqual({
      field: 'front matter',
      problem: 'must be YAML (JavaScript front matter is refused)',
    })
  })

  it('reports broken YAML as a front matter problem', () => {
    const problems = problemsOf(() => parseMarkdownArticle('---\ntitle: [unclosed\n---\nbody'))
    expect(problems[0]?.field).toBe('front matter')
  })
})

describe('the cover image', () => {
  const withImage = (frontMatter: string) =>
    parseArticleInput(parseMarkdownArticle(`---\ntitle: t\n${frontMatter}\n---\nbody`))

  it('takes image, image_alt and the size from front matter into one image', () => {
    const input = withImage(
      'image: https://e.com/c.jpg\nimage_alt: 반도체 웨이퍼\nimage_width: 1600\nimage_height: 900',
    )
    expect(input.image).toEqual({
      url: 'https://e.com/c.jpg',
      type: 'image/jpeg',
      alt: '반도체 웨이퍼',
      width: 1600,
      height: 900,
    })
  })

  it('answers 422 naming image_alt when an image has no description, from front matter and JSON alike', () => {
    const fromFrontMatter = problemsOf(() => withImage('image: https://e.com/c.jpg'))
    const fromJson = problemsOf(() =>
      parseArticleInput({ title: 't', body: 'b', image: 'https://e.com/c.jpg' }),
    )
    const fromObject = problemsOf(() =>
      parseArticleInput({ title: 't', body: 'b', image: { url: 'https://e.com/c.jpg', type: 'image/jpeg' } }),
    )
    const withOtherProblems = problemsOf(() =>
      parseArticleInput({ title: '', body: 'b', image: 'https://e.com/c.jpg' }),
    )
    for (const problems of [fromFrontMatter, fromJson, fromObject])
      expect(problems.map((p) => p.field)).toEqual(['image_alt'])
    expect(withOtherProblems.map((p) => p.field).sort()).toEqual(['image_alt', 'title'])
    expect(
      parseArticleInput({ title: 't', body: 'b', image: { url: 'https://e.com/c.jpg', alt: 'ok' } }).image
        ?.alt,
    ).toBe('ok')
  })

  it('refuses one dimension without the other, and image fields without an image', () => {
    expect(
      problemsOf(() => withImage('image: https://e.com/c.jpg\nimage_alt: a\nimage_width: 1600')).map(
        (p) => p.field,
      ),
    ).toEqual(['image_height'])
    expect(problemsOf(() => withImage('image_alt: a')).map((p) => p.field)).toEqual(['image_alt'])
    expect(
      problemsOf(() =>
        withImage('image: https://e.com/c.jpg\nimage_alt: a\nimage_width: wide\nimage_height: 9'),
      ).map((p) => p.field),
    ).toEqual(['image_width'])
  })
})
