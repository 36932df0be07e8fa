/**
 * `npm run smoke -- <site-url> [--token <admin token>] [--email <address>] [--timeout <seconds>]`
 *
 * Checks a running Pressroom (deployed or `npm start`) from the outside, over HTTP only: the home page, the
 * three subscription feeds (status, content type, well-formed and complete, ETag and a 304 to If-None-Match),
 * one subscribe request, and the admin API with and without the token. Prints one ✓ or ✗ line per check and
 * exits 1 if any failed (2 on a usage error).
 *
 * It leaves nothing behind: every request is a GET except the POST /subscribe, which makes (at most) one
 * pending subscriber and sends it one confirmation email, and the DELETE that erases that subscriber at the
 * end, whatever failed before. An address that was already on the list is left as it was. The default
 * address is `smoke+<timestamp>@example.com`; against AWS pass `--email` with an address you own, or an SES
 * mailbox simulator address such as `success+smoke@simulator.amazonses.com`, so no real bounce is recorded.
 * The admin token comes from `--token`, `ADMIN_TOKEN`, or the data folder's `admin-token` as for
 * `npm run publish`; without one the "with token" check and the clean-up are skipped.
 */
import { join } from 'node:path'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { dataDir, readAdminToken } from '../infra/local/data-dir'
import { cliMessages } from './messages'

// Every line in the publication's language (PUBLICATION_LANG), as the other commands print theirs.
const m = cliMessages().smoke
const USAGE = m.usage

interface Options {
  baseUrl: string
  token?: string
  /** Where the token came from (`--token`, `ADMIN_TOKEN` or a file), or where it was looked for. */
  tokenSource: string
  email: string
  timeoutMs: number
}

/** What the subscribe check learnt, for the clean-up: whether the address was on the list before the run. */
interface SmokeSubscriber {
  existedBefore?: boolean
}

/** A check's verdict: passed (with what was seen), failed (with what was wrong), or skipped (why). */
type Verdict = { status: 'pass' | 'fail' | 'skip'; detail: string }

interface Check {
  name: string
  run: () => Promise<Verdict>
}

class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message)
  }
}

/** Thrown inside a check: the message is the ✗ line's explanation. */
class CheckFailed extends Error {}

const fail = (message: string): never => {
  throw new CheckFailed(message)
}

