import { raw } from 'hono/html'
import type { Article } from '../../core/article'
import { articleSummary } from '../../core/feed'
import { publicationUrls, type Publication } from '../../core/publication'
import { Layout } from './layout'
import { SubscribeForm } from './subscription-pages'
import { pageLang } from './page-strings'
import { formatDate } from './format-date'
import type { ShareMeta } from './share-meta'
import { articleCanonicalUrl, articleJsonLd } from './structured-data'

/** How a shared link to the article previews: its title, summary and cover image, as an article. */
function articleShareMeta(article: Article, url: string, description: string): ShareMeta {
  const { image } = article
  return {
    type: 'article',
    title: article.title,
    description,
    url,
    lang: article.lang,
    ...(image !== undefined && {
      image: {
        url: image.url,
        ...(image.alt !== undefined && { alt: image.alt }),
        ...(image.type !== undefined && { type: image.type }),
      },
    }),
    article: {
      ...(article.publishedAt !== undefined && { publishedTime: article.publishedAt }),
      modifiedTime: article.updatedAt,
      tags: article.tags,
    },
  }
}
import { ArticleNav } from './article-nav'
import type { Neighbours } from '../../core/navigation'

/** One article: title, dek, byline, tags, the sanitized body and related links. */
export function ArticlePage({
  publication,
  article,
  neighbours,
}: {
  publication: Publication
  article: Article
  neighbours?: Neighbours
}) {
  const urls = publicationUrls(publication)
  const canonical = articleCanonicalUrl(publication, article)
  const description = articleSummary(article)
  return (
    <Layout
      publication={publication}
      title={`${article.title} · ${publication.title}`}
      lang={article.lang}
      description={description}
      canonical={canonical}
      share={articleShareMeta(article, canonical, description)}
      jsonLd={articleJsonLd(publication, article)}
    >
      <article>
        <header>
          <h1>{article.title}</h1>
          {article.summary ? <p class="dek">{article.summary}</p> : null}
          <p class="meta">
            {article.author ? <span class="author">{article.author} · </span> : null}
            {article.publishedAt ? (
              <time datetime={article.publishedAt}>
                {formatDate(article.publishedAt, article.lang, publication.timeZone)}
              </time>
            ) : null}
          </p>
          {article.tags.length > 0 ? (
            <ul class="tags">
              {article.tags.map((tag) => (
                <li>
                  <a href={urls.tag(tag)}>#{tag}</a>
                </li>
              ))}
            </ul>
          ) : null}
          {article.image ? <img src={article.image.url} alt={article.image.alt ?? ''} /> : null}
        </header>
        {/* bodyHtml was sanitized when the article was written (core/markdown.ts). */}
        <div class="body">{raw(article.bodyHtml)}</div>
        {article.related.length > 0 ? (
          <section class="related">
            <h2>{article.lang.startsWith('ko') ? '관련 글' : 'Related'}</h2>
            <ul>
              {article.related.map((link) => (
                <li>
                  <a href={link.url}>{link.title}</a>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <ArticleNav publication={publication} {...(neighbours !== undefined && { neighbours })} />
      </article>
      <SubscribeForm lang={pageLang(publication.lang)} />
    </Layout>
  )
}
