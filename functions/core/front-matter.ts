import matter from 'gray-matter'
import { ValidationError } from './errors'

const refuseScript = () => {
  throw new ValidationError([
    { field: 'front matter', problem: 'must be YAML (JavaScript front matter is refused)' },
  ])
}

// gray-matter evaluates "---js" front matter with eval(); an API that accepts Markdown must never do that.
const MATTER_OPTIONS = {
  language: 'yaml',
  engines: { js: refuseScript, javascript: refuseScript },
}

// Names other static-site tools use for the same fields, so existing Markdown files publish as they are.
const ALIASES: Record<string, string> = {
  date: 'publishedAt',
  published_at: 'publishedAt',
  dek: 'summary',
  description: 'summary',
  canonical: 'canonicalUrl',
  canonical_url: 'canonicalUrl',
  language: 'lang',
}

/**
 * Splits a Markdown file with YAML front matter into the fields of an article input. Validation of the
 * fields themselves happens in one place, articleInputSchema.
 */
export function parseMarkdownArticle(source: string): Record<string, unknown> {
  let parsed: matter.GrayMatterFile<string>
  try {
    parsed = matter(source.replace(/^\uFEFF/, ''), MATTER_OPTIONS as unknown as Parameters<typeof matter>[1])
  } catch (error) {
    if (error instanceof ValidationError) throw error
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
    throw new ValidationError([{ field: 'front matter', problem: `is not valid YAML (${reason})` }])
  }
  const data: unknown = parsed.data
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ValidationError([{ field: 'front matter', problem: 'must be a YAML mapping of field: value' }])
  }
  const fields: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(data)) fields[ALIASES[key] ?? key] = value
  if ('body' in fields) {
    throw new ValidationError([{ field: 'body', problem: 'goes after the front matter, not inside it' }])
  }
  return { ...fields, body: parsed.content }
}
