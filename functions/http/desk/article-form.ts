import type { Article, ArticleInput } from '../../core/article'
import { parseArticleInput } from '../../core/articles'

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
  'revision',
] as const
// Scheduling (issue 14) adds its field here, e.g. 'scheduledAt', with its input in editor-page.tsx.
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

/** An article's stored fields as form values (what the editor opens with). */
export function articleFormOf(article: Article): ArticleForm {
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
    publishedAt: article.publishedAt ?? '',
    revision: String(article.revision),
  }
}

export const emptyArticleForm = (): ArticleForm => articleFormFrom({})

const present = (value: string) => (value.trim() === '' ? undefined : value.trim())

/**
 * The form as the same article input the API takes, validated by the same schema (parseArticleInput):
 * a problem names the schema's field (title, body, image.url...), as the API does.
 */
export function articleInputFromForm(form: ArticleForm, status: Article['status']): ArticleInput {
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
    ...(present(form.publishedAt) !== undefined && { publishedAt: present(form.publishedAt) }),
    ...(revision !== undefined && { revision: /^\d+$/.test(revision) ? Number(revision) : revision }),
  })
}
