import { DeskLayout, type DeskPageProps } from './desk-layout'

/** The sign-in form: a display name for the audit log and the admin token, exchanged once for a session. */
export function SignInPage({
  t,
  lang,
  nonce,
  name = '',
  error,
}: DeskPageProps & { nonce: string; name?: string; error?: string }) {
  return (
    <DeskLayout t={t} lang={lang} title={t.signIn}>
      <h1>{t.signIn}</h1>
      <p>{t.signInIntro}</p>
      {error ? (
        <p class="problems" role="alert">
          {error}
        </p>
      ) : null}
      <form method="post" action="/admin/sign-in">
        <input type="hidden" name="_csrf" value={nonce} />
        <label for="name">{t.displayName}</label>
        <input type="text" id="name" name="name" value={name} required maxlength={80} autocomplete="name" />
        <label for="token">{t.adminToken}</label>
        <input type="password" id="token" name="token" required autocomplete="current-password" />
        <div class="actions">
          <button type="submit">{t.signIn}</button>
        </div>
      </form>
    </DeskLayout>
  )
}

/** A calm page for a refused request (expired session, stale form, too many attempts). */
export function DeskMessagePage({
  t,
  lang,
  editor,
  title,
  message,
}: DeskPageProps & { title: string; message: string }) {
  return (
    <DeskLayout t={t} lang={lang} title={title} {...(editor && { editor })}>
      <h1>{title}</h1>
      <p role="alert">{message}</p>
      <p>
        <a href={editor ? '/admin/articles' : '/admin/sign-in'}>{editor ? t.articles : t.signIn}</a>
      </p>
    </DeskLayout>
  )
}
