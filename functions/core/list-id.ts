import type { Publication } from './publication'

/** RFC 2919 List-Id: the publication's title and its host, one list for every digest and welcome email. */
export function listId(publication: Publication): string {
  return `${publication.title} <digest.${new URL(publication.siteUrl).hostname}>`
}
