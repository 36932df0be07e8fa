import { readFile } from 'node:fs/promises'
import { parseArticleInput } from '../functions/core/articles'
import { ValidationError } from '../functions/core/errors'
import { parseMarkdownArticle } from '../functions/core/front-matter'
import { slugFromTitle } from '../functions/core/slug'

export interface PublishTarget {
  /** The running Pressroom, without a trailing slash. */
  baseUrl: string
  token: string
  /** How requests are sent; tests pass the app's own request function. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>
}

/** One line per file: the article's URL on success, the file and the problem otherwise. */
export interface Outcome {
  file: string
  ok: boolean
  line: string
}

/** PUTs one Markdown file at its slug (given in its front matter, or derived from its title). */
export async function publishFile(file: string, target: PublishTarget): Promise<Outcome> {
  let fields: Record<string, unknown>
  try {
    fields = parseMarkdownArticle(await readFile(file, 'utf8'))
  } catch (error) {
    return { file, ok: false, line: `${file}: ${describe(error)}` }
  }
  // Publishing is the point of this command; a file opts out with `status: draft`.
  const input = { status: 'published', ...fields }
  let slug: string
  try {
    const parsed = parseArticleInput(input)
    slug = parsed.slug ?? slugFromTitle(parsed.title)
  } catch (error) {
    return { file, ok: false, line: `${file}: ${describe(error)}` }
  }

  const send = target.fetch ?? fetch
  let response: Response
  try {
    response = await send(`${target.baseUrl}/api/articles/${encodeURIComponent(slug)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token}` },
      body: JSON.stringify(input),
    })
  } catch (error) {
    return {
      file,
      ok: false,
      line: `${file}: cannot reach Pressroom at ${target.baseUrl} (${describe(error)}); is it running?`,
    }
  }
  const body = (await response.json().catch(() => ({}))) as {
    url?: string
    status?: string
    message?: string
  }
  if (!response.ok) {
    return { file, ok: false, line: `${file}: ${response.status} ${body.message ?? response.statusText}` }
  }
  const verb = response.status === 201 ? 'created' : 'updated'
  return { file, ok: true, line: `${body.url} (${verb}, ${body.status})` }
}

function describe(error: unknown): string {
  if (error instanceof ValidationError) return error.message
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return 'no such file'
    if (code === 'EISDIR') return 'is a folder, not a Markdown file'
    return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message
  }
  return String(error)
}
