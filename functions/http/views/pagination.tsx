import { publicationUrls, type Publication } from '../../core/publication'
import { PAGE_STRINGS, pageLang } from './page-strings'

interface PaginationProps {
  publication: Publication
  /** This page, from 1. */
  page: number
  pages: number
  /** The tag whose listing is paged; absent for the home page. */
  tag?: string | undefined
}

/** Newer and older pages of a listing (newest first), with rel links; nothing when there is one page. */
export function Pagination({ publication, page, pages, tag }: PaginationProps) {
  if (pages <= 1) return null
  const t = PAGE_STRINGS[pageLang(publication.lang)]
  const urls = publicationUrls(publication)
  return (
    <nav class="pagination" aria-label={t.pages}>
      {page > 1 ? (
        <a rel="prev" href={urls.listPage(page - 1, tag)}>
          ← {t.newer}
        </a>
      ) : null}{' '}
      <span class="meta">{t.pageOf(page, pages)}</span>{' '}
      {page < pages ? (
        <a rel="next" href={urls.listPage(page + 1, tag)}>
          {t.older} →
        </a>
      ) : null}
    </nav>
  )
}
