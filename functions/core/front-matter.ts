import matter from 'gray-matter'
import { parse as parseYaml } from 'yaml'
import { ValidationError } from './errors'

const refuseScript = () => {
  throw new ValidationError([
    { field: 'front matter', problem: 'must be YAML (JavaScript front matter is refused)' },
  ])
}

/**
 * YAML 1.2's core schema, which has no timestamp type: `date: 2026-13-01` stays the string the editor
 * wrote, for the one date rule (core/timestamp.ts) to refuse, instead of becoming 2027-01-01 the way
 * gray-matter's YAML 1.1 parser makes it. Merge keys (`<<`) still work as they did.
 */
const parseFrontMatterYaml = (source: string): unknown =>
  parseYaml(source, { schema: 'core', merge: true, logLevel: 'error' })

// gray-matter evaluates "---js" front matter with eval(); an API that accepts Markdown must never do that.
const MATTER_OPTIONS = {
  language: 'yaml',
  engines: { yaml: parseFrontMatterYaml, js: refuseScript, javascript: refuseScript },
}

// Names other static-site tools use for the same fields, so existing Markdown files publish as they are.
// A Map, so that a key such as `__proto__` or `constructor` is looked up as itself, not on Object.prototype.
const ALIASES = new Map(
  Object.entries({
    date: 'publishedAt',
    published_at: 'publishedAt',
    dek: 'summary',
    description: 'summary',
    canonical: 'canonicalUrl',
    canonical_url: 'canonicalUrl',
    language: 'lang',
  }),
)

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
  // fromEntries defines own properties: a `__proto__` key stays a field (reported as unknown), not a prototype.
  const fields: Record<string, unknown> = Object.fromEntries(
    Object.entries(data).map(([key, value]) => [ALIASES.get(key) ?? key, value]),
  )
  if (Object.hasOwn(fields, 'body')) {
    throw new ValidationError([{ field: 'body', problem: 'goes after the front matter, not inside it' }])
  }
  return { ...fields, body: parsed.content }
}
