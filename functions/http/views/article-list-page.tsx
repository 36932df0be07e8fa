import type { Article } from '../../core/article'
import { articleSummary } from '../../core/feed'
import { publicationUrls, type Publication } from '../../core/publication'
import { formatDate } from './format-date'
import { Layout } from './layout'
import { PAGE_STRINGS, pageLang } from './page-strings'
import { Pagination } from './pagination'
import { SubscribeForm } from './subscription-pages'
import { siteJsonLd } from './structured-data'

interface ArticleListProps {
  publication: Publication
  articles: Article[]
  /** When set, the page lists one tag's articles and advertises that tag's feeds. */
  tag?: string
  /** This page of the listing (from 1) and how many there are. */
  page: number
  pages: number
  /** How many published articles the listing holds in all (shown on a tag's page). */
  total: number
}

/** The home page, or a tag's page: one page of published articles, newest first. */
export function ArticleListPage({ publication, articles, tag, page, pages, total }: ArticleListProps) {
  const urls = publicationUrls(publication)
  const lang = pageLang(publication.lang)
  const t = PAGE_STRINGS[lang]
  const name = tag === undefined ? publication.title : `#${tag}`
  const title = [
    ...(page > 1 ? [t.pageTitle(page)] : []),
    name,
    ...(tag === undefined ? [] : [publication.title]),
  ]
  const description = tag === undefined ? publication.description : publication.tagDescriptions?.[tag]
  const canonical = urls.listPage(page, tag)
  return (
    <Layout
      publication={publication}
      title={title.join(' · ')}
      lang={publication.lang}
      description={description ?? publication.description}
      canonical={canonical}
      share={{
        type: 'website',
        title: name,
        description: description ?? publication.description,
        url: canonical,
        lang: publication.lang,
        ...(publication.logoUrl !== undefined && { image: { url: publication.logoUrl } }),
      }}
      {...(tag === undefined && page === 1 && { jsonLd: siteJsonLd(publication) })}
      {...(tag !== undefined && { tag })}
    >
      <h1>{name}</h1>
      {description ? <p class="dek">{description}</p> : null}
      {tag === undefined ? null : (
        <p class="meta">
          {t.articleCount(total)} · <a href={urls.feeds(tag).rss}>{t.tagFeed(tag)}</a>
        </p>
      )}
      {articles.length === 0 ? <p>{t.nothingYet}</p> : null}
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
                  <time datetime={article.publishedAt}>
                    {formatDate(article.publishedAt, lang, publication.timeZone)}
                  </time>
                ) : null}
                {article.author ? ` · ${article.author}` : null}
              </p>
            </li>
          ))}
        </ol>
      )}
      <Pagination publication={publication} page={page} pages={pages} tag={tag} />
      <SubscribeForm lang={lang} />
    </Layout>
  )
}
