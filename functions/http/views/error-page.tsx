import { PAGE_STRINGS, type PageLang } from './page-strings'

/**
 * A minimal, self-contained error page (it must render even when the publication cannot be loaded), in the
 * publication's language. `message` replaces the status's own words where a route has better ones.
 */
export function errorPage(status: number, lang: PageLang, message?: string) {
  const t = PAGE_STRINGS[lang]
  return (
    '<!doctype html>' +
    (
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${status} · ${t.errorTitle(status)}`}</title>
        </head>
        <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">
          <h1>{t.errorTitle(status)}</h1>
          <p>{message ?? t.errorText(status)}</p>
          <p>
            <a href="/">{t.home}</a>
          </p>
        </body>
      </html>
    ).toString()
  )
}
