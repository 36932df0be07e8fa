/** Whether a stored article can go in a digest (see digest-skips.ts); the planner and previews ask. */
import { z } from 'zod'
import type { Article } from './article'
import { problemOf } from './digest-skips'
import { MAX_SLUG_LENGTH, SLUG_PATTERN } from './slug'

/** What a digest needs of a stored article: a slug that makes a link, and fields of the right kinds. */
const digestArticle = z.object({
  slug: z
    .string()
    .max(MAX_SLUG_LENGTH, `is longer than ${MAX_SLUG_LENGTH} characters`)
    .regex(SLUG_PATTERN, 'is not a slug (lower-case letters, digits and single dashes), so it makes no link'),
  title: z.string().min(1, 'is empty'),
  summary: z.string(),
  bodyHtml: z.string(),
  lang: z.string(),
  tags: z.array(z.string()),
  related: z.array(z.object({ title: z.string(), url: z.string() })),
  image: z.object({ url: z.string(), alt: z.string().optional() }).optional(),
  publishedAt: z.iso.datetime({ offset: true }),
})

/** Why a stored article cannot go in a digest, or undefined when it can. */
export function articleProblem(article: Article): string | undefined {
  return problemOf(digestArticle.safeParse(article, { reportInput: true }))
}
