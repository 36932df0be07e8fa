import type { Article } from '../../../core/article'
import type { AuditEntry } from '../../../core/audit'
import type { FieldProblem } from '../../../core/errors'
import { MEDIA_TYPES, sizeLabel } from '../../../core/media'
import { wallClockIn } from '../../../core/time-zone'
import type { ArticleForm } from '../../desk/article-form'
import type { DeskStrings } from '../../desk/strings'
import { CsrfField, DeskLayout, Problems, type DeskPageProps } from './desk-layout'

interface EditorProps extends DeskPageProps {
  editor: { name: string; csrfToken: string }
  form: ArticleForm
  /** The publication's time zone: the schedule field is its wall clock. */
  timeZone: string
  /** Cover image uploads, when a media store is configured: the largest accepted, in bytes. */
  uploads?: { maxBytes: number }
  /** The stored article, when editing one (absent for a new article). */
  article?: Article
  publicUrl?: string
  audit?: AuditEntry[]
  problems?: FieldProblem[]
  notice?: string
}

/**
 * One article's editor. The body is a plain textarea: no key handlers anywhere, so an IME composition
 * (Korean, Japanese, Chinese) is never interrupted; the preview script only listens to `input` and skips
 * events inside a composition (desk-script.ts). Every action is a plain form post that works without script.
 */
export function EditorPage(props: EditorProps) {
  const { t, lang, editor, form, timeZone, uploads, article, publicUrl, audit = [] } = props
  const { problems = [], notice } = props
  const action = article ? `/admin/articles/${article.slug}` : '/admin/articles'
  return (
    <DeskLayout t={t} lang={lang} editor={editor} title={article ? article.title : t.newArticle} script>
      <h1>{article ? article.title : t.newArticle}</h1>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <Problems t={t} problems={problems} />
      {article ? (
        <p class="muted">
          {t.status}: <StatusLabel t={t} article={article} timeZone={timeZone} /> · {t.revision}{' '}
          {article.revision}
          {publicUrl && article.status === 'published' ? (
            <>
              {' · '}
              <a href={publicUrl}>{t.viewOnSite}</a>
            </>
          ) : null}
        </p>
      ) : null}
      <div class="split">
        <form
          method="post"
          action={action}
          id="editor"
          data-preview="/admin/preview"
          {...(uploads && { enctype: 'multipart/form-data' })}
        >
          <CsrfField token={editor.csrfToken} />
          <input type="hidden" name="revision" value={form.revision} />
          <ArticleFields
            t={t}
            form={form}
            isNew={article === undefined}
            timeZone={timeZone}
            uploads={uploads}
          />
          <div class="actions">
            <button type="submit" name="intent" value="save">
              {article === undefined || article.status === 'draft' ? t.saveDraft : t.save}
            </button>
            <button type="submit" name="intent" value="schedule" class="secondary">
              {article?.status === 'scheduled' ? t.reschedule : t.schedule}
            </button>
            <button type="submit" name="intent" value="publish" class="secondary">
              {t.publishNow}
            </button>
            <button type="submit" formaction="/admin/preview" formtarget="_blank" class="secondary">
              {t.previewInNewTab}
            </button>
            <button type="submit" formaction="/admin/preview?as=card" formtarget="_blank" class="secondary">
              {t.previewAsCard}
            </button>
            <button type="submit" formaction="/admin/preview?as=feed" formtarget="_blank" class="secondary">
              {t.previewAsFeed}
            </button>
          </div>
        </form>
        <section aria-labelledby="preview-heading">
          <h2 id="preview-heading">{t.preview}</h2>
          <iframe class="preview" id="preview" title={t.previewFrame} sandbox=""></iframe>
        </section>
      </div>
      {article ? <ArticleActions t={t} article={article} csrfToken={editor.csrfToken} /> : null}
      {article ? <AuditList t={t} entries={audit} /> : null}
    </DeskLayout>
  )
}

/** An article's status in words; a scheduled one says when it goes live, on the publication's clock. */
export function StatusLabel({
  t,
  article,
  timeZone,
}: {
  t: DeskStrings
  article: Article
  timeZone: string
}) {
  if (article.status === 'published') return <>{t.published}</>
  if (article.status === 'draft' || article.publishedAt === undefined) return <>{t.draft}</>
  return (
    <>
      {t.scheduled} ·{' '}
      <time datetime={article.publishedAt}>
        {wallClockIn(article.publishedAt, timeZone).replace('T', ' ')}
      </time>
    </>
  )
}

const ACCEPTED_IMAGES = Object.keys(MEDIA_TYPES).join(',')