function parseArgs(argv: string[], env: NodeJS.ProcessEnv): Options {
  const positional: string[] = []
  const flags = new Map<string, string>()
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!
    if (arg === '--') continue
    if (arg === '--help' || arg === '-h') throw new UsageError(USAGE, 0)
    const flag = /^--(token|email|timeout)(?:=(.*))?$/.exec(arg)
    if (flag !== null) {
      const value = flag[2] ?? argv[++index]
      if (value === undefined || value === '') throw new UsageError(`${m.needsValue(flag[1]!)}\n${USAGE}`)
      flags.set(flag[1]!, value)
      continue
    }
    if (arg.startsWith('--')) throw new UsageError(`${m.unknownOption(arg)}\n${USAGE}`)
    positional.push(arg)
  }
  if (positional.length !== 1) throw new UsageError(USAGE)
  let url: URL
  try {
    url = new URL(positional[0]!)
  } catch {
    throw new UsageError(`${m.notUrl(positional[0]!)}\n${USAGE}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(m.notHttp(positional[0]!))
  }
  const timeoutSeconds = Number(flags.get('timeout') ?? 15)
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new UsageError(m.badTimeout)
  }
  const { token, tokenSource } = findToken(flags.get('token'), env)
  return {
    baseUrl: `${url.origin}${url.pathname}`.replace(/\/+$/, ''),
    ...(token !== undefined && { token }),
    tokenSource,
    email: flags.get('email') ?? `smoke+${Date.now()}@example.com`,
    timeoutMs: timeoutSeconds * 1000,
  }
}

/** The admin token as `npm run publish` finds it, after an explicit `--token`. */
function findToken(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): { token?: string; tokenSource: string } {
  if (flag !== undefined) return { token: flag, tokenSource: '--token' }
  if (env.ADMIN_TOKEN) return { token: env.ADMIN_TOKEN, tokenSource: 'ADMIN_TOKEN' }
  const dir = dataDir(env)
  const tokenSource = join(dir, 'admin-token')
  const token = readAdminToken(dir)
  return token === undefined ? { tokenSource } : { token, tokenSource }
}

/** fetch with a timeout, turning network errors into a check failure that says what happened. */
async function request(options: Options, path: string, init: RequestInit = {}): Promise<Response> {
  const url = `${options.baseUrl}${path}`
  try {
    return await fetch(url, { redirect: 'follow', ...init, signal: AbortSignal.timeout(options.timeoutMs) })
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? m.noAnswer(options.timeoutMs / 1000)
        : describe(error)
    return fail(`${init.method ?? 'GET'} ${url}: ${reason}`)
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = error.cause as { code?: string; message?: string } | undefined
  return cause?.code ?? cause?.message ?? error.message
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
const mediaType = (response: Response) =>
  (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()

function expectStatus(response: Response, expected: number, what: string): void {
  if (response.status !== expected) fail(m.answered(what, response.status, expected))
}

function expectType(response: Response, expected: string, what: string): void {
  const actual = mediaType(response)
  if (actual !== expected) fail(m.contentType(what, actual, expected))
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', textNodeName: '#text' })
const list = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value]
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
/** Text of an element that may carry attributes (`<title type="html">…</title>` parses to an object). */
const textOf = (value: unknown): string => {
  if (typeof value === 'string' || typeof value === 'number') return String(value)
  if (isRecord(value) && value['#text'] !== undefined) return String(value['#text'])
  return ''
}

function parseXml(body: string, what: string): Record<string, unknown> {
  const valid = XMLValidator.validate(body)
  if (valid !== true) {
    const { msg, line, col } = valid.err
    fail(m.notXml(what, msg, line, col))
  }
  return xml.parse(body) as Record<string, unknown>
}

/** RSS 2.0: <rss version="2.0"><channel> with title, link, description; every item a title or description. */
function checkRss(body: string): string {
  const doc = parseXml(body, 'RSS')
  const rss = doc.rss
  if (!isRecord(rss)) return fail(m.noRoot('RSS', 'rss'))
  if (rss['@version'] !== '2.0') fail(m.wrongRssVersion(String(rss['@version'] ?? '')))
  const channel = rss.channel
  if (!isRecord(channel)) return fail(m.noChannel)
  const missing = ['title', 'link', 'description'].filter((name) => textOf(channel[name]) === '')
  if (missing.length > 0) fail(m.lacks('RSS <channel>', missing))
  const items = list(channel.item)
  items.forEach((item, index) => {
    if (!isRecord(item) || (textOf(item.title) === '' && textOf(item.description) === '')) {
      fail(m.rssItemEmpty(index + 1))
    }
  })
  return m.validRss(items.length)
}

/** Atom 1.0 (RFC 4287): <feed xmlns="http://www.w3.org/2005/Atom"> with id, title, updated; so every entry. */
function checkAtom(body: string): string {
  const doc = parseXml(body, 'Atom')
  const feed = doc.feed
  if (!isRecord(feed)) return fail(m.noRoot('Atom', 'feed'))
  if (feed['@xmlns'] !== 'http://www.w3.org/2005/Atom') fail(m.notAtomNamespace)
  const missing = ['id', 'title', 'updated'].filter((name) => textOf(feed[name]) === '')
  if (missing.length > 0) fail(m.lacks('Atom <feed>', missing))
  const entries = list(feed.entry)
  entries.forEach((entry, index) => {
    const lacking = ['id', 'title', 'updated'].filter(
      (name) => !isRecord(entry) || textOf(entry[name]) === '',
    )
    if (lacking.length > 0) {
      fail(m.lacks(m.atomEntry(index + 1), lacking))
    }
  })
  return m.validAtom(entries.length)
}

/** JSON Feed 1.1: the version URL, a title, an items array; every item an id and some content. */
function checkJsonFeed(body: string): string {
  let feed: unknown
  try {
    feed = JSON.parse(body)
  } catch (error) {
    return fail(m.notJson(describe(error)))
  }
  if (!isRecord(feed)) return fail(m.notJsonObject)
  if (feed.version !== 'https://jsonfeed.org/version/1.1') {
    fail(m.wrongJsonVersion(JSON.stringify(feed.version)))
  }
  if (typeof feed.title !== 'string' || feed.title === '') fail(m.noJsonTitle)
  if (!Array.isArray(feed.items)) return fail(m.noItems)
  const items: unknown[] = feed.items
  items.forEach((item, index) => {
    if (!isRecord(item)) return fail(m.itemNotObject(index + 1))
    if (typeof item.id !== 'string' || item.id === '') fail(m.itemNoId(index + 1))
    if (typeof item.content_html !== 'string' && typeof item.content_text !== 'string') {
      fail(m.itemNoContent(index + 1))
    }
  })
  return m.validJsonFeed(items.length)
}

const FEEDS = [
  { name: 'RSS', path: '/feed.xml', type: 'application/rss+xml', check: checkRss },
  { name: 'Atom', path: '/atom.xml', type: 'application/atom+xml', check: checkAtom },
  { name: 'JSON Feed', path: '/feed.json', type: 'application/feed+json', check: checkJsonFeed },
]

const pass = (detail: string): Verdict => ({ status: 'pass', detail })

const withToken = (options: Options, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...init.headers, authorization: `Bearer ${options.token}` },
})

/** The admin API's path for one subscriber, named by address (it takes an id or an address). */
const subscriberPath = (email: string) => `/api/subscribers/${encodeURIComponent(email)}`

/**
 * Whether the address has a record, asked before subscribing so the clean-up never erases a real reader;
 * undefined when it cannot tell (no token, or the API refused).
 */
async function isOnTheList(options: Options): Promise<boolean | undefined> {
  if (options.token === undefined) return undefined
  const response = await request(options, subscriberPath(options.email), withToken(options))
  await response.arrayBuffer()
  if (response.status === 200) return true
  if (response.status === 404) return false
  return undefined
}

function smokeChecks(options: Options, subscriber: SmokeSubscriber): Check[] {
  const checks: Check[] = [
    {
      name: 'GET /',
      run: async () => {
        const response = await request(options, '/')
        expectStatus(response, 200, m.homePage)
        expectType(response, 'text/html', m.homePage)
        const body = await response.text()
        if (!/<html[\s>]/i.test(body)) fail(m.noHtmlElement)
        return pass('200 text/html')
      },
    },
  ]
  for (const feed of FEEDS) {
    checks.push(
      {
        name: `${feed.name} ${feed.path}`,
        run: async () => {
          const response = await request(options, feed.path)
          expectStatus(response, 200, feed.path)
          expectType(response, feed.type, feed.path)
          return pass(`200 ${feed.type}, ${feed.check(await response.text())}`)
        },
      },
      {
        name: `${feed.name} ${feed.path} If-None-Match`,
        run: async () => {
          const first = await request(options, feed.path)
          await first.arrayBuffer()
          expectStatus(first, 200, feed.path)
          const etag = first.headers.get('etag')
          if (etag === null || etag === '') return fail(m.noEtag(feed.path))
          const second = await request(options, feed.path, { headers: { 'if-none-match': etag } })
          await second.arrayBuffer()
          if (second.status !== 304) fail(m.not304(second.status, etag))
          return pass(m.revalidated(etag))
        },
      },
    )
  }
  checks.push(
    {
      name: 'POST /subscribe',
      run: async () => {
        const existedBefore = await isOnTheList(options)
        if (existedBefore !== undefined) subscriber.existedBefore = existedBefore
        const response = await request(options, '/subscribe', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: options.email }),
        })
        const body = await response.text()
        if (response.status === 429) {
          fail(m.rateLimited(response.headers.get('retry-after') ?? '?'))
        }
        if (response.status !== 202) {
          fail(
            `answered ${response.status}, expected 202${body.trim() ? `: ${body.trim().slice(0, 200)}` : ''}`,
          )
        }
        return pass(m.subscribed(options.email))
      },
    },
    {
      name: m.withTokenCheck,
      run: async () => {
        if (options.token === undefined) {
          return {
            status: 'skip',
            detail: m.noToken(options.tokenSource),
          }
        }
        const response = await request(options, '/api/articles?limit=1', withToken(options))
        const body = await response.text()
        if (response.status === 401) fail(m.tokenRefused(options.tokenSource))
        expectStatus(response, 200, m.adminApi)
        let parsed: unknown
        try {
          parsed = JSON.parse(body)
        } catch {
          return fail(m.adminNotJson)
        }
        if (!isRecord(parsed) || !Array.isArray(parsed.items)) fail(m.adminNoItems)
        return pass(m.tokenAccepted(options.tokenSource))
      },
    },
    {
      name: m.withoutTokenCheck,
      run: async () => {
        const response = await request(options, '/api/articles?limit=1')
        await response.arrayBuffer()
        expectStatus(response, 401, m.adminApiNoToken)
        return pass('401')
      },
    },
  )
  return checks
}

/** Erases the subscriber the run made, through the admin API, unless the address was there before. */
function cleanUp(options: Options, subscriber: SmokeSubscriber): Check {
  return {
    name: m.cleanUp,
    run: async () => {
      const { email } = options
      if (options.token === undefined) {
        const detail = m.leftPending(email)
        return { status: 'skip', detail }
      }
      if (subscriber.existedBefore === true) {
        return { status: 'skip', detail: m.wasThere(email) }
      }
      if (subscriber.existedBefore === undefined) {
        return {
          status: 'skip',
          detail: m.cannotTell(email),
        }
      }
      const response = await request(options, subscriberPath(email), withToken(options, { method: 'DELETE' }))
      await response.arrayBuffer()
      if (response.status === 404) return pass(m.nothingToErase(email))
      expectStatus(response, 204, `DELETE ${subscriberPath(email)}`)
      return pass(m.erased(email))
    },
  }
}

const MARKS = { pass: '✓', fail: '✗', skip: '○' } as const

/** Runs every check in order, printing one line each; resolves to the number of failures. */
async function runSmoke(options: Options, print: (line: string) => void): Promise<number> {
  print(m.heading(options.baseUrl))
  const counts = { pass: 0, fail: 0, skip: 0 }
  const record = async (check: Check) => {
    let verdict: Verdict
    try {
      verdict = await check.run()
    } catch (error) {
      verdict = { status: 'fail', detail: error instanceof CheckFailed ? error.message : describe(error) }
    }
    counts[verdict.status]++
    print(`${MARKS[verdict.status]} ${check.name}: ${verdict.detail}`)
  }
  const subscriber: SmokeSubscriber = {}
  try {
    for (const check of smokeChecks(options, subscriber)) await record(check)
  } finally {
    await record(cleanUp(options, subscriber))
  }
  print(m.totals(counts.pass, counts.fail, counts.skip))
  return counts.fail
}

async function main(): Promise<number> {
  let options: Options
  try {
    options = parseArgs(process.argv.slice(2), process.env)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    if (error.exitCode === 0) console.log(error.message)
    else console.error(error.message)
    return error.exitCode
  }
  const failures = await runSmoke(options, (line) => console.log(line))
  return failures === 0 ? 0 : 1
}

process.exitCode = await main()
