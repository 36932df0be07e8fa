import type { Article } from '../../../core/article'
import { DeskLayout, type DeskPageProps } from './desk-layout'
import { StatusLabel } from './editor-page'

export interface ListFilter {
  status?: Article['status']
  q?: string
}

/** Every article, newest first, narrowed by status and a title search; a plain GET form, no script. */
export function DeskArticleListPage({
  t,
  lang,
  editor,
  articles,
  filter,
  more,
  notice,
  timeZone,
}: DeskPageProps & {
  articles: Article[]
  filter: ListFilter
  more?: string
  notice?: string
  /** The publication's time zone, in which a scheduled article's time is shown. */
  timeZone: string
}) {
  return (
    <DeskLayout t={t} lang={lang} title={t.articles} {...(editor && { editor })}>
      <h1>{t.articles}</h1>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <form method="get" action="/admin/articles" class="filters" role="search">
        <div>
          <label for="status">{t.filterStatus}</label>
          <select id="status" name="status">
            <option value="">{t.allStatuses}</option>
            <option value="draft" selected={filter.status === 'draft'}>
              {t.draft}
            </option>
            <option value="published" selected={filter.status === 'published'}>
              {t.published}
            </option>
            <option value="scheduled" selected={filter.status === 'scheduled'}>
              {t.scheduled}
            </option>
          </select>
        </div>
        <div>
          <label for="q">{t.searchTitle}</label>
          <input type="search" id="q" name="q" value={filter.q ?? ''} />
        </div>
        <div>
          <button type="submit">{t.search}</button>
        </div>
      </form>
      <p>
        <a class="button" href="/admin/articles/new">
          {t.newArticle}
        </a>
      </p>
      {articles.length === 0 ? (
        <p>{t.noArticles}</p>
      ) : (
        <table class="list">
          <thead>
            <tr>
              <th scope="col">{t.title}</th>
              <th scope="col">{t.status}</th>
              <th scope="col" class="wide">
                {t.updated}
              </th>
            </tr>
          </thead>
          <tbody>
            {articles.map((article) => (
              <tr>
                <td>
                  <a href={`/admin/articles/${article.slug}`}>{article.title}</a>
                </td>
                <td>
                  <StatusLabel t={t} article={article} timeZone={timeZone} />
                </td>
                <td class="wide">
                  <time datetime={article.updatedAt}>{article.updatedAt.slice(0, 16).replace('T', ' ')}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more ? (
        <p>
          <a href={more}>{t.moreArticles}</a>
        </p>
      ) : null}
    </DeskLayout>
  )
}
