import { isPublic, type Article } from './article'
import { publicationUrls, type Publication } from './publication'

/**
 * The subscription feed URLs whose content a write changed: the publication's feeds and the feeds of
 * every tag the article had or has, but only when it was or is public (a draft or scheduled edit changes no feed).
 */
export function changedFeedUrls(
  publication: Publication,
  before: Article | undefined,
  after: Article | undefined,
): string[] {
  const visible = [before, after].filter((article) => article !== undefined && isPublic(article)) as Article[]
  if (visible.length === 0) return []
  const urls = publicationUrls(publication)
  const tags = [...new Set(visible.flatMap((article) => article.tags))]
  return [undefined, ...tags].flatMap((tag) => Object.values(urls.feeds(tag)))
}

/**
 * The pages whose content a write changed, for search engines (IndexNow): the article's own URL when it was
 * or is published. A publish adds the page, an update changes it, an unpublish or delete makes it a 404 the
 * engines should learn of; a draft edit changes no public page.
 */
export function changedPageUrls(
  publication: Publication,
  before: Article | undefined,
  after: Article | undefined,
): string[] {
  const visible = [before, after].filter((article) => article?.status === 'published') as Article[]
  const slugs = [...new Set(visible.map((article) => article.slug))]
  return slugs.map((slug) => publicationUrls(publication).article(slug))
}
