import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../functions/http/app'
import {
  checkWellFormedXml,
  parseWithFeedparser,
  validateAtomWithJing,
  validateJsonFeed,
  type ParsedFeed,
} from '../support/checkers'
import { createTestApp, FixedClock, SITE_URL } from '../support/test-app'

/*
 * The feeds as independent readers see them: jing with RFC 4287's RELAX NG grammar for Atom, Debian's
 * feedparser for RSS and Atom, the jsonfeed-schema package (through ajv) for JSON Feed, fast-xml-parser for
 * well-formedness. The app runs for real on dynalite; articles go in through the admin API and the feeds
 * come out of the public routes. No checker shares code with the app.
 */

const HOUR = 60 * 60 * 1000
const KOREAN_TAG = '경제'
const KOREAN_TAG_PATH = `/tags/${encodeURIComponent(KOREAN_TAG)}`
const EXAMPLE_URL = new URL('../../examples/korean-economy-2027.md', import.meta.url)

const KOREAN_TITLE = '2027년 한국 경제 전망: 반도체 회복과 내수 부진의 갈림길'
const KOREAN_SUMMARY =
  '수출은 반도체 업황 회복에 힘입어 반등하지만, 고금리 여파와 가계부채가 내수를 짓누른다. 성장률은 2% 안팎에 머물 전망이다.'

const ENGLISH = {
  slug: 'chip-exports-rebound-2027',
  title: 'Chip exports set to rebound in 2027',
  summary: 'Memory prices have turned, and shipments of high-bandwidth memory lead the recovery.',
  body: '## Outlook\n\nExports of memory chips grow by **18%**, led by AI servers.\n\n- DRAM prices recover\n- HBM output doubles\n',
  lang: 'en',
  tags: ['markets', 'semiconductors'],
  status: 'published',
}

// What breaks naive XML or HTML output, in one article.
const TRICKY_TITLE = 'Q&A: <b>bold</b> claims & "quotes" ]]> 🚀'
const TRICKY_SUMMARY = 'Fish & chips ]]> <tag> 🐟'
const TRICKY = {
  slug: 'tricky-characters',
  title: TRICKY_TITLE,
  summary: TRICKY_SUMMARY,
  body: [
    'Profits & losses: a CDATA section ends with ]]> and must not end the feed. 👩‍👩‍👧 🇰🇷',
    '',
    '<script>alert("owned")</script>',
    '',
    '<SCRIPT src="https://evil.example/x.js"></SCRIPT>',
    '',
    '[Click me](javascript:alert(1)) and <a href="JavaScript:alert(2)">this</a> and [a real link](https://example.com/?a=1&b=2).',
    '',
    'Inline code: `<script>` and `]]>`.',
    '',
    '<img src="https://example.com/x.png" onerror="alert(3)">',
  ].join('\n'),
  lang: 'en',
  tags: [KOREAN_TAG, 'security'],
  status: 'published',
}

const DRAFT = {
  slug: 'unpublished-draft',
  title: '초안: 아직 공개되면 안 되는 글',
  summary: '이 문장은 어떤 피드에도 나오면 안 된다.',
  body: '초안 본문.',
  tags: [KOREAN_TAG],
  status: 'draft',
}

const RFC_822_DATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|UT|[+-]\d{4})$/
const RFC_3339_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

const CONTENT_TYPES = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
} as const
type Format = keyof typeof CONTENT_TYPES
const FILES: Record<Format, string> = { rss: 'feed.xml', atom: 'atom.xml', json: 'feed.json' }
const SCOPES = ['', KOREAN_TAG_PATH]
const ALL_FEEDS = SCOPES.flatMap((scope) =>
  (Object.keys(FILES) as Format[]).map((format) => ({ format, path: `${scope}/${FILES[format]}` })),
)
const XML_FEEDS = ALL_FEEDS.filter((feed) => feed.format !== 'json')

const permalink = (slug: string) => `${SITE_URL}/articles/${slug}`
const slugOf = (url: string) => url.slice(permalink('').length)

/** Text of an HTML fragment as a reader displays it: tags dropped, the usual entities decoded. */
function displayedText(html: string | null | undefined): string {
  return (html ?? '')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&amp;/g, '&')
}

interface FetchedFeed {
  status: number
  headers: Headers
  body: string
}

