import type { Article, ArticleInput } from '../../core/article'
import { parseArticleInput } from '../../core/articles'
import { ValidationError } from '../../core/errors'
import { wallClockIn } from '../../core/time-zone'
import { parseTimestamp } from '../../core/timestamp'

/** The editor form's fields, as the browser sends them: every value a string. */
export const ARTICLE_FIELDS = [
  'title',
  'slug',
  'summary',
  'body',
  'lang',
  'tags',
  'author',
  'imageUrl',
  'imageAlt',
  'imageWidth',
  'imageHeight',
  /**
   * What the form knows of the image at `imageFor` (its media type and bytes, for the feeds' enclosures);
   * kept only while the image field still names that URL, since they describe that file and no other.
   */
  'imageType',
  'imageLength',
  'imageFor',
  'canonicalUrl',
  'related',
  'publishedAt',
  /** When a scheduled article goes live: the publication's wall clock (an HTML datetime-local value). */
  'scheduledAt',
  'revision',
] as const
export type ArticleForm = Record<(typeof ARTICLE_FIELDS)[number], string>

/** The form's fields from a parsed body; anything missing is empty, anything extra is ignored. */
export function articleFormFrom(body: Record<string, unknown>): ArticleForm {
  const form = {} as ArticleForm
  for (const field of ARTICLE_FIELDS) {
    const value = body[field]
    form[field] = typeof value === 'string' ? value : ''
  }
  return form
}

/**
 * An article's stored fields as form values (what the editor opens with). A scheduled article's planned
 * moment is shown in the schedule field, in the publication's time zone, and not as its publication date:
 * "Publish now" then publishes now instead of scheduling it again for that moment.
 */
export function articleFormOf(article: Article, timeZone: string): ArticleForm {
  const scheduled = article.status === 'scheduled' && article.publishedAt !== undefined
  return {
    title: article.title,
    slug: article.slug,
    summary: article.summary,
    body: article.bodyMarkdown,
    lang: article.lang,
    tags: article.tags.join(', '),
    author: article.author ?? '',
    imageUrl: article.image?.url ?? '',
    imageAlt: article.image?.alt ?? '',
    imageWidth: article.image?.width === undefined ? '' : String(article.image.width),
    imageHeight: article.image?.height === undefined ? '' : String(article.image.height),
    imageType: article.image?.type ?? '',
    imageLength: article.image?.length === undefined ? '' : String(article.image.length),
    imageFor: article.image?.url ?? '',
    canonicalUrl: article.canonicalUrl ?? '',
    related: article.related.map(relatedLine).join('\n'),
    publishedAt: scheduled ? '' : (article.publishedAt ?? ''),
    scheduledAt: scheduled ? wallClockIn(article.publishedAt!, timeZone) : '',
    revision: String(article.revision),
  }
}

export const emptyArticleForm = (): ArticleForm => articleFormFrom({})

/**
 * A related link as one line of the form: `title | URL | blurb`, or as little of it as the link has (a link
 * given as a bare URL is stored with the URL as its title, and goes back as the URL alone).
 */
function relatedLine(link: Article['related'][number]): string {
  const title = link.title === link.url ? undefined : link.title
  return [title, link.url, link.blurb].filter((part) => part !== undefined && part !== '').join(' | ')
}

/**
 * One line of the related links back into a link: the first part that starts with http(s):// is the URL,
 * what comes before it the title, what comes after it the blurb. Parts are split at a bar with spaces
 * around it, as the form writes them, so a URL may hold a bar itself; a line typed without spaces
 * (`title|https://…`) is split at every bar. A line with no URL part is given as is, so the schema names
 * it as a URL it cannot read.
 */
function relatedLink(line: string): string | { title?: string; url: string; blurb?: string } {
  const isUrl = (part: string) => /^https?:\/\//i.test(part)
  let parts = line.split(/\s+\|\s+/).map((part) => part.trim())
  if (!parts.some(isUrl)) parts = line.split('|').map((part) => part.trim())
  const at = parts.findIndex(isUrl)
  if (at === -1) return line
  const title = parts.slice(0, at).join(' | ')
  const blurb = parts.slice(at + 1).join(' | ')
  if (title === '' && blurb === '') return parts[at]!
  return { ...(title !== '' && { title }), url: parts[at]!, ...(blurb !== '' && { blurb }) }
}

const present = (value: string) => (value.trim() === '' ? undefined : value.trim())

/**
 * The form as the same article input the API takes, validated by the same schema (parseArticleInput):
 * a problem names the schema's field (title, body, image.url...), as the API does. To schedule, the
 * schedule field, read in the publication's time zone by the one date rule (parseTimestamp), becomes the
 * input's publishedAt, as an API client would send it.
 */
export function articleInputFromForm(
  form: ArticleForm,
  status: Article['status'],
  timeZone: string,
): ArticleInput {
  const publishedAt =
    status === 'scheduled' ? scheduledMoment(form.scheduledAt, timeZone) : present(form.publishedAt)
  const imageUrl = present(form.imageUrl)
  const imageAlt = present(form.imageAlt)
  const revision = present(form.revision)
  const related = form.related
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map(relatedLink)
  // The type and size describe the file at imageFor: an image field changed by hand drops them.
  const sameFile = imageUrl !== undefined && imageUrl === present(form.imageFor)
  const imageType = sameFile ? present(form.imageType) : undefined
  const imageLength = sameFile ? present(form.imageLength) : undefined
  return parseArticleInput({
    title: form.title,
    summary: form.summary,
    // Browsers send CRLF line ends from a textarea; Markdown and the stored body keep LF.
    body: form.body.replace(/\r\n?/g, '\n'),
    tags: form.tags,
    related,
    status,
    ...(present(form.slug) !== undefined && { slug: present(form.slug) }),
    ...(present(form.lang) !== undefined && { lang: present(form.lang) }),
    ...(present(form.author) !== undefined && { author: present(form.author) }),
    ...(imageUrl !== undefined && {
      image: {
        url: imageUrl,
        ...(imageAlt !== undefined && { alt: imageAlt }),
        ...(imageType !== undefined && { type: imageType }),
        ...(imageLength !== undefined && /^\d+$/.test(imageLength) && { length: Number(imageLength) }),
      },
    }),
    // Flat, as front matter gives them: the schema reads the strings and names a field it cannot.
    ...(imageUrl !== undefined &&
      present(form.imageWidth) !== undefined && { image_width: present(form.imageWidth) }),
    ...(imageUrl !== undefined &&
      present(form.imageHeight) !== undefined && { image_height: present(form.imageHeight) }),
    ...(present(form.canonicalUrl) !== undefined && { canonicalUrl: present(form.canonicalUrl) }),
    ...(publishedAt !== undefined && { publishedAt }),
    ...(revision !== undefined && { revision: /^\d+$/.test(revision) ? Number(revision) : revision }),
  })
}

/** The schedule field as a UTC moment; a missing or unreadable one names the field. */
function scheduledMoment(value: string, timeZone: string): string {
  const given = present(value)
  const parsed = given === undefined ? undefined : parseTimestamp(given, { timeZone })
  if (parsed !== undefined && 'iso' in parsed) return parsed.iso
  const problem =
    parsed === undefined
      ? `is required to schedule an article: the date and time it goes live (${timeZone})`
      : parsed.problem
  throw new ValidationError([{ field: 'scheduledAt', problem }])
}
