import { XMLParser } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import type { Article } from '../../functions/core/article'
import { buildArticle, parseArticleInput } from '../../functions/core/articles'
import { articleSummary, buildFeeds } from '../../functions/core/feed'
import { articleStructure } from '../../functions/core/article-structure'
import { elementNames, renderedText, wordsOf } from '../support/html-text'
import { testPublication } from '../support/test-app'

// The reproduction, with the other elements that swallowed what followed them, in a takeaways list
// (which the digest card shows) and in the prose after it (which the page, the feeds and the excerpt show).
const BODY = [
  '## Key takeaways',
  '',
  '- Put the <style> element in the head.',
  '- A <textarea> keeps its text; so does <title>.',
  '- <script> never runs.',
  '',
  'First.',
  '',
  'Put the <xmp> element in the head.',
  '',
  'Third.',
].join('\n')
const SEEN = wordsOf(BODY.replace(/^(## |- )/gm, ''))

function article(): Article {
  const input = parseArticleInput({ title: 'Raw-text tags', body: BODY, status: 'published' })
  return buildArticle(input, new Date('2026-11-27T00:00:00Z'), 'en')
}

describe('an article whose prose names raw-text tags, everywhere its body goes', () => {
  it('keeps every word on the page, and shows the tags as text', () => {
    const html = article().bodyHtml
    expect(wordsOf(renderedText(html))).toEqual(SEEN)
    expect(elementNames(html)).toEqual(new Set(['h2', 'ul', 'li', 'p']))
  })

  it('keeps every word in RSS, Atom and JSON Feed content', () => {
    const { rss, atom, json } = buildFeeds(testPublication(), [article()])
    const xml = new XMLParser({ ignoreAttributes: true, processEntities: true, htmlEntities: false })
    const contents = {
      rss: (xml.parse(rss) as { rss: { channel: { item: { 'content:encoded': string } } } }).rss.channel.item[
        'content:encoded'
      ],
      atom: (xml.parse(atom) as { feed: { entry: { content: string } } }).feed.entry.content,
      json: (JSON.parse(json) as { items: { content_html: string }[] }).items[0]!.content_html,
    }
    for (const [format, html] of Object.entries(contents)) {
      expect(wordsOf(renderedText(html)), format).toEqual(SEEN)
    }
  })

  it('keeps every word in the digest takeaways and in the excerpt', () => {
    const written = article()
    expect(articleStructure(written.bodyMarkdown).takeaways).toEqual([
      'Put the <style> element in the head.',
      'A <textarea> keeps its text; so does <title>.',
      '<script> never runs.',
    ])
    expect(articleSummary(written)).toContain(
      '<script> never runs. First. Put the <xmp> element in the head. Third.',
    )
  })
})
