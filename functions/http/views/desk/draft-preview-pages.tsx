import { escapeHtml } from '../../../core/html'
import { DeskLayout, type DeskPageProps } from './desk-layout'
import { DigestStyles } from './digest-parts'

const WIDTHS = [390, 600] as const

/**
 * The article being written as its card in a digest, rendered by the planner's own renderer (in process
 * under `npm start`, the planner function on AWS), at a phone's and a desktop client's width.
 */
export function DraftCardPreviewPage({ t, lang, editor, html }: DeskPageProps & { html: string }) {
  return (
    <DeskLayout t={t} lang={lang} title={t.previewAsCard} {...(editor && { editor })}>
      <DigestStyles />
      <h1>{t.previewAsCard}</h1>
      <p>{t.previewAsCardIntro}</p>
      <div class="frames">
        {WIDTHS.map((width) => (
          <figure class="scroll" tabindex={0}>
            <figcaption>{`${width} px`}</figcaption>
            {/* No scripts, no navigation, no same-origin access: the email as a mail client shows it. */}
            <iframe
              class="email"
              sandbox=""
              width={String(width)}
              title={`${t.previewAsCard}, ${width} px`}
              srcdoc={html}
            ></iframe>
          </figure>
        ))}
      </div>
    </DeskLayout>
  )
}

/** What a feed item carries, as the feeds will carry it once the article is published. */
export interface FeedItemPreview {
  title: string
  url: string
  published: string
  summary: string
  contentHtml: string
  rssItem: string
  jsonItem: string
}

/**
 * The article being written as a feed reader gets it: the item's content drawn in a sandboxed frame, and the
 * RSS item and JSON Feed item as the feeds will serve them (built by the feeds' own code).
 */
export function FeedItemPreviewPage({ t, lang, editor, item }: DeskPageProps & { item: FeedItemPreview }) {
  // A feed reader shows the title and the item's HTML in its own plain style.
  const reader = `<!doctype html><meta charset="utf-8"><style>body{font:16px/1.7 system-ui,sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem;word-break:keep-all}img{max-width:100%;height:auto}</style><h1>${escapeHtml(item.title)}</h1>${item.contentHtml}`
  return (
    <DeskLayout t={t} lang={lang} title={t.previewAsFeed} {...(editor && { editor })}>
      <h1>{t.previewAsFeed}</h1>
      <dl class="feed-item">
        <dt>{t.title}</dt>
        <dd>{item.title}</dd>
        <dt>URL</dt>
        <dd>{item.url}</dd>
        <dt>{t.publishedOn}</dt>
        <dd>{item.published}</dd>
        <dt>{t.summary}</dt>
        <dd>{item.summary}</dd>
      </dl>
      <h2>{t.feedReaderView}</h2>
      <iframe class="preview" sandbox="" title={t.feedReaderView} srcdoc={reader}></iframe>
      <h2>RSS 2.0</h2>
      <pre class="source" tabindex={0}>
        {item.rssItem}
      </pre>
      <h2>JSON Feed 1.1</h2>
      <pre class="source" tabindex={0}>
        {item.jsonItem}
      </pre>
    </DeskLayout>
  )
}
