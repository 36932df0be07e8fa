import { z } from 'zod'
import { httpUrlSchema } from './http-url'
import { isLanguageTag } from './language'
import { slugSchema } from './slug'
import { timestampSchema } from './timestamp'
import { cleanLine, cleanText } from './xml-text'

/**
 * draft: only editors see it. scheduled: waits for its publishedAt (in the future), then goes live on its own
 * (go-live.ts). published: readers see it. See docs/decisions/013-scheduled-publishing.md.
 */
export type ArticleStatus = 'draft' | 'scheduled' | 'published'

/**
 * The one rule for what readers may see: every page, feed, sitemap and digest shows an article only when
 * this holds. A scheduled article is not public, whatever the clock says, until go-live publishes it: the
 * store keeps it out of the published index until then, so every listing and cached feed agrees.
 */
export function isPublic(article: Article): boolean {
  return article.status === 'published' && article.publishedAt !== undefined
}

/** The article's lead image; `type` is known when given or when the URL's extension tells it. */
export interface ArticleImage {
  url: string
  type?: string
  /** Bytes, when the editor knows it; feeds need it for enclosures and say 0 otherwise. */
  length?: number
  /** Required with every new image (front matter `image_alt`); older articles may lack it. */
  alt?: string
  /** Pixels, when the editor gives them (`image_width`, `image_height`): the page then reserves the space. */
  width?: number
  height?: number
}

export interface RelatedLink {
  title: string
  url: string
  /** One line on why to read it; for one of our own articles, its dek unless the editor wrote one. */
  blurb?: string
}

/** An article as stored: the editor's fields plus the HTML rendered from its Markdown at write time. */
export interface Article {
  slug: string
  title: string
  summary: string
  bodyMarkdown: string
  bodyHtml: string
  lang: string
  tags: string[]
  author?: string
  image?: ArticleImage
  canonicalUrl?: string
  related: RelatedLink[]
  /** Key takeaways given as a field (front matter `takeaways`) rather than under a 핵심 요약 heading. */
  takeaways?: string[]
  status: ArticleStatus
  /**
   * ISO 8601; set when the article is first published (or given by the editor) and kept after that. While
   * scheduled, the moment it is to go live; go-live sets it to the moment it did.
   */
  publishedAt?: string
  createdAt: string
  updatedAt: string
  /** Bumped on every write; a write states the revision it read, so two editors cannot silently overwrite. */
  revision: number
  /**
   * Where the article is written, e.g. the Markdown file `npm run publish` sent it from. A PUT that names
   * a source replaces only the article from that source, unless its body claims the slug (see putArticle).
   */
  source?: string
}

/** A one-line text field: cleaned (see cleanLine) and bounded. */
const text = (max: number) =>
  z
    .string()
    .transform(cleanLine)
    .pipe(z.string().max(max, `must be at most ${max} characters`))

/** Tags are matched case-insensitively and appear in URLs, so they are stored lower-case with dashes. */
export function normaliseTag(tag: string): string {
  return (
    cleanText(tag)
      .trim()
      .toLocaleLowerCase('und')
      // Tags appear in URLs and in XML attributes: separators and markup characters become dashes.
      .replace(/[\s/?#%\\<>"'&]+/g, '-')
      .replace(/-+/g, '-')
      .replace(/^-|-$/g, '')
  )
}

const tagList = z
  .union([z.array(z.string()), z.string().transform((value) => value.split(','))])
  .transform((tags) => [...new Set(tags.map(normaliseTag).filter((tag) => tag.length > 0))])
  .pipe(
    z
      .array(z.string().max(50, 'each tag must be at most 50 characters'))
      .max(20, 'at most 20 tags per article'),
  )

const IMAGE_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
}

/** The MIME type an image URL's extension implies, if any ("cover.JPG" -> image/jpeg). */
export function imageTypeFromUrl(url: string): string | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase()
  return extension === undefined ? undefined : IMAGE_TYPES[extension]
}

const imageObject = z.strictObject({
  url: httpUrlSchema,
  type: z
    .string()
    .regex(/^image\/[\w.+-]+$/, 'must be an image MIME type such as image/jpeg')
    .optional(),
  length: z.number().int().positive('must be the size in bytes').optional(),
  alt: text(300).optional(),
  width: z.number().int().positive('must be the width in pixels').optional(),
  height: z.number().int().positive('must be the height in pixels').optional(),
})

const image = z.union([httpUrlSchema.transform((url) => ({ url })), imageObject])

/** The article's fields with the image's flat fields folded into `image`. */
type ArticleFields = Omit<
  z.infer<typeof articleFields>,
  'image' | 'image_alt' | 'image_width' | 'image_height'
