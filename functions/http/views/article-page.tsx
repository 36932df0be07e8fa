import { raw } from 'hono/html'
import type { Article, ArticleImage, RelatedLink } from '../../core/article'
import { articleBlocks, PAGE_IDS, structureOf, type ArticleBlock } from '../../core/article-structure'
import { articleSummary } from '../../core/feed'
import { publicationUrls, type Publication } from '../../core/publication'
import { articleStrings, type ArticleStrings } from './article-strings'
import { Layout } from './layout'
import { SubscribeForm } from './subscription-pages'
import { pageLang } from './page-strings'
import { formatDate } from './format-date'
import type { ShareMeta } from './share-meta'
import { articleCanonicalUrl, articleJsonLd } from './structured-data'
import { ArticleNav } from './article-nav'
import type { Neighbours } from '../../core/navigation'

/** How a shared link to the article previews: its title, summary and cover image, as an article. */
function articleShareMeta(article: Article, url: string, description: string): ShareMeta {
  const { image } = article
  return {
    type: 'article',
    title: article.title,
    description,
    url,
    lang: article.lang,
    ...(image !== undefined && {
      image: {
        url: image.url,
        ...(image.alt !== undefined && { alt: image.alt }),
        ...(image.type !== undefined && { type: image.type }),
      },
    }),
    article: {
      ...(article.publishedAt !== undefined && { publishedTime: article.publishedAt }),
      modifiedTime: article.updatedAt,
      tags: article.tags,
    },
  }
}

/** A table of contents helps from this many sections on; below it, it only pushes the text down. */
const TOC_MIN_SECTIONS = 3

/**
 * One article: title, dek, byline with reading time, tags, cover image, the takeaways box, a table of
 * contents, the body's sections (the analysis one as a callout) and related articles as cards.
 */
export function ArticlePage({
  publication,
  article,
  neighbours,
}: {
  publication: Publication
  article: Article
  neighbours?: Neighbours
}) {
  const urls = publicationUrls(publication)
  const canonical = articleCanonicalUrl(publication, article)
  const description = articleSummary(article)
  const t = articleStrings(publication.lang)
  const options = {
    siteUrl: publication.siteUrl,
    ...(publication.calloutHeading !== undefined && { calloutHeading: publication.calloutHeading }),
  }
  const structure = structureOf(article, options)
  const blocks = articleBlocks(article.bodyMarkdown, { ...options, lang: article.lang })
  // The box goes first whether the takeaways came from a heading in the body or from the front matter.
  const takeawaysBlock = blocks.find((block) => block.kind === 'takeaways')
  const rest = blocks.filter((block) => block !== takeawaysBlock)
  return (
    <Layout
      publication={publication}
      title={`${article.title} · ${publication.title}`}
      lang={article.lang}
      description={description}
      canonical={canonical}
      share={articleShareMeta(article, canonical, description)}
      jsonLd={articleJsonLd(publication, article)}
    >
      <article>
        <header>
          <h1>{article.title}</h1>
          {article.summary ? <p class="dek">{article.summary}</p> : null}
          <p class="meta">
            {article.author ? <span class="author">{article.author}</span> : null}
            {article.publishedAt ? (
              <time datetime={article.publishedAt}>
                {formatDate(article.publishedAt, article.lang, publication.timeZone)}
              </time>
            ) : null}
            <span class="reading-time">{t.readingTime(structure.readingMinutes)}</span>
          </p>
          {article.tags.length > 0 ? (
            <ul class="tags">
              {article.tags.map((tag) => (
                <li>
                  <a href={urls.tag(tag)}>#{tag}</a>
                </li>
              ))}
            </ul>
          ) : null}
          {article.image ? <CoverImage image={article.image} /> : null}
        </header>
        {article.takeaways !== undefined && article.takeaways.length > 0 ? (
          <TakeawaysBox title={t.takeaways}>
            <ul>
              {article.takeaways.map((item) => (
                <li>{item}</li>
              ))}
            </ul>
          </TakeawaysBox>
        ) : takeawaysBlock ? (
          <TakeawaysBox title={takeawaysBlock.heading?.title ?? t.takeaways}>
            {raw(takeawaysBlock.html)}
          </TakeawaysBox>
        ) : null}
        {structure.sections.length >= TOC_MIN_SECTIONS ? (
          <nav class="toc" aria-labelledby={PAGE_IDS.contents}>
            <h2 id={PAGE_IDS.contents}>{t.contents}</h2>
            <ol>
              {structure.sections.map((section) => (
                <li>
                  <a href={`#${encodeURIComponent(section.id)}`}>{section.title}</a>
                </li>
              ))}
            </ol>
          </nav>
        ) : null}
        {/* Every block's HTML was sanitized as the article's body is (core/markdown.ts). */}
        <div class="body">{rest.map((block) => Block({ block }))}</div>
        {structure.related.length > 0 ? <RelatedCards links={structure.related} t={t} /> : null}
        <ArticleNav publication={publication} {...(neighbours !== undefined && { neighbours })} />
      </article>
      <SubscribeForm lang={pageLang(publication.lang)} />
    </Layout>
  )
}

function TakeawaysBox({ title, children }: { title: string; children?: unknown }) {
  return (
    <section class="takeaways" aria-labelledby={PAGE_IDS.takeaways}>
      <h2 id={PAGE_IDS.takeaways}>{title}</h2>
      {children}
    </section>
  )
}

function Block({ block }: { block: ArticleBlock }) {
  if (block.heading === undefined) return raw(block.html)
  const { id, depth, html } = block.heading
  const Heading = `h${Math.min(Math.max(depth, 2), 6)}` as 'h2'
  const content = (
    <>
      <Heading id={id}>{raw(html)}</Heading>
      {raw(block.html)}
    </>
  )
  // The analysis stands beside the argument rather than in its line: an aside, labelled by its heading.
  if (block.kind === 'callout') {
    return (
      <aside class="callout" aria-labelledby={id}>
        {content}
      </aside>
    )
  }
  return (
    <section class={block.kind === 'conclusion' ? 'conclusion' : undefined} aria-labelledby={id}>
      {content}
    </section>
  )
}

/**
 * The cover image with its size when the editor gave it, so the browser reserves the space before the
 * image arrives (no layout shift); without a size the CSS reserves a 16:9 box and crops to it.
 */
function CoverImage({ image }: { image: ArticleImage }) {
  const sized = image.width !== undefined && image.height !== undefined
  return (
    <img
      class={sized ? 'cover' : 'cover unsized'}
      src={image.url}
      alt={image.alt ?? ''}
      {...(sized && { width: image.width, height: image.height })}
      fetchpriority="high"
      decoding="async"
    />
  )
}

function RelatedCards({ links, t }: { links: RelatedLink[]; t: ArticleStrings }) {
  return (
    <section class="related" aria-labelledby={PAGE_IDS.related}>
      <h2 id={PAGE_IDS.related}>{t.related}</h2>
      <ul class="cards">
        {links.map((link) => (
          <li class="card">
            <h3>
              <a href={link.url}>{link.title}</a>
            </h3>
            {link.blurb ? <p>{link.blurb}</p> : null}
            <p class="source">{new URL(link.url).host}</p>
          </li>
        ))}
      </ul>
    </section>
  )
}