/** The front-matter fields and the body; shared by the editor and the conflict page. */
export function ArticleFields({
  t,
  form,
  isNew,
  timeZone,
  uploads,
}: {
  t: DeskStrings
  form: ArticleForm
  isNew: boolean
  timeZone: string
  uploads?: { maxBytes: number } | undefined
}) {
  return (
    <>
      <label for="title">{t.title}</label>
      <input type="text" id="title" name="title" value={form.title} required maxlength={300} />
      {isNew ? (
        <>
          <label for="slug">{t.slug}</label>
          <input type="text" id="slug" name="slug" value={form.slug} />
        </>
      ) : (
        <input type="hidden" name="slug" value={form.slug} />
      )}
      <label for="summary">{t.summary}</label>
      <textarea id="summary" name="summary" class="small">
        {form.summary}
      </textarea>
      <label for="body">{t.body}</label>
      <textarea id="body" name="body" required spellcheck={false}>
        {form.body}
      </textarea>
      <label for="scheduledAt">
        {t.scheduleAt} ({timeZone})
      </label>
      <input
        type="datetime-local"
        id="scheduledAt"
        name="scheduledAt"
        value={form.scheduledAt}
        aria-describedby="scheduledAt-hint"
      />
      <p class="hint" id="scheduledAt-hint">
        {t.scheduleHint}
      </p>
      <fieldset>
        <legend>{t.details}</legend>
        <label for="tags">{t.tags}</label>
        <input type="text" id="tags" name="tags" value={form.tags} />
        <label for="lang">{t.lang}</label>
        <input type="text" id="lang" name="lang" value={form.lang} />
        <label for="author">{t.author}</label>
        <input type="text" id="author" name="author" value={form.author} />
        {uploads ? (
          <>
            <label for="cover">{t.coverImage}</label>
            <input
              type="file"
              id="cover"
              name="cover"
              accept={ACCEPTED_IMAGES}
              aria-describedby="cover-hint"
            />
            <p class="hint" id="cover-hint">
              {t.coverTypes} {sizeLabel(uploads.maxBytes)}. {t.coverHint}
            </p>
          </>
        ) : null}
        <label for="imageUrl">{t.imageUrl}</label>
        <input type="url" id="imageUrl" name="imageUrl" value={form.imageUrl} />
        <label for="imageAlt">{t.imageAlt}</label>
        <input type="text" id="imageAlt" name="imageAlt" value={form.imageAlt} />
        <div class="pair">
          <span>
            <label for="imageWidth">{t.imageWidth}</label>
            <input type="number" id="imageWidth" name="imageWidth" min="1" step="1" value={form.imageWidth} />
          </span>
          <span>
            <label for="imageHeight">{t.imageHeight}</label>
            <input
              type="number"
              id="imageHeight"
              name="imageHeight"
              min="1"
              step="1"
              value={form.imageHeight}
            />
          </span>
        </div>
        <input type="hidden" name="imageType" value={form.imageType} />
        <input type="hidden" name="imageLength" value={form.imageLength} />
        <input type="hidden" name="imageFor" value={form.imageFor} />
        <label for="canonicalUrl">{t.canonicalUrl}</label>
        <input type="url" id="canonicalUrl" name="canonicalUrl" value={form.canonicalUrl} />
        <label for="related">{t.related}</label>
        <textarea id="related" name="related" class="small">
          {form.related}
        </textarea>
        <label for="publishedAt">{t.publishedAt}</label>
        <input type="text" id="publishedAt" name="publishedAt" value={form.publishedAt} />
      </fieldset>
    </>
  )
}

/** Publish/unpublish and delete: each its own small form, so each is one POST without script. */
function ArticleActions({ t, article, csrfToken }: { t: DeskStrings; article: Article; csrfToken: string }) {
  const base = `/admin/articles/${article.slug}`
  return (
    <div class="actions">
      {article.status !== 'draft' ? (
        <form method="post" action={`${base}/unpublish`}>
          <CsrfField token={csrfToken} />
          <button type="submit" class="secondary">
            {article.status === 'scheduled' ? t.cancelSchedule : t.unpublish}
          </button>
        </form>
      ) : null}
      <a class="button secondary" href={`${base}/delete`}>
        {t.delete}
      </a>
    </div>
  )
}

/** The article's audit log, newest first. */
export function AuditList({ t, entries }: { t: DeskStrings; entries: AuditEntry[] }) {
  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">{t.auditLog}</h2>
      {entries.length === 0 ? (
        <p>{t.auditEmpty}</p>
      ) : (
        <ol class="audit">
          {entries.map((entry) => (
            <li>
              <time datetime={entry.at}>{entry.at.slice(0, 19).replace('T', ' ')}</time> ·{' '}
              <strong>{entry.actor.name}</strong>
              {entry.actor.via === 'api' ? ' (API)' : ''} · {t[`action_${entry.action}`]}
              {entry.revision !== undefined ? ` · ${t.revision} ${entry.revision}` : ''}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
