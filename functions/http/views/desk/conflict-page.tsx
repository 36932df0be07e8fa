import type { Article } from '../../../core/article'
import type { ArticleForm } from '../../desk/article-form'
import { CsrfField, DeskLayout, type DeskPageProps } from './desk-layout'
import { ArticleFields } from './editor-page'

/**
 * A stale save: the editor's version and the saved one side by side. Nothing was written; keeping the
 * editor's version is a new, deliberate save against the saved revision.
 */
export function ConflictPage({
  t,
  lang,
  editor,
  mine,
  saved,
  timeZone,
}: DeskPageProps & {
  editor: { name: string; csrfToken: string }
  mine: ArticleForm
  saved: Article
  timeZone: string
}) {
  const action = `/admin/articles/${saved.slug}`
  return (
    <DeskLayout t={t} lang={lang} editor={editor} title={t.conflictTitle}>
      <h1>{t.conflictTitle}</h1>
      <p role="alert">{t.conflictText}</p>
      <div class="split">
        <section class="version" aria-labelledby="mine-heading">
          <h2 id="mine-heading">{t.yourVersion}</h2>
          <form method="post" action={action}>
            <CsrfField token={editor.csrfToken} />
            <input type="hidden" name="revision" value={String(saved.revision)} />
            <ArticleFields t={t} form={mine} isNew={false} timeZone={timeZone} />
            <div class="actions">
              <button type="submit" name="intent" value="save">
                {t.keepMine}
              </button>
            </div>
          </form>
        </section>
        <section class="version" aria-labelledby="saved-heading">
          <h2 id="saved-heading">
            {t.savedVersion} ({t.revision} {saved.revision})
          </h2>
          <h3>{saved.title}</h3>
          {saved.summary ? <p>{saved.summary}</p> : null}
          <pre>{saved.bodyMarkdown}</pre>
          <p>
            <a href={action}>{t.discardMine}</a>
          </p>
        </section>
      </div>
    </DeskLayout>
  )
}
