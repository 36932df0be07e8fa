const MESSAGES: Record<number, string> = {
  404: 'There is no page at this address.',
  500: 'Something went wrong on our side. Please try again in a moment.',
}

/** A minimal, self-contained error page (it must render even when the publication cannot be loaded). */
export function errorPage(status: number, message?: string) {
  const text = message ?? MESSAGES[status] ?? 'The request could not be handled.'
  return (
    '<!doctype html>' +
    (
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${status} · Pressroom`}</title>
        </head>
        <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">
          <h1>{status === 404 ? 'Not found' : 'Error'}</h1>
          <p>{text}</p>
          <p>
            <a href="/">Home</a>
          </p>
        </body>
      </html>
    ).toString()
  )
}
