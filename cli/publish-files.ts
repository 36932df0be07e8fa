import { Temporal } from 'temporal-polyfill'
import { readFile } from 'node:fs/promises'
import { relative, resolve, sep } from 'node:path'
import { parseArticleInput } from '../functions/core/articles'
import { ValidationError } from '../functions/core/errors'
import { parseMarkdownArticle } from '../functions/core/front-matter'
import { slugFromTitle } from '../functions/core/slug'
import { cliMessages, type CliMessages } from './messages'

export interface PublishTarget {
  /** The running Pressroom, without a trailing slash. */
  baseUrl: string
  token: string
  /** The publication's time zone (IANA, e.g. Asia/Seoul), to say when a scheduled article goes live. */
  timeZone?: string
  /** How requests are sent; tests pass the app's own request function. */
  fetch?: (url: string, init: RequestInit) => Response | Promise<Response>
  /** Files are named relative to this folder in the articles' `source` (default: the working directory). */
  root?: string
  /** The words of the lines (default: from PUBLICATION_LANG). */
  messages?: CliMessages
}

/** One line per file: the article's URL on success, the file and the problem otherwise. */
export interface Outcome {
  file: string
  ok: boolean
  line: string
}

/**
 * The file as the article's `source`: its path from the project folder (npm scripts run there), with
 * forward slashes, so the same file is the same source on every machine and from every subfolder.
 */
export function sourceOf(file: string, root = process.cwd()): string {
  return relative(root, resolve(root, file)).split(sep).join('/')
}

/**
 * PUTs one Markdown file at its slug. A slug in the front matter is the author's claim: it creates or
 * replaces the article there. Without one, the slug comes from the title and the request names the file
 * as its `source`, so the server replaces only the article this file created, and answers 409 for an
 * article from elsewhere that happens to have the same slug (see putArticle).
 */
export async function publishFile(file: string, target: PublishTarget): Promise<Outcome> {
  const say = target.messages ?? cliMessages()
  const describe = (error: unknown) => describeError(error, say)
  let fields: Record<string, unknown>
  try {
    fields = parseMarkdownArticle(await readFile(file, 'utf8'))
  } catch (error) {
    return { file, ok: false, line: `${file}: ${describe(error)}` }
  }
  // Publishing is the point of this command; a file opts out with `status: draft`.
  const input = { status: 'published', source: sourceOf(file, target.root), ...fields }
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
      line: `${file}: ${say.cannotReach(target.baseUrl, describe(error))}`,
    }
  }
  const body = (await response.json().catch(() => ({}))) as {
    url?: string
    status?: string
    publishedAt?: string
    message?: string
  }
  if (!response.ok) {
    return { file, ok: false, line: `${file}: ${response.status} ${body.message ?? response.statusText}` }
  }
  const created = response.status === 201
  if (body.status === 'scheduled' && body.publishedAt !== undefined) {
    const when = goesLiveAt(String(body.publishedAt), target.timeZone)
    return { file, ok: true, line: say.scheduled(String(body.url), created, when) }
  }
  return { file, ok: true, line: say.published(String(body.url), created, String(body.status)) }
}

/** The go-live moment in the publication's time zone when one is given ("…+09:00[Asia/Seoul]"), else UTC. */
export function goesLiveAt(iso: string, timeZone = 'UTC'): string {
  return Temporal.Instant.from(iso).toZonedDateTimeISO(timeZone).toString({ smallestUnit: 'second' })
}

function describeError(error: unknown, say: CliMessages): string {
  if (error instanceof ValidationError) return error.message
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return say.noSuchFile
    if (code === 'EISDIR') return say.isFolder
    return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message
  }
  return String(error)
}
