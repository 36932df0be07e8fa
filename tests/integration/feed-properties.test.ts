import fc from 'fast-check'
import { XMLParser } from 'fast-xml-parser'
import { SaxesParser } from 'saxes'
import { describe, expect, it } from 'vitest'
import type { Article } from '../../functions/core/article'
import { buildArticle, parseArticleInput } from '../../functions/core/articles'
import { ValidationError } from '../../functions/core/errors'
import { buildFeeds } from '../../functions/core/feed'
import { cleanLine, cleanText } from '../../functions/core/xml-text'
import { parseManyWithFeedparser, validateJsonFeed, validateManyAtomWithJing } from '../support/checkers'
import { createTestApp, readJson, testPublication } from '../support/test-app'

/*
 * Feeds stay valid whatever editors type: property tests over arbitrary Unicode. The cheap invariants
 * (strict well-formedness, JSON Feed schema, text survival) run on hundreds of cases in-process; the
 * external checkers (jing, feedparser) run once over a batch of generated feeds, since each starts a JVM
 * or a Python interpreter.
 */

const TRICKY = [
  ']]>',
  ']]>]]>',
  '&',
  '&amp;',
  '&#0;',
  '<script>alert(1)</script>',
  '<b>bold</b>',
  '\u202Eevil\u202C',
  'مرحبا بالعالم',
  'עברית',
  '👨‍👩‍👧‍👦',
  '🇰🇷',
  '한국 경제 전망',
  '한국경제전망반도체수출회복세',
  '한'.normalize('NFD'),
  '\u0000',
  '\u0007',
  '\uFFFE',
  '\uD800',
  '\uDC00x',
  '"\'',
  '<![CDATA[',
  '-->',
  '<entry>',
  '<atom:link rel="self" href="x"/>',
]

const anyUtf16 = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  maxLength: 12,
})
const fragment = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  anyUtf16,
  fc.constantFrom(...TRICKY),
  fc.string({
    unit: fc.integer({ min: 0xac00, max: 0xd7a3 }).map((code) => String.fromCharCode(code)),
    maxLength: 40,
  }),
)
const text = fc.array(fragment, { maxLength: 6 }).map((parts) => parts.join(''))
const nonBlank = (value: string) => cleanText(value).trim().length > 0

const articleInput = fc.record({
  title: fc.oneof(text, fc.string({ unit: 'binary', minLength: 200, maxLength: 290 })).filter(nonBlank),
  summary: text,
  body: text.filter(nonBlank),
  author: text.filter(nonBlank),
  tags: fc.array(text.filter(nonBlank), { maxLength: 3 }),
  lang: fc.constantFrom('ko', 'en', 'ar', 'he', 'ja'),
})

type Input = typeof articleInput extends fc.Arbitrary<infer T> ? T : never

/** The articles the API would store for these inputs; inputs it refuses with 422 never reach a feed. */
function toArticles(inputs: Input[]): Article[] {
  const articles: Article[] = []
  inputs.forEach((input, index) => {
    const publishedAt = new Date(Date.UTC(2026, 0, 1) + index * 3600_000).toISOString()
    try {
      const parsed = parseArticleInput({
        ...input,
        slug: `article-${index}`,
        status: 'published',
        publishedAt,
      })
      articles.push(buildArticle(parsed, new Date('2026-11-27T00:00:00Z'), 'ko'))
    } catch (error) {
      // e.g. a tag over 50 characters, or a body that is only unsafe HTML
      if (!(error instanceof ValidationError)) throw error
    }
  })
  return articles.reverse()
}

function wellFormed(xml: string): string | undefined {
  const parser = new SaxesParser({ xmlns: true })
  let problem: string | undefined
  parser.on('error', (error) => {
    problem ??= error.message
  })
  parser.write(xml).close()
  return problem
}

const xml = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => name === 'entry' || name === 'item',
})
const unescapeHtml = (value: string) =>
  value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')

const feedsArbitrary = fc.array(articleInput, { minLength: 1, maxLength: 5 })

