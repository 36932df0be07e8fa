import { readFileSync } from 'node:fs'
import { parse, type DefaultTreeAdapterMap } from 'parse5'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseWithFeedparser, validateAtomWithJing, validateJsonFeed } from '../support/checkers'
import { createTestApp, SITE_URL } from '../support/test-app'

/*
 * The bundled Korean example, published through the admin API like `npm run publish` does, read back as a
 * reader gets it: the article page parsed by parse5 (the HTML standard's parser), the feeds by feedparser,
 * jing and the JSON Feed schema.
 */

type Element = DefaultTreeAdapterMap['element']
type Node = DefaultTreeAdapterMap['node']

const EXAMPLE = readFileSync(new URL('../../examples/korean-economy-2027.md', import.meta.url), 'utf8')

/** Our own earlier article, which the example links without a title or blurb of its own. */
const DEBT_ARTICLE = {
  slug: 'household-debt-2026',
  title: '가계부채 1,900조 원 시대',
  summary: '가계부채가 소비를 얼마나 누르는지, 소득 계층별로 따져 본다.',
  body: '본문.',
  status: 'published',
}

const elements = (root: Node): Element[] => {
  const found: Element[] = []
  const pending: Node[] = [root]
  while (pending.length > 0) {
    const node = pending.pop()!
    if ('tagName' in node) found.push(node)
    if ('childNodes' in node) pending.push(...[...node.childNodes].reverse())
  }
  return found
}
const attr = (element: Element, name: string) => element.attrs.find((a) => a.name === name)?.value
const textOf = (node: Node): string =>
  node.nodeName === '#text' && 'value' in node
    ? node.value
    : 'childNodes' in node
      ? node.childNodes.map(textOf).join('')
      : ''
const byClass = (root: Node, name: string) =>
  elements(root).filter((element) => (attr(element, 'class') ?? '').split(' ').includes(name))

let page: Element
let rss: string
let atom: string
let json: string

beforeAll(async () => {
  // Prepare: our own article first, then the example, which also links it by path under 관련 기사.
  const env = await createTestApp({ publication: { lang: 'ko' } })
  const own = await env.admin('/api/articles', { method: 'POST', body: JSON.stringify(DEBT_ARTICLE) })
  expect(own.status, await own.clone().text()).toBe(201)
  const markdown = `${EXAMPLE.replace(/^---\n/, '---\nstatus: published\n')}- [](/articles/${DEBT_ARTICLE.slug})\n`
  const res = await env.admin('/api/articles', {
    method: 'POST',
    body: markdown,
    headers: { 'content-type': 'text/markdown; charset=utf-8' },
  })
  expect(res.status, await res.clone().text()).toBe(201)
  const { slug } = (await res.json()) as { slug: string }

  // Act
  const html = await (await env.app.request(`/articles/${slug}`)).text()
  page = parse(html) as unknown as Element
  rss = await (await env.app.request('/feed.xml')).text()
  atom = await (await env.app.request('/atom.xml')).text()
  json = await (await env.app.request('/feed.json')).text()
})

const EXPECTED_RELATED = [
  {
    title: '한국은행 통화정책방향 (2026년 11월)',
    url: 'https://www.bok.or.kr/',
    blurb: '기준금리 결정문 원문과 총재 기자간담회 요지',
  },
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
  // No words of its own: our article's title and dek.
  {
    title: DEBT_ARTICLE.title,
    url: `${SITE_URL}/articles/${DEBT_ARTICLE.slug}`,
    blurb: DEBT_ARTICLE.summary,
  },
]

