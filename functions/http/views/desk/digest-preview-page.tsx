import type { AuditEntry } from '../../../core/audit'
import type { FieldProblem } from '../../../core/errors'
import type { PublishedEntry } from '../../../core/ports'
import type { DigestStrings } from '../../desk/digest-strings'
import { CsrfField, DeskLayout, Problems, type DeskPageProps } from './desk-layout'
import { DigestHistory, DigestStyles } from './digest-parts'

export interface DigestChoice {
  articles: string[]
  lang: 'ko' | 'en'
}

export interface DigestPreviewPageProps extends DeskPageProps {
  d: DigestStrings
  /** Published articles to choose from, newest first. */
  published: Pick<PublishedEntry, 'slug' | 'title'>[]
  choice: DigestChoice
  /** The rendered digest of the choice, when one was asked for and could be rendered. */
  html?: string
  to?: string
  problems?: FieldProblem[]
  notice?: string
  /** False where this deployment cannot render digests outside its planner (AWS). */
  available: boolean
  history: AuditEntry[]
}

const WIDTHS = [390, 600] as const

/**
 * Preview a digest of chosen articles at phone and desktop widths, then send it as a test. Choosing is a
 * GET form (it changes nothing); sending is a POST with the CSRF token. Both work without script.
 */
export function DigestPreviewPage(props: DigestPreviewPageProps) {
  const { t, lang, editor, d, choice } = props
  return (
    <DeskLayout t={t} lang={lang} title={d.previewAndTest} {...(editor && { editor })}>
      <DigestStyles />
      <p>
        <a href="/admin/digests">{d.digests}</a>
      </p>
      <h1>{d.previewAndTest}</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.problems ? <Problems t={t} problems={props.problems} /> : null}
      {!props.available ? (
        <p role="alert">{d.notAvailable}</p>
      ) : (
        <>
          <p>{d.previewIntro}</p>
          <form method="get" action="/admin/digests/preview">
            <fieldset>
              <legend>{d.chooseArticles}</legend>
              {props.published.length === 0 ? <p>{d.noPublished}</p> : null}
              <ul class="choices">
                {props.published.map((article) => (
                  <li>
                    <input
                      type="checkbox"
                      name="articles"
                      value={article.slug}
                      id={`article-${article.slug}`}
                      checked={choice.articles.includes(article.slug)}
                    />{' '}
                    <label for={`article-${article.slug}`}>{article.title}</label>
                  </li>
                ))}
              </ul>
            </fieldset>
            <LanguageChoice d={d} lang={choice.lang} />
            <button type="submit">{d.showPreview}</button>
          </form>
          {props.html !== undefined ? (
            <>
              <h2>{d.showPreview}</h2>
              <div class="frames">
                {WIDTHS.map((width) => (
                  // Focusable, so a keyboard can scroll the 600 px frame sideways on a phone.
                  <figure class="scroll" tabindex={0}>
                    <figcaption>{width === 390 ? d.previewOnPhone : d.previewOnDesktop}</figcaption>
                    {/* No scripts, no navigation, no same-origin access: the email as a mail client shows it. */}
                    <iframe
                      class="email"
                      sandbox=""
                      width={String(width)}
                      title={d.previewAt(width)}
                      srcdoc={props.html}
                    ></iframe>
                  </figure>
                ))}
              </div>
              <form method="post" action="/admin/digests/test">
                <CsrfField token={editor?.csrfToken ?? ''} />
                {choice.articles.map((slug) => (
                  <input type="hidden" name="articles" value={slug} />
                ))}
                <input type="hidden" name="lang" value={choice.lang} />
                <label for="to">{d.testAddress}</label>
                <input type="email" id="to" name="to" required autocomplete="email" value={props.to ?? ''} />
                <p>
                  <button type="submit">{d.sendTest}</button>
                </p>
              </form>
            </>
          ) : null}
        </>
      )}
      <DigestHistory d={d} entries={props.history} title={d.testHistory} />
    </DeskLayout>
  )
}

function LanguageChoice({ d, lang }: { d: DigestStrings; lang: 'ko' | 'en' }) {
  return (
    <fieldset>
      <legend>{d.digestLang}</legend>
      {(['ko', 'en'] as const).map((value) => (
        <span>
          <input type="radio" name="lang" value={value} id={`lang-${value}`} checked={lang === value} />{' '}
          <label for={`lang-${value}`} class="inline">
            {value === 'ko' ? d.korean : d.english}
          </label>{' '}
        </span>
      ))}
    </fieldset>
  )
}