describe('feeds over arbitrary Unicode', () => {
  it('stay well-formed, schema-valid and carry every title that XML can carry', () => {
    fc.assert(
      fc.property(feedsArbitrary, (inputs) => {
        const articles = toArticles(inputs)
        const { rss, atom, json } = buildFeeds(testPublication(), articles)
        expect(wellFormed(rss), 'RSS well-formed').toBeUndefined()
        expect(wellFormed(atom), 'Atom well-formed').toBeUndefined()
        expect(validateJsonFeed(json).errors).toEqual([])

        const expected = articles.map((article) => article.title)
        expect(articles.map((article) => article.title)).toEqual(articles.map((a) => cleanLine(a.title)))
        const atomTitles = (xml.parse(atom).feed.entry ?? []).map((entry: { title: string }) =>
          unescapeHtml(String(entry.title)),
        )
        const rssTitles = (xml.parse(rss).rss.channel.item ?? []).map((item: { title: string }) =>
          unescapeHtml(String(item.title)),
        )
        const jsonTitles = JSON.parse(json).items.map((item: { title: string }) => item.title)
        expect(atomTitles).toEqual(expected)
        expect(rssTitles).toEqual(expected)
        expect(jsonTitles).toEqual(expected)
        // Markup in text fields arrives escaped; JSON Feed's plain-text fields may hold it, its HTML may not.
        expect(`${rss}${atom}`).not.toMatch(/<script/i)
        for (const item of JSON.parse(json).items) expect(item.content_html).not.toMatch(/<script/i)
      }),
      { numRuns: 300 },
    )
  })

  it('keeps only what XML can carry from the editor’s text, in NFC', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) }),
        (raw) => {
          const cleaned = cleanText(raw)
          expect(wellFormed(`<a>${cleaned.replace(/[<&]/g, '')}</a>`)).toBeUndefined()
          expect(cleaned).toBe(cleaned.normalize('NFC'))
        },
      ),
      { numRuns: 500 },
    )
  })

  it('pass jing (RFC 4287) and feedparser without an error flag', async () => {
    const samples = fc.sample(feedsArbitrary, { numRuns: 30, seed: 20261127 })
    const documents = samples.map((inputs) => buildFeeds(testPublication(), toArticles(inputs)))

    const jing = await validateManyAtomWithJing(documents.map((d) => d.atom))
    const parsed = await parseManyWithFeedparser(documents.flatMap((d) => [d.rss, d.atom]))

    expect(
      jing.flatMap((result, index) => result.errors.map((error) => `sample ${index}: ${error}`)),
    ).toEqual([])
    expect(parsed.filter((feed) => feed.bozo).map((feed) => feed.bozo_exception)).toEqual([])
    expect(parsed.map((feed) => feed.version)).toEqual(documents.flatMap(() => ['rss20', 'atom10']))
  }, 60_000)

  it('stay valid when such articles are published through the API', async () => {
    const t = await createTestApp()
    const inputs = fc.sample(articleInput, { numRuns: 8, seed: 7 })
    for (const [index, input] of inputs.entries()) {
      const response = await t.admin(`/api/articles/prop-${index}`, {
        method: 'PUT',
        body: JSON.stringify({ ...input, status: 'published' }),
      })
      expect([200, 201, 422]).toContain(response.status)
      t.clock.advance(60_000)
    }
    const stored = (await readJson(t.admin('/api/articles?limit=100'))).items.length
    const atom = await (await t.app.request('/atom.xml')).text()
    const rss = await (await t.app.request('/feed.xml')).text()
    const json = await (await t.app.request('/feed.json')).text()

    expect((await validateManyAtomWithJing([atom]))[0]!.errors).toEqual([])
    const [rssParsed, atomParsed] = await parseManyWithFeedparser([rss, atom])
    expect([rssParsed!.bozo_exception, atomParsed!.bozo_exception]).toEqual([null, null])
    expect(validateJsonFeed(json).errors).toEqual([])
    expect(atomParsed!.entries).toHaveLength(stored)
  }, 60_000)
})