>

const pixels = (what: string) =>
  z.coerce
    .number({ error: `must be the ${what} in pixels` })
    .int(`must be the ${what} in pixels`)
    .positive(`must be the ${what} in pixels`)

/** A related link as given: a URL alone, or with a title and blurb (our own articles fill them in). */
const relatedLink = z.union([
  httpUrlSchema.transform((url) => ({ url })),
  z.strictObject({
    title: text(300).pipe(z.string().min(1, 'must not be empty')).optional(),
    url: httpUrlSchema,
    blurb: text(300).optional(),
  }),
])

export type RelatedLinkInput = z.infer<typeof relatedLink>

/** What an editor sends to create or replace an article (JSON body or Markdown front matter). */
const articleFields = z.strictObject({
  title: text(300).pipe(z.string().min(1, 'is required')),
  slug: z.string().trim().pipe(slugSchema).optional(),
  summary: text(2000).default(''),
  body: z
    .string({ error: 'is required (the article text in Markdown)' })
    .pipe(z.string().trim().min(1, 'is required (the article text in Markdown)')),
  lang: z
    .string()
    .trim()
    .refine(isLanguageTag, 'must be a BCP 47 language tag such as ko or en-GB')
    .transform((tag) => Intl.getCanonicalLocales(tag)[0]!)
    .optional(),
  tags: tagList.default([]),
  author: text(200).optional(),
  image: image.optional(),
  /** The image's description for readers who cannot see it; required whenever there is an image. */
  image_alt: text(300).pipe(z.string().min(1, 'must describe the image')).optional(),
  image_width: pixels('width').optional(),
  image_height: pixels('height').optional(),
  canonicalUrl: httpUrlSchema.optional(),
  related: z.array(relatedLink).max(50, 'at most 50 related links').default([]),
  takeaways: z
    .array(text(500).pipe(z.string().min(1, 'must not be empty')))
    .max(20, 'at most 20 takeaways')
    .optional(),
  status: z
    .enum(['draft', 'scheduled', 'published'], { error: 'must be "draft", "scheduled" or "published"' })
    .default('draft'),
  publishedAt: timestampSchema.optional(),
  /** The revision the editor last read; when given, the write fails with 409 if someone saved since. */
  revision: z.number().int().min(1).optional(),
  source: text(500).pipe(z.string().min(1, 'must not be empty')).optional(),
})

/**
 * The image's fields, given flat (`image`, `image_alt`, `image_width`, `image_height`, as front matter
 * writes them) or as one object, become one ArticleImage. An image needs its description: without one
 * the field named is `image_alt` (`image.alt` for the object form), whichever door the article came in by.
 */
// The image rules run even when another field is wrong (`when`), so one answer names every problem.
const whenImageFieldsParsed = {
  when: ({ value }: { value: unknown }) => typeof value === 'object' && value !== null,
}

export const articleInputSchema = articleFields
  .superRefine((fields, ctx) => {
    // A string here is an image URL its own rule refused (and named); the object is what it accepted.
    const given = fields.image as ArticleImage | string | undefined
    if (typeof given === 'string') return
    if (given === undefined) {
      for (const field of ['image_alt', 'image_width', 'image_height'] as const)
        if (fields[field] !== undefined)
          ctx.addIssue({ code: 'custom', path: [field], message: 'is set but image is not' })
      return
    }
    const alt = fields.image_alt ?? given.alt
    if (alt === undefined || alt === '')
      ctx.addIssue({
        code: 'custom',
        path: ['image_alt'],
        message:
          'is required when there is an image (or `alt` in the image object): describe it for readers who cannot see it',
      })
    const width = fields.image_width ?? given.width
    const height = fields.image_height ?? given.height
    if ((width === undefined) !== (height === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [width === undefined ? 'image_width' : 'image_height'],
        message: 'goes with the other dimension: give both, or leave both out',
      })
  }, whenImageFieldsParsed)
  .transform(
    ({
      image_alt: alt,
      image_width: width,
      image_height: height,
      image: given,
      ...rest
    }): ArticleFields & { image?: ArticleImage } => {
      if (given === undefined) return rest
      const merged: ArticleImage = {
        ...given,
        ...(alt !== undefined && { alt }),
        ...(width !== undefined && { width }),
        ...(height !== undefined && { height }),
      }
      const type = merged.type ?? imageTypeFromUrl(merged.url)
      return { ...rest, image: { ...merged, ...(type !== undefined && { type }) } }
    },
  )

export type ArticleInput = z.infer<typeof articleInputSchema>
export type ArticleInputRaw = z.input<typeof articleInputSchema>