interface JsonFeedItem {
  id: string
  url: string
  title: string
  summary: string
  content_html: string
  date_published: string
  date_modified: string
  tags: string[]
  language: string
}

interface JsonFeed {
  version: string
  title: string
  feed_url: string
  language: string
  items: JsonFeedItem[]
}

type TestEnv = Awaited<ReturnType<typeof createTestApp>>

async function publish(env: TestEnv, body: string, contentType = 'application/json') {
  const res = await env.admin('/api/articles', {
    method: 'POST',
    body,
    headers: { 'content-type': contentType },
  })
  expect(res.status, await res.clone().text()).toBe(201)
  return (await res.json()) as { slug: string; publishedAt?: string }
}

async function fetchFeed(env: TestEnv, path: string): Promise<FetchedFeed> {
  const res = await env.app.request(path)
  return { status: res.status, headers: res.headers, body: await res.text() }
}

describe('feeds of a publication with Korean, English, tricky and draft articles', () => {
  let env: TestEnv
  let koreanSlug: string
  const publishedAt: Record<string, string> = {}

  // Each feed is fetched and parsed once per file: every checker is a separate process.
  const fetched = new Map<string, Promise<FetchedFeed>>()
  const parsed = new Map<string, Promise<ParsedFeed>>()
  const getFeed = (path: string): Promise<FetchedFeed> => {
    if (!fetched.has(path)) fetched.set(path, fetchFeed(env, path))
    return fetched.get(path)!
  }
  const feedparserView = (path: string): Promise<ParsedFeed> => {
    if (!parsed.has(path))
      parsed.set(
        path,
        getFeed(path).then((feed) => parseWithFeedparser(feed.body)),
      )
    return parsed.get(path)!
  }
  const jsonFeed = async (path: string) => JSON.parse((await getFeed(path)).body) as JsonFeed

  beforeAll(async () => {
    // Prepare: one article an hour, so "newest first" has a single right answer; the draft comes last.
    const clock = new FixedClock(new Date('2026-11-27T09:00:00.000Z'))
    env = await createTestApp({ clock })

    const english = await publish(env, JSON.stringify(ENGLISH))
    publishedAt[english.slug] = english.publishedAt!
    clock.advance(HOUR)

    // The example as an editor would send it: Markdown with YAML front matter, published from the front matter.
    const example = readFileSync(EXAMPLE_URL, 'utf8').replace(/^---\n/, '---\nstatus: published\n')
    const korean = await publish(env, example, 'text/markdown; charset=utf-8')
    koreanSlug = korean.slug
    publishedAt[korean.slug] = korean.publishedAt!
    clock.advance(HOUR)

    const tricky = await publish(env, JSON.stringify(TRICKY))
    publishedAt[tricky.slug] = tricky.publishedAt!
    clock.advance(HOUR)

    await publish(env, JSON.stringify(DRAFT))
    clock.advance(HOUR)
  })

  it('publishes the example article under an ASCII slug with the title and summary these tests expect', () => {
    // Prepare
    const example = readFileSync(EXAMPLE_URL, 'utf8')

    // Assess
    expect(example).toContain(KOREAN_TITLE)
    expect(example).toContain(KOREAN_SUMMARY)
    expect(koreanSlug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  })

  it('serves every feed with status 200 and its exact media type', async () => {
    // Act
    const results = await Promise.all(
      ALL_FEEDS.map(async (feed) => ({ ...feed, res: await getFeed(feed.path) })),
    )

    // Assess
    for (const { path, format, res } of results) {
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type'), path).toBe(CONTENT_TYPES[format])
    }
  })

  it('produces well-formed XML for RSS and Atom', async () => {
    // Act
    const results = await Promise.all(
      XML_FEEDS.map(async (feed) => ({
        path: feed.path,
        check: checkWellFormedXml((await getFeed(feed.path)).body),
      })),
    )

    // Assess
    for (const { path, check } of results) expect(check.errors, path).toEqual([])
  })

  it('produces Atom that jing accepts against the RFC 4287 RELAX NG grammar', async () => {
    // Act
    const results = await Promise.all(
      ALL_FEEDS.filter((feed) => feed.format === 'atom').map(async (feed) => ({
        path: feed.path,
        check: await validateAtomWithJing((await getFeed(feed.path)).body),
      })),
    )

    // Assess
    for (const { path, check } of results) {
      expect(check.errors, path).toEqual([])
      expect(check.valid, path).toBe(true)
    }
  })

  it('produces RSS 2.0 and Atom 1.0 that feedparser reads without complaint', async () => {
    // Act
    const results = await Promise.all(
      XML_FEEDS.map(async (feed) => ({ ...feed, view: await feedparserView(feed.path) })),
    )

    // Assess
    for (const { path, format, view } of results) {
      expect(view.bozo_exception, path).toBeNull()
      expect(view.bozo, path).toBe(0)
      expect(view.version, path).toBe(format === 'rss' ? 'rss20' : 'atom10')
      expect(view.encoding?.toLowerCase(), path).toBe('utf-8')
    }
  })

  it('produces JSON Feed 1.1 that the jsonfeed-schema accepts', async () => {
    // Act
    const results = await Promise.all(
      ALL_FEEDS.filter((feed) => feed.format === 'json').map(async (feed) => {
        const body = (await getFeed(feed.path)).body
        return {
          path: feed.path,
          check: validateJsonFeed(body),
          version: (JSON.parse(body) as JsonFeed).version,
        }
      }),
    )

    // Assess
    for (const { path, check, version } of results) {
      expect(check.errors, path).toEqual([])
      expect(check.valid, path).toBe(true)
      expect(version, path).toBe('https://jsonfeed.org/version/1.1')
    }
  })

  it('identifies every entry by its article permalink, newest first', async () => {
    // Act
    const rss = await feedparserView('/feed.xml')
    const atom = await feedparserView('/atom.xml')
    const json = await jsonFeed('/feed.json')

    // Assess
    const expected = [TRICKY.slug, koreanSlug, ENGLISH.slug].map(permalink)
    expect(rss.entries.map((entry) => entry.id)).toEqual(expected)
    expect(rss.entries.map((entry) => entry.link)).toEqual(expected)
    expect(atom.entries.map((entry) => entry.id)).toEqual(expected)
    expect(atom.entries.map((entry) => entry.link)).toEqual(expected)
    expect(json.items.map((item) => item.id)).toEqual(expected)
    expect(json.items.map((item) => item.url)).toEqual(expected)
  })

  it('builds the same bytes, ids and ETags when the feeds are built again', async () => {
    // Prepare: a second app on the same table has its own, empty feed cache, so it builds from scratch.
    const again = createApp(env.deps)

    // Act
    const rebuilt = await Promise.all(
      ALL_FEEDS.map(async (feed) => ({
        ...feed,
        first: await getFeed(feed.path),
        res: await again.request(feed.path),
      })),
    )

    // Assess
    for (const { path, first, res } of rebuilt) {
      expect(await res.text(), path).toBe(first.body)
      expect(res.headers.get('etag'), path).toBe(first.headers.get('etag'))
    }
  })

  it('omits drafts from every feed', async () => {
    // Act
    const bodies = await Promise.all(
      ALL_FEEDS.map(async (feed) => ({ ...feed, body: (await getFeed(feed.path)).body })),
    )

    // Assess
    for (const { path, body } of bodies) {
      expect(body, path).not.toContain(DRAFT.slug)
      expect(body, path).not.toContain(DRAFT.title)
      expect(body, path).not.toContain(DRAFT.summary)
    }
  })

  it('lists only the tagged articles in a tag feed, and names the tag', async () => {
    // Act
    const rss = await feedparserView(`${KOREAN_TAG_PATH}/feed.xml`)
    const atom = await feedparserView(`${KOREAN_TAG_PATH}/atom.xml`)
    const json = await jsonFeed(`${KOREAN_TAG_PATH}/feed.json`)

    // Assess
    const expected = [TRICKY.slug, koreanSlug].map(permalink)
    expect(rss.entries.map((entry) => entry.id)).toEqual(expected)
    expect(atom.entries.map((entry) => entry.id)).toEqual(expected)
    expect(json.items.map((item) => item.id)).toEqual(expected)
    for (const entry of [...rss.entries, ...atom.entries]) expect(entry.tags).toContain(KOREAN_TAG)
    for (const item of json.items) expect(item.tags).toContain(KOREAN_TAG)
    expect(rss.feed.title).toContain(`#${KOREAN_TAG}`)
    expect(atom.feed.title).toContain(`#${KOREAN_TAG}`)
    expect(json.title).toContain(`#${KOREAN_TAG}`)
    expect(json.feed_url).toBe(`${SITE_URL}${KOREAN_TAG_PATH}/feed.json`)
  })

  it('keeps the Korean title, summary, tags and body text exactly as written', async () => {
    // Act
    const views = await Promise.all(XML_FEEDS.map((feed) => feedparserView(feed.path)))
    const feeds = await Promise.all(['/feed.json', `${KOREAN_TAG_PATH}/feed.json`].map(jsonFeed))

    // Assess
    for (const view of views) {
      const entry = view.entries.find((candidate) => candidate.id === permalink(koreanSlug))
      expect(entry?.title, view.version).toBe(KOREAN_TITLE)
      expect(entry?.summary, view.version).toBe(KOREAN_SUMMARY)
      expect(entry?.tags, view.version).toEqual([KOREAN_TAG, '반도체', '전망'])
      expect(displayedText(entry?.content), view.version).toContain(
        '반도체 수출이 전년 대비 18% 늘며 성장을 이끈다.',
      )
    }
    for (const feed of feeds) {
      const item = feed.items.find((candidate) => candidate.id === permalink(koreanSlug))
      expect(item?.title).toBe(KOREAN_TITLE)
      expect(item?.summary).toBe(KOREAN_SUMMARY)
      expect(item?.tags).toEqual([KOREAN_TAG, '반도체', '전망'])
      expect(item?.content_html).toContain('<td>실질 GDP 성장률</td>')
    }
  })

  it('shows a title with markup-like text literally, as the editor wrote it, in every format', async () => {
    // Act
    const rss = await feedparserView('/feed.xml')
    const atom = await feedparserView('/atom.xml')
    const json = await jsonFeed('/feed.json')

    // Assess: "<b>" is part of the title's text; a reader must neither bold it nor drop it.
    const titleIn = (view: ParsedFeed) =>
      view.entries.find((entry) => entry.id === permalink(TRICKY.slug))?.title
    expect(displayedText(atom.entries.find((entry) => entry.id === permalink(TRICKY.slug))?.title)).toBe(
      TRICKY_TITLE,
    )
    expect(json.items.find((item) => item.id === permalink(TRICKY.slug))?.title).toBe(TRICKY_TITLE)
    expect(displayedText(titleIn(rss))).toBe(TRICKY_TITLE)
  })

  it('shows a summary and body with &, <, ]]> and emoji as text, and keeps safe links', async () => {
    // Act
    const views = await Promise.all(['/feed.xml', '/atom.xml'].map(feedparserView))
    const json = await jsonFeed('/feed.json')

    // Assess
    for (const view of views) {
      const entry = view.entries.find((candidate) => candidate.id === permalink(TRICKY.slug))
      expect(displayedText(entry?.summary), view.version).toBe(TRICKY_SUMMARY)
      const content = displayedText(entry?.content)
      expect(content, view.version).toContain(
        'Profits & losses: a CDATA section ends with ]]> and must not end the feed. 👩‍👩‍👧 🇰🇷',
      )
      expect(content, view.version).toContain('Inline code: <script> and ]]>.')
      expect(entry?.content, view.version).toContain('href="https://example.com/?a=1&amp;b=2"')
    }
    const item = json.items.find((candidate) => candidate.id === permalink(TRICKY.slug))
    expect(item?.summary).toBe(TRICKY_SUMMARY)
    expect(displayedText(item?.content_html)).toContain('Inline code: <script> and ]]>.')
    expect(item?.content_html).toContain('href="https://example.com/?a=1&amp;b=2"')
  })

  it('contains no script element, event handler or javascript: URL in any feed', async () => {
    // Act
    const bodies = await Promise.all(
      ALL_FEEDS.map(async (feed) => ({ ...feed, body: (await getFeed(feed.path)).body })),
    )

    // Assess: the raw bytes, and for JSON also the decoded strings (JSON could hide "<" as \u003c).
    for (const { path, format, body } of bodies) {
      const texts = format === 'json' ? [body, JSON.stringify(JSON.parse(body))] : [body]
      for (const text of texts) {
        expect(text, path).not.toMatch(/<script/i)
        expect(text, path).not.toMatch(/javascript:/i)
        expect(text, path).not.toMatch(/onerror/i)
      }
    }
  })

  it('dates RSS in RFC 822 and Atom and JSON Feed in RFC 3339, matching each publication time', async () => {
    // Act
    const rss = await getFeed('/feed.xml')
    const atom = await getFeed('/atom.xml')
    const views = await Promise.all(['/feed.xml', '/atom.xml'].map(feedparserView))
    const json = await jsonFeed('/feed.json')

    // Assess: the formats
    const rssDates = [...rss.body.matchAll(/<(pubDate|lastBuildDate)>([^<]*)<\/\1>/g)].map(
      (match) => match[2]!,
    )
    expect(rssDates).toHaveLength(4)
    for (const date of rssDates) expect(date).toMatch(RFC_822_DATE)
    const atomDates = [...atom.body.matchAll(/<(published|updated)>([^<]*)<\/\1>/g)].map((match) => match[2]!)
    expect(atomDates).toHaveLength(7)
    for (const date of atomDates) expect(date).toMatch(RFC_3339_DATE)
    for (const item of json.items) {
      expect(item.date_published).toMatch(RFC_3339_DATE)
      expect(item.date_modified).toMatch(RFC_3339_DATE)
    }

    // Assess: the instants, as a reader parses them
    for (const view of views) {
      for (const entry of view.entries) {
        expect(Date.parse(entry.published!), `${view.version} ${entry.id}`).toBe(
          Date.parse(publishedAt[slugOf(entry.id!)]!),
        )
      }
    }
    for (const item of json.items)
      expect(Date.parse(item.date_published)).toBe(Date.parse(publishedAt[slugOf(item.id)]!))
    const stamps = json.items.map((item) => Date.parse(item.date_published))
    expect(stamps).toEqual([...stamps].sort((a, b) => b - a))
  })

  it('declares the publication language, and each article language that differs from it', async () => {
    // Act
    const rss = await feedparserView('/feed.xml')
    const atom = await feedparserView('/atom.xml')
    const atomBody = (await getFeed('/atom.xml')).body
    const json = await jsonFeed('/feed.json')

    // Assess
    expect(rss.feed.language).toBe('ko')
    expect(atomBody).toMatch(/<feed [^>]*xml:lang="ko"/)
    expect(atom.feed.language).toBe('ko')
    expect(Object.fromEntries(atom.entries.map((entry) => [slugOf(entry.id!), entry.language]))).toEqual({
      [TRICKY.slug]: 'en',
      [koreanSlug]: 'ko',
      [ENGLISH.slug]: 'en',
    })
    expect(json.language).toBe('ko')
    expect(json.items.map((item) => item.language)).toEqual(['en', 'ko', 'en'])
  })

  it('links each RSS feed to itself with atom:link rel="self"', async () => {
    // Act
    const whole = await feedparserView('/feed.xml')
    const tagged = await feedparserView(`${KOREAN_TAG_PATH}/feed.xml`)

    // Assess
    expect(whole.feed.links).toContainEqual({
      rel: 'self',
      href: `${SITE_URL}/feed.xml`,
      type: 'application/rss+xml',
    })
    expect(tagged.feed.links).toContainEqual({
      rel: 'self',
      href: `${SITE_URL}${KOREAN_TAG_PATH}/feed.xml`,
      type: 'application/rss+xml',
    })
  })

  it('sends an ETag, and answers If-None-Match with it by 304 and an empty body', async () => {
    // Prepare
    const first = await Promise.all(
      ALL_FEEDS.map(async (feed) => ({ ...feed, etag: (await getFeed(feed.path)).headers.get('etag') })),
    )

    // Act
    const revalidated = await Promise.all(
      first.map(async (feed) => {
        const res = await env.app.request(feed.path, { headers: { 'if-none-match': feed.etag ?? '' } })
        return { ...feed, status: res.status, body: await res.text(), etagAgain: res.headers.get('etag') }
      }),
    )

    // Assess
    for (const { path, etag, status, body, etagAgain } of revalidated) {
      expect(etag, path).toMatch(/^(W\/)?"[^"]+"$/)
      expect(status, path).toBe(304)
      expect(body, path).toBe('')
      expect(etagAgain, path).toBe(etag)
    }
  })
})

describe('feeds of an article whose title or tags look like markup', () => {
  /** Publishes one article on a fresh table, then reads the whole-site feeds with every checker. */
  async function publishAndCheck(article: Record<string, unknown>) {
    const env = await createTestApp()
    const res = await env.admin('/api/articles', {
      method: 'POST',
      body: JSON.stringify({ body: 'Text.', status: 'published', ...article }),
    })
    expect(res.status, await res.clone().text()).toBe(201)
    const stored = (await res.json()) as { title: string; tags: string[] }
    const rss = (await fetchFeed(env, '/feed.xml')).body
    const atom = (await fetchFeed(env, '/atom.xml')).body
    const json = (await fetchFeed(env, '/feed.json')).body
    const [rssView, atomView, jing] = await Promise.all([
      parseWithFeedparser(rss),
      parseWithFeedparser(atom),
      validateAtomWithJing(atom),
    ])
    return { stored, rss, atom, json, rssView, atomView, jing, jsonCheck: validateJsonFeed(json) }
  }

  it('keeps RSS well-formed when a title contains "]]>" more than once', async () => {
    // Prepare
    const title = 'Nested CDATA: ]]> and again ]]> end'

    // Act
    const { rss, rssView, atomView, jing, jsonCheck } = await publishAndCheck({ title, slug: 'nested-cdata' })

    // Assess
    expect(checkWellFormedXml(rss).errors).toEqual([])
    expect(rssView.bozo_exception).toBeNull()
    expect(displayedText(rssView.entries[0]?.title)).toBe(title)
    expect(atomView.bozo_exception).toBeNull()
    expect(displayedText(atomView.entries[0]?.title)).toBe(title)
    expect(jing.errors).toEqual([])
    expect(jsonCheck.errors).toEqual([])
  })

  it('stores image, canonical and related URLs normalised, so the JSON Feed stays valid (format: uri)', async () => {
    // Prepare: URLs as an editor might paste them, with a space and with markup characters
    const article = {
      title: 'Links as typed',
      slug: 'links-as-typed',
      image: 'https://e.com/a b.png',
      image_alt: 'A "quoted" <cover> & more',
      image_width: 1600,
      image_height: 900,
      canonicalUrl: 'https://e.com/x">',
      related: [{ title: 'Rel', url: 'https://e.com/<b> c' }],
    }

    // Act
    const { stored, jsonCheck, jing, atomView, rssView, json } = await publishAndCheck(article)

    // Assess
    expect(rssView.bozo_exception).toBeNull()
    expect(rssView.entries[0]?.media_content).toEqual([
      { url: 'https://e.com/a%20b.png', type: 'image/png', medium: 'image', width: '1600', height: '900' },
    ])
    expect(rssView.entries[0]?.summary).toBe('Text.')
    expect(JSON.parse(json).items[0].image).toBe('https://e.com/a%20b.png')
    expect(stored).toMatchObject({
      image: { url: 'https://e.com/a%20b.png', alt: 'A "quoted" <cover> & more', width: 1600, height: 900 },
      canonicalUrl: 'https://e.com/x%22%3E',
      related: [{ url: 'https://e.com/%3Cb%3E%20c' }],
    })
    expect(jsonCheck.errors).toEqual([])
    expect(jing.errors).toEqual([])
    expect(atomView.bozo_exception).toBeNull()
  })

  it('keeps Atom well-formed and valid when a tag contains "<" or "&"', async () => {
    // Prepare
    const tags = ['r&d', 'a<b', '<entry>']

    // Act
    const { stored, atom, atomView, jing, rssView, jsonCheck } = await publishAndCheck({
      title: 'Tags',
      slug: 'tags-like-markup',
      tags,
      lang: 'en',
    })

    // Assess: whatever normalisation the app applies to tags, every feed stays valid and carries them as stored.
    expect(checkWellFormedXml(atom).errors).toEqual([])
    expect(jing.errors).toEqual([])
    expect(atomView.bozo_exception).toBeNull()
    expect(atomView.entries[0]?.tags).toEqual(stored.tags)
    expect(atomView.entries[0]?.language).toBe('en')
    expect(rssView.bozo_exception).toBeNull()
    expect(rssView.entries[0]?.tags).toEqual(stored.tags)
    expect(jsonCheck.errors).toEqual([])
  })
})
