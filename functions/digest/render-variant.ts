import type { RenderDigestVariant } from '../core/plan-digest'
import type { Publication } from '../core/publication'
import { renderDigestVariant } from '../email/digest'

/** The planner's renderer: MJML, compiled once per variant; its web version lives at /digests/:id/:variant. */
export function variantRenderer(publication: Publication, postalAddress: string): RenderDigestVariant {
  return ({ digest, variantId, lang, articles }) =>
    renderDigestVariant({
      digest,
      lang,
      articles,
      publication,
      postalAddress,
      webVersionUrl: `${publication.siteUrl}/digests/${digest.id}/${variantId}`,
    })
}
