import type { NewsArticle, Organization, WebSite, WithContext } from 'schema-dts'
import type { Article } from '../../core/article'
import { articleSummary } from '../../core/feed'
import { publicationUrls, type Publication } from '../../core/publication'

/** The page's own URL as search engines should index it: the article's canonicalUrl when set. */
export const articleCanonicalUrl = (publication: Publication, article: Article) =>
  article.canonicalUrl ?? publicationUrls(publication).article(article.slug)

/** The publication as schema.org sees it: the publisher of every article, with its logo when configured. */
export function publisherOf(publication: Publication): Organization {
  return {
    '@type': 'Organization',
    name: publication.title,
    url: publicationUrls(publication).home,
    ...(publication.logoUrl !== undefined && {
      logo: { '@type': 'ImageObject', url: publication.logoUrl },
    }),
  }
}

/**
 * An article page's JSON-LD (Google's Article structured data, which Naver reads too): what a search result
 * or a link preview shows without reading the page.
 */
export function articleJsonLd(publication: Publication, article: Article): WithContext<NewsArticle> {
  const url = articleCanonicalUrl(publication, article)
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.title,
    description: articleSummary(article),
    ...(article.publishedAt !== undefined && { datePublished: article.publishedAt }),
    dateModified: article.updatedAt,
    // The byline when there is one; otherwise the publication wrote it.
    author:
      article.author === undefined ? publisherOf(publication) : { '@type': 'Person', name: article.author },
    ...(article.image !== undefined && { image: [article.image.url] }),
    inLanguage: article.lang,
    ...(article.tags.length > 0 && { keywords: article.tags }),
    publisher: publisherOf(publication),
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
  }
}

/** The home page's JSON-LD: the site, published by the publication (Google's site name and logo). */
export function siteJsonLd(publication: Publication): WithContext<WebSite> {
  return {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    name: publication.title,
    description: publication.description,
    url: publicationUrls(publication).home,
    inLanguage: publication.lang,
    publisher: publisherOf(publication),
  }
}

/**
 * JSON for a <script type="application/ld+json">. The HTML parser ends a script at the first `</script`
 * whatever the JSON around it says, and `<!--` changes how it reads on; with every `<` written as \u003c
 * (the same string to a JSON parser) no title or summary can do either. U+2028 and U+2029 are escaped too,
 * for parsers older than ES2019 that took them for line ends.
 */
export function jsonLdText(data: object): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}
