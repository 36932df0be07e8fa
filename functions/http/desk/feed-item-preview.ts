import type { Article } from '../../core/article'
import { articleSummary, buildFeeds } from '../../core/feed'
import { publicationUrls, type Publication } from '../../core/publication'
import type { FeedItemPreview } from '../views/desk/draft-preview-pages'

/**
 * An article as the feeds will carry it: the feeds' own builder run on this one article, and its item cut
 * out of the RSS document and the JSON Feed, byte for byte what a feed reader will fetch.
 */
export function feedItemPreview(publication: Publication, article: Article): FeedItemPreview {
  const feeds = buildFeeds(publication, [article])
  const rssItem = /<item>[\s\S]*<\/item>/.exec(feeds.rss)?.[0] ?? ''
  const item = (JSON.parse(feeds.json) as { items: { content_html?: string }[] }).items[0] ?? {}
  return {
    title: article.title,
    url: publicationUrls(publication).article(article.slug),
    published: article.publishedAt ?? '',
    summary: articleSummary(article),
    contentHtml: item.content_html ?? '',
    rssItem,
    jsonItem: JSON.stringify(item, null, 2),
  }
}
