import type { Publication } from '../../core/publication'
import { articleStrings } from './article-strings'
import { Layout } from './layout'

/** Describes the `_pressroom` JSON Feed extension: the page its `about` URL names, as JSON Feed 1.1 asks. */
export function FeedExtensionPage({ publication }: { publication: Publication }) {
  const t = articleStrings(publication.lang)
  return (
    <Layout
      publication={publication}
      title={`${t.extensionTitle} · ${publication.title}`}
      lang={publication.lang}
    >
      <h1>{t.extensionTitle}</h1>
      <p>{t.extensionIntro}</p>
      <dl>
        {Object.entries(t.extensionKeys).map(([key, meaning]) => (
          <>
            <dt>
              <code>{key}</code>
            </dt>
            <dd>{meaning}</dd>
          </>
        ))}
      </dl>
    </Layout>
  )
}
