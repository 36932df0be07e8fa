/**
 * `npm run publish -- a.md [b.md ...]`: sends Markdown files with YAML front matter to a running Pressroom.
 * Each file is PUT at its slug, so publishing the same file again updates the article instead of failing.
 * A bad file gets one line naming it and the problem; the other files still go through.
 */
import { readFile } from 'node:fs/promises'
import { dataDir, readAdminToken } from '../infra/local/data-dir'
import { parseArticleInput } from '../functions/core/articles'
import { ValidationError } from '../functions/core/errors'
import { parseMarkdownArticle } from '../functions/core/front-matter'
import { slugFromTitle } from '../functions/core/slug'

interface Outcome {
  file: string
  ok: boolean
  line: string
}

async function publishFile(file: string, baseUrl: string, token: string): Promise<Outcome> {
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

  let response: Response
  try {
    response = await fetch(`${baseUrl}/api/articles/${encodeURIComponent(slug)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(input),
    })
  } catch (error) {
    return {
      file,
      ok: false,
      line: `${file}: cannot reach Pressroom at ${baseUrl} (${describe(error)}); is it running?`,
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

async function main(): Promise<number> {
  const files = process.argv.slice(2).filter((arg) => arg !== '--')
  if (files.length === 0) {
    console.error('Usage: npm run publish -- path/to/article.md [more.md ...]')
    return 2
  }
  const baseUrl = (process.env.PRESSROOM_URL || `http://127.0.0.1:${process.env.PORT || 3000}`).replace(
    /\/+$/,
    '',
  )
  const token = process.env.ADMIN_TOKEN || readAdminToken(dataDir())
  if (!token) {
    console.error(
      `No admin token: set ADMIN_TOKEN, or run \`npm start\` once so ${dataDir()}/admin-token exists.`,
    )
    return 2
  }
  let failures = 0
  for (const file of files) {
    const outcome = await publishFile(file, baseUrl, token)
    if (outcome.ok) console.log(outcome.line)
    else {
      failures++
      console.error(outcome.line)
    }
  }
  return failures === 0 ? 0 : 1
}

process.exitCode = await main()
