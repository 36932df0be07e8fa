import type { Publication } from '../../core/publication'

/** What a page says about itself to link previews (Open Graph, Twitter cards: KakaoTalk, X, Slack, Naver). */
export interface ShareMeta {
  type: 'article' | 'website'
  /** The page's own title, without the publication's name (og:site_name carries that). */
  title: string
  description: string
  url: string
  lang: string
  image?: { url: string; alt?: string; type?: string }
  /** Only for type article: Open Graph's article: properties. */
  article?: { publishedTime?: string; modifiedTime: string; tags: string[] }
}

/**
 * Open Graph's locale form of a language tag: language_TERRITORY. A tag without a region takes the likeliest
 * one (CLDR's likely subtags, through Intl.Locale#maximize): ko is ko_KR, en is en_US, ja is ja_JP.
 */
export function ogLocale(lang: string): string {
  try {
    const locale = new Intl.Locale(lang).maximize()
    return locale.region === undefined ? locale.language : `${locale.language}_${locale.region}`
  } catch {
    return lang.replace('-', '_')
  }
}

/** The <meta> tags of a link preview; each is one property, as the Open Graph protocol defines them. */
export function ShareTags({ publication, meta }: { publication: Publication; meta: ShareMeta }) {
  const { image, article } = meta
  return (
    <>
      <meta property="og:type" content={meta.type} />
      <meta property="og:site_name" content={publication.title} />
      <meta property="og:title" content={meta.title} />
      <meta property="og:description" content={meta.description} />
      <meta property="og:url" content={meta.url} />
      <meta property="og:locale" content={ogLocale(meta.lang)} />
      {image ? (
        <>
          <meta property="og:image" content={image.url} />
          {image.type ? <meta property="og:image:type" content={image.type} /> : null}
          {image.alt ? <meta property="og:image:alt" content={image.alt} /> : null}
        </>
      ) : null}
      {article ? (
        <>
          {article.publishedTime ? (
            <meta property="article:published_time" content={article.publishedTime} />
          ) : null}
          <meta property="article:modified_time" content={article.modifiedTime} />
          {article.tags.map((tag) => (
            <meta property="article:tag" content={tag} />
          ))}
        </>
      ) : null}
      {/* X reads og:title, og:description and og:image itself; the card type is its own. */}
      <meta name="twitter:card" content={image ? 'summary_large_image' : 'summary'} />
      {image?.alt ? <meta name="twitter:image:alt" content={image.alt} /> : null}
    </>
  )
}
