import type { Child } from 'hono/jsx'
import type { DeskLang, DeskStrings } from '../../desk/strings'
import { DIGEST_STRINGS } from '../../desk/digest-strings'
import { DESK_STYLES } from './desk-styles'
import { SUBSCRIBER_STRINGS } from '../../desk/subscriber-strings'

export interface DeskPageProps {
  t: DeskStrings
  lang: DeskLang
  /** The signed-in editor and the session's CSRF token, when there is a session. */
  editor?: { name: string; csrfToken: string }
}

/** The desk's HTML shell: language, header with navigation, language switch and sign-out. */
export function DeskLayout({
  t,
  lang,
  editor,
  title,
  script,
  children,
}: DeskPageProps & { title: string; script?: boolean; children?: Child }) {
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title} · ${t.deskTitle}`}</title>
        <style>{DESK_STYLES}</style>
        {script ? <script src="/admin/desk.js" defer></script> : null}
      </head>
      <body>
        <a class="skip" href="#main">
          {t.skipToContent}
        </a>
        <header class="desk">
          <nav aria-label={t.deskTitle}>
            <strong>{t.deskTitle}</strong>
            {editor ? (
              <>
                <a href="/admin/articles">{t.articles}</a>
                <a href="/admin/articles/new">{t.newArticle}</a>
                <a href="/admin/subscribers">{SUBSCRIBER_STRINGS[lang].subscribers}</a>
                <a href="/admin/digests">{DIGEST_STRINGS[lang].digests}</a>
              </>
            ) : null}
          </nav>
          <nav aria-label={t.language}>
            <a href="?lang=ko" lang="ko" aria-current={lang === 'ko' ? 'true' : undefined}>
              한국어
            </a>
            <a href="?lang=en" lang="en" aria-current={lang === 'en' ? 'true' : undefined}>
              English
            </a>
            {editor ? (
              <form method="post" action="/admin/sign-out">
                <input type="hidden" name="_csrf" value={editor.csrfToken} />
                <span class="muted">
                  {t.signedInAs} {editor.name}{' '}
                </span>
                <button type="submit" class="secondary">
                  {t.signOut}
                </button>
              </form>
            ) : null}
          </nav>
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  )
}

/** The hidden field every desk form carries. */
export const CsrfField = ({ token }: { token: string }) => <input type="hidden" name="_csrf" value={token} />

/** A list of problems, each naming its field. */
export function Problems({
  t,
  problems,
}: {
  t: DeskStrings
  problems: { field: string; problem: string }[]
}) {
  if (problems.length === 0) return null
  return (
    <div class="problems" role="alert">
      <p>{t.problems}</p>
      <ul>
        {problems.map((p) => (
          <li>
            <strong>{p.field}</strong>: {p.problem}
          </li>
        ))}
      </ul>
    </div>
  )
}
