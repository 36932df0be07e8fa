import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import { publicationUrls, type Publication } from '../../core/publication'
import { ShareTags, type ShareMeta } from './share-meta'
import { jsonLdText } from './structured-data'
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
  /** Link-preview tags (Open Graph, Twitter card); pages meant to be shared give them. */
  share?: ShareMeta
  /** schema.org data for search engines, written as JSON-LD. */
  jsonLd?: object
  children?: Child
}

/**
 * The HTML shell of every page: language, title, canonical link, link previews and structured data, search
 * engines' verification tokens, icon and manifest, feed autodiscovery and the site header.
 */
export function Layout(props: LayoutProps) {
  const { publication, title, lang, description, canonical, tag, share, jsonLd, children } = props
  const verification = publication.siteVerification ?? {}
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
        {/* A page with no canonical URL of its own (a token link's page, a message) is none to index. */}
        {canonical ? <link rel="canonical" href={canonical} /> : <meta name="robots" content="noindex" />}
        {share ? <ShareTags publication={publication} meta={share} /> : null}
        {verification.naver ? <meta name="naver-site-verification" content={verification.naver} /> : null}
        {verification.google ? <meta name="google-site-verification" content={verification.google} /> : null}
        {/* A PNG, not the SVG: Chromium draws an SVG favicon on the page's main thread (site-icon.ts). */}
        <link rel="icon" href={`${publication.siteUrl}/favicon.png`} sizes="32x32" type="image/png" />
        <link rel="apple-touch-icon" href={`${publication.siteUrl}/apple-touch-icon.png`} />
        <link rel="manifest" href={`${publication.siteUrl}/manifest.webmanifest`} />
        {publication.themeColor ? <meta name="theme-color" content={publication.themeColor} /> : null}
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
        {/* jsonLdText escapes every `<`: nothing in an article's text can end this script early. */}
        {jsonLd ? <script type="application/ld+json">{raw(jsonLdText(jsonLd))}</script> : null}
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
