import type { Child } from 'hono/jsx'
import { publicationUrls, type Publication } from '../../core/publication'
import { PAGE_STRINGS, pageLang } from './page-strings'
import { STYLES } from './styles'

interface LayoutProps {
  publication: Publication
  title: string
  lang: string
  description?: string
  canonical?: string
  /** Feeds to advertise for autodiscovery; the publication's own feeds are always listed. */
  tag?: string
  children?: Child
}

/** The HTML shell of every page: language, title, feed autodiscovery and the site header. */
export function Layout({ publication, title, lang, description, canonical, tag, children }: LayoutProps) {
  const urls = publicationUrls(publication)
  const feeds = urls.feeds()
  const tagFeeds = tag === undefined ? undefined : urls.feeds(tag)
  // The chrome speaks the publication's language, whatever the language of the article on the page.
  const chromeLang = pageLang(publication.lang)
  const t = PAGE_STRINGS[chromeLang]
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {description ? <meta name="description" content={description} /> : null}
        {canonical ? <link rel="canonical" href={canonical} /> : null}
        <link
          rel="alternate"
          type="application/rss+xml"
          title={`${publication.title} (RSS)`}
          href={feeds.rss}
        />
        <link
          rel="alternate"
          type="application/atom+xml"
          title={`${publication.title} (Atom)`}
          href={feeds.atom}
        />
        <link
          rel="alternate"
          type="application/feed+json"
          title={`${publication.title} (JSON Feed)`}
          href={feeds.json}
        />
        {tagFeeds ? (
          <>
            <link rel="alternate" type="application/rss+xml" title={`#${tag} (RSS)`} href={tagFeeds.rss} />
            <link rel="alternate" type="application/atom+xml" title={`#${tag} (Atom)`} href={tagFeeds.atom} />
            <link
              rel="alternate"
              type="application/feed+json"
              title={`#${tag} (JSON Feed)`}
              href={tagFeeds.json}
            />
          </>
        ) : null}
        <style>{STYLES}</style>
      </head>
      <body>
        <header class="site">
          <a href={urls.home} class="brand">
            {publication.title}
          </a>
          <nav aria-label={t.siteNav} lang={chromeLang}>
            <a href={urls.archive()}>{t.archive}</a> · <a href={urls.tagIndex}>{t.tags}</a> ·{' '}
            <a href={feeds.rss}>RSS</a> · <a href={feeds.atom}>Atom</a> · <a href={feeds.json}>JSON</a>
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  )
}
