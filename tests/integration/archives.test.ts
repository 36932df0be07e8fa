import { XMLParser } from 'fast-xml-parser'
import { beforeAll, describe, expect, it } from 'vitest'
import { FixedClock, articleJson, createTestApp, readJson } from '../support/test-app'

type TestApp = Awaited<ReturnType<typeof createTestApp>>

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' })
const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value]

interface AtomLink {
  rel?: string
  href: string
}

describe('RFC 5005 archives', () => {
  let t: TestApp
  const published: string[] = []

  beforeAll(async () => {
    // Prepare: seven articles over three months, three per subscription feed, published with past dates
    // (a future publishedAt would schedule them)
    const clock = new FixedClock(new Date('2026-11-27T00:00:00.000Z'))
    t = await createTestApp({ clock, publication: { feedSize: 3 } })
    const dates = [
      '2026-09-10',
      '2026-09-20',
      '2026-10-05',
      '2026-10-15',
      '2026-10-25',
      '2026-11-01',
      '2026-11-02',
    ]
    for (const [n, date] of dates.entries()) {
      const response = await t.admin('/api/articles', {
        method: 'POST',
        body: articleJson({ title: `Article ${n + 1}`, publishedAt: `${date}T09:00:00Z`, tags: ['all'] }),
      })
      published.push((await readJson(response)).url)
    }
  })

  const walkAtom = async (start: string) => {
    const ids: string[] = []
    const documents: { path: string; archive: boolean; links: AtomLink[]; cacheControl: string | null }[] = []
    let next: string | undefined = start
    while (next !== undefined && documents.length < 10) {
      const path: string = next.replace('https://news.example.com', '')
      const response = await t.app.request(path)
      expect(response.status, path).toBe(200)
      const feed = xml.parse(await response.text()).feed
      const links = asArray<AtomLink>(feed.link)
      ids.push(...asArray<{ id: string }>(feed.entry).map((entry) => entry.id))
      documents.push({
        path,
        archive: 'fh:archive' in feed,
        links,
        cacheControl: response.headers.get('cache-control'),
      })
      next = links.find((link) => link.rel === 'prev-archive')?.href
    }
    return { ids, documents }
  }

  it('lets a reader walk from the subscription feed back to the first article', async () => {
    const { ids, documents } = await walkAtom('/atom.xml')
    expect(new Set(ids)).toEqual(new Set(published))
    // November is wholly in the subscription feed, so its oldest item's month, October, comes next.
    expect(documents.map((d) => d.path)).toEqual([
      '/atom.xml',
      '/archive/2026-10/atom.xml',
      '/archive/2026-09/atom.xml',
    ])
  })

  it('marks archive documents and links them to the subscription feed', async () => {
    const { documents } = await walkAtom('/atom.xml')
    const [subscription, ...archives] = documents
    expect(subscription!.archive).toBe(false)
    for (const archive of archives) {
      expect(archive.archive).toBe(true)
      expect(archive.links).toContainEqual({ rel: 'current', href: 'https://news.example.com/atom.xml' })
    }
  })

  it('caches ended months long and the current month like the feed', async () => {
    const ended = await t.app.request('/archive/2026-10/atom.xml')
    expect(ended.headers.get('cache-control')).toContain('max-age=2592000')
    const current = await t.app.request('/archive/2026-11/atom.xml')
    expect(current.headers.get('cache-control')).toContain('max-age=300')
    expect(await current.text()).toContain(
      '<link rel="prev-archive" href="https://news.example.com/archive/2026-10/atom.xml"/>',
    )
  })

  it('walks RSS and tag feeds the same way', async () => {
    const ids: string[] = []
    let next: string | undefined = '/tags/all/feed.xml'
    while (next !== undefined) {
      const channel: { item?: unknown; 'atom:link'?: unknown } = xml.parse(
        await (await t.app.request(next)).text(),
      ).rss.channel
      ids.push(...asArray(channel.item as { link: string }[]).map((item) => item.link))
      const links: AtomLink[] = asArray(channel['atom:link'] as AtomLink | AtomLink[])
      next = links.find((link) => link.rel === 'prev-archive')?.href.replace('https://news.example.com', '')
    }
    expect(new Set(ids)).toEqual(new Set(published))
  })

  it('pages JSON Feed with next_url', async () => {
    const ids: string[] = []
    let next: string | undefined = '/feed.json'
    while (next !== undefined) {
      const feed = await readJson(t.app.request(next))
      ids.push(...feed.items.map((item: { id: string }) => item.id))
      next = feed.next_url?.replace('https://news.example.com', '')
    }
    expect(new Set(ids)).toEqual(new Set(published))
  })

  it('answers 404 for a month without articles or a malformed month', async () => {
    for (const path of [
      '/archive/2025-01/atom.xml',
      '/archive/2026-13/feed.xml',
      '/archive/latest/feed.json',
    ]) {
      expect((await t.app.request(path)).status, path).toBe(404)
    }
  })
})
