import type { Neighbours } from '../../core/navigation'
import { publicationUrls, type Publication } from '../../core/publication'
import { PAGE_STRINGS, pageLang } from './page-strings'

/** Links to the articles published just before and just after this one, at the end of an article page. */
export function ArticleNav({
  publication,
  neighbours,
}: {
  publication: Publication
  neighbours?: Neighbours
}) {
  const { previous, next } = neighbours ?? {}
  if (previous === undefined && next === undefined) return null
  const lang = pageLang(publication.lang)
  const t = PAGE_STRINGS[lang]
  const urls = publicationUrls(publication)
  return (
    <nav class="article-nav" aria-label={t.articleNav} lang={lang}>
      {previous ? (
        <p class="previous">
          <span class="meta">{t.previousArticle}</span>{' '}
          <a rel="prev" href={urls.article(previous.slug)}>
            {previous.title}
          </a>
        </p>
      ) : null}
      {next ? (
        <p class="next">
          <span class="meta">{t.nextArticle}</span>{' '}
          <a rel="next" href={urls.article(next.slug)}>
            {next.title}
          </a>
        </p>
      ) : null}
    </nav>
  )
}