describe('the Korean example article page', () => {
  it('shows the takeaways in a labelled box before the body', () => {
    const [box] = byClass(page, 'takeaways')
    expect(box?.tagName).toBe('section')
    const heading = elements(box!).find((element) => element.tagName === 'h2')!
    expect(attr(box!, 'aria-labelledby')).toBe(attr(heading, 'id'))
    expect(textOf(heading)).toBe('핵심 요약')
    expect(
      elements(box!)
        .filter((element) => element.tagName === 'li')
        .map(textOf),
    ).toEqual([
      '반도체 수출이 전년 대비 18% 늘며 성장을 이끈다.',
      '민간소비 증가율은 1.4%로 둔화한다.',
      '기준금리는 상반기 중 두 차례 인하될 가능성이 크다.',
    ])
  })

  it('has a table of contents whose every link lands on a heading of the body', () => {
    const toc = elements(page).find(
      (element) => element.tagName === 'nav' && attr(element, 'class') === 'toc',
    )!
    expect(textOf(elements(toc).find((element) => element.tagName === 'h2')!)).toBe('목차')
    const links = elements(toc).filter((element) => element.tagName === 'a')
    expect(links.map(textOf)).toEqual([
      '1. 수출: 반도체가 끌고 자동차가 민다',
      '2. 내수: 가계부채의 그늘',
      '3. 지표로 본 2027년',
      'PRISM Insight: 숫자보다 중요한 것은 온도 차',
      '결론',
    ])
    const ids = new Map(elements(page).map((element) => [attr(element, 'id'), element]))
    for (const link of links) {
      const target = ids.get(decodeURIComponent(attr(link, 'href')!.slice(1)))
      expect(target?.tagName).toBe('h2')
      expect(textOf(target!)).toBe(textOf(link))
    }
    expect(
      new Set(
        elements(page)
          .map((e) => attr(e, 'id'))
          .filter(Boolean),
      ).size,
    ).toBe(elements(page).filter((e) => attr(e, 'id') !== undefined).length)
  })

  it('shows the PRISM Insight section as an aside labelled by its heading', () => {
    const asides = elements(page).filter((element) => element.tagName === 'aside')
    expect(asides).toHaveLength(1)
    const heading = elements(asides[0]!).find((element) => element.tagName === 'h2')!
    expect(textOf(heading)).toBe('PRISM Insight: 숫자보다 중요한 것은 온도 차')
    expect(attr(asides[0]!, 'aria-labelledby')).toBe(attr(heading, 'id'))
    expect(textOf(asides[0]!)).toContain('평균이 같아도 분포가 넓어지면')
  })

  it('shows related articles as cards with blurbs, not as a list in the body', () => {
    const cards = byClass(page, 'card').map((card) => {
      const link = elements(card).find((element) => element.tagName === 'a')!
      return {
        title: textOf(link),
        url: attr(link, 'href'),
        blurb: textOf(elements(card).find((element) => element.tagName === 'p')!),
      }
    })
    expect(cards).toEqual(EXPECTED_RELATED)
    const [body] = byClass(page, 'body')
    expect(textOf(body!)).not.toContain('관련 기사')
    expect(textOf(elements(page).find((e) => attr(e, 'id') === 'related')!)).toBe('관련 기사')
  })

  it('states the reading time in Korean', () => {
    const [time] = byClass(page, 'reading-time')
    expect(textOf(time!)).toMatch(/^읽는 데 \d+분$/)
  })
})

describe('the Korean example in the feeds', () => {
  it('carries the related links with blurbs in RSS and Atom content, and the feeds stay valid', async () => {
    const [rssView, atomView, jing] = await Promise.all([
      parseWithFeedparser(rss),
      parseWithFeedparser(atom),
      validateAtomWithJing(atom),
    ])
    expect(jing.errors).toEqual([])
    for (const view of [rssView, atomView]) {
      expect(view.bozo_exception).toBeNull()
      const entry = view.entries.find((e) => e.title?.startsWith('2027년'))!
      const content = parse(entry.content!) as unknown as Element
      const anchors = elements(content)
        .filter((element) => element.tagName === 'a')
        .map((a) => ({ url: attr(a, 'href'), title: textOf(a) }))
      expect(anchors).toEqual(EXPECTED_RELATED.map(({ url, title }) => ({ url, title })))
      for (const { blurb } of EXPECTED_RELATED) expect(textOf(content)).toContain(blurb)
      // Atom's link rel="related" and RSS's atom:link both name each one.
      expect(entry.links.filter((link) => link.rel === 'related').map((link) => link.href)).toEqual(
        EXPECTED_RELATED.map((link) => link.url),
      )
    }
  })

  it('puts the related links, takeaways and reading time in JSON Feed content_html and _pressroom', () => {
    expect(validateJsonFeed(json).errors).toEqual([])
    const feed = JSON.parse(json) as {
      items: { title: string; content_html: string; _pressroom: Record<string, unknown> }[]
    }
    const item = feed.items.find((i) => i.title.startsWith('2027년'))!
    for (const { url } of EXPECTED_RELATED) expect(item.content_html).toContain(`href="${url}"`)
    expect(item._pressroom).toEqual({
      about: `${SITE_URL}/feed-extension`,
      reading_time_minutes: expect.any(Number),
      takeaways: [
        '반도체 수출이 전년 대비 18% 늘며 성장을 이끈다.',
        '민간소비 증가율은 1.4%로 둔화한다.',
        '기준금리는 상반기 중 두 차례 인하될 가능성이 크다.',
      ],
      related: EXPECTED_RELATED,
    })
  })
})
