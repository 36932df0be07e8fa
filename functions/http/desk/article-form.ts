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
    canonicalUrl: article.canonicalUrl ?? '',
    related: article.related.map((link) => `${link.title} | ${link.url}`).join('\n'),
    publishedAt: scheduled ? '' : (article.publishedAt ?? ''),
    scheduledAt: scheduled ? wallClockIn(article.publishedAt!, timeZone) : '',
    revision: String(article.revision),
  }
}

export const emptyArticleForm = (): ArticleForm => articleFormFrom({})

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
    .map((line) => {
      const bar = line.lastIndexOf('|')
      return bar === -1 ? line : { title: line.slice(0, bar).trim(), url: line.slice(bar + 1).trim() }
    })
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
      image: { url: imageUrl, ...(imageAlt !== undefined && { alt: imageAlt }) },
    }),
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
