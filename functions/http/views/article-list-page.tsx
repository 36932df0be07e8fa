import type { Article } from '../../core/article'
import { articleSummary } from '../../core/feed'
import { publicationUrls, type Publication } from '../../core/publication'
import { formatDate } from './format-date'
import { Layout } from './layout'
import { SubscribeForm } from './subscription-pages'
import { siteJsonLd } from './structured-data'
import { pageLang } from './subscription-strings'

interface ArticleListProps {
  publication: Publication
  articles: Article[]
  /** When set, the page lists one tag's articles and advertises that tag's feeds. */
  tag?: string
}

/** The home page, or a tag's page: the latest published articles, newest first. */
export function ArticleListPage({ publication, articles, tag }: ArticleListProps) {
  const urls = publicationUrls(publication)
  const heading = tag === undefined ? publication.title : `#${tag}`
  const canonical = tag === undefined ? urls.home : urls.tag(tag)
  return (
    <Layout
      publication={publication}
      title={tag === undefined ? publication.title : `#${tag} · ${publication.title}`}
      lang={publication.lang}
      description={publication.description}
      canonical={canonical}
      share={{
        type: 'website',
        title: tag === undefined ? publication.title : `#${tag}`,
        description: publication.description,
        url: canonical,
        lang: publication.lang,
        ...(publication.logoUrl !== undefined && { image: { url: publication.logoUrl } }),
      }}
      {...(tag === undefined && { jsonLd: siteJsonLd(publication) })}
      {...(tag !== undefined && { tag })}
    >
      <h1>{heading}</h1>
      {tag === undefined ? <p class="dek">{publication.description}</p> : null}
      {articles.length === 0 ? (
        <p>{publication.lang.startsWith('ko') ? '아직 글이 없습니다.' : 'Nothing published yet.'}</p>
      ) : null}
      {articles.length === 0 ? null : (
        <ol class="articles">
          {articles.map((article) => (
            <li lang={article.lang}>
              <h2>
                <a href={urls.article(article.slug)}>{article.title}</a>
              </h2>
              <p>{articleSummary(article)}</p>
              <p class="meta">
                {article.publishedAt ? (
                  <time datetime={article.publishedAt}>{formatDate(article.publishedAt, article.lang)}</time>
                ) : null}
                {article.author ? ` · ${article.author}` : null}
              </p>
            </li>
          ))}
        </ol>
      )}
      <SubscribeForm lang={pageLang(publication.lang)} />
    </Layout>
  )
}
