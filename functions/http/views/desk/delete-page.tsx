import type { Article } from '../../../core/article'
import { CsrfField, DeskLayout, type DeskPageProps } from './desk-layout'

/** The confirmation step before a deletion: a page of its own, so it works without script. */
export function ConfirmDeletePage({
  t,
  lang,
  editor,
  article,
}: DeskPageProps & { editor: { name: string; csrfToken: string }; article: Article }) {
  return (
    <DeskLayout t={t} lang={lang} editor={editor} title={t.confirmDeleteTitle}>
      <h1>{t.confirmDeleteTitle}</h1>
      <p>
        <strong>{article.title}</strong>
      </p>
      <p>{t.confirmDeleteText}</p>
      <form method="post" action={`/admin/articles/${article.slug}/delete`} class="actions">
        <CsrfField token={editor.csrfToken} />
        <button type="submit" class="danger">
          {t.confirmDelete}
        </button>
        <a class="button secondary" href={`/admin/articles/${article.slug}`}>
          {t.cancel}
        </a>
      </form>
    </DeskLayout>
  )
}
