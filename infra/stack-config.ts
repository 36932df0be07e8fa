import { z } from 'zod'
import { isLanguageTag } from '../functions/core/language'

/** The context keys the stack reads: cdk.json holds the defaults, `-c feedSize=30` overrides one. */
export const CONTEXT_KEYS = ['publicationTitle', 'siteUrl', 'publicationLang', 'feedSize'] as const

// `-c key=` arrives as '' and a JSON null is a deliberate "unset": both mean "use the default".
const unset = (value: unknown) => (value === '' || value === null ? undefined : value)

// Bounds mirror functions/config.ts, so a value that synthesizes is one the Lambda will accept at cold start.
const contextSchema = z.object({
  publicationTitle: z.preprocess(unset, z.string().trim().min(1).default('Pressroom')),
  siteUrl: z.preprocess(
    unset,
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://news.example.com' })
      // Feed URLs are built as `${siteUrl}/feed.xml`; a trailing slash would double it.
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
  ),
  publicationLang: z.preprocess(
    unset,
    z.string().default('en').refine(isLanguageTag, 'must be a BCP 47 language tag such as en or ko-KR'),
  ),
  // `-c feedSize=30` arrives as a string, hence coerce.
  feedSize: z.preprocess(unset, z.coerce.number().int().min(1).max(100).default(20)),
})

export type StackConfig = z.infer<typeof contextSchema>

/** A mistake in cdk.json or `-c`, not a bug: app.ts prints the message without a stack trace. */
export class StackConfigError extends Error {
  override name = 'StackConfigError'
}

/** Validates the Pressroom context; throws naming every bad context key, so `cdk synth` fails early. */
export function parseStackConfig(raw: unknown): StackConfig {
  const result = contextSchema.safeParse(raw ?? {})
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const key = issue.path.join('.')
      return key ? `context key "${key}": ${issue.message}` : issue.message
    })
    throw new StackConfigError(`Invalid Pressroom context in cdk.json or -c: ${problems.join('; ')}`)
  }
  return result.data
}
