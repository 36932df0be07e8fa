import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { Ajv, type ErrorObject } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { XMLValidator } from 'fast-xml-parser'

/*
 * Independent checkers for what the app publishes. None of them shares code with the app: the Atom
 * schema is RFC 4287's own RELAX NG grammar run by jing, RSS and Atom are read by feedparser (the parser
 * behind many feed readers), JSON Feed is checked against the jsonfeed-schema package, and
 * well-formedness by fast-xml-parser. Debian packages: jing, python3-feedparser.
 */

const run = promisify(execFile)
const JING = '/usr/bin/jing'
// Debian's interpreter on purpose: the python3 on PATH may be another build without feedparser.
const PYTHON = '/usr/bin/python3'
const ATOM_SCHEMA = fileURLToPath(new URL('../fixtures/atom.rnc', import.meta.url))
const XMLLINT = '/usr/bin/xmllint'
const SITEMAP_SCHEMA = fileURLToPath(new URL('../fixtures/sitemaps.xsd', import.meta.url))
const PARSE_FEED = fileURLToPath(new URL('./parse-feed.py', import.meta.url))

/** Writes `text` to a fresh temp file, hands its path to `use`, and removes it afterwards. */
async function withTempFile<T>(name: string, text: string, use: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'pressroom-check-'))
  try {
    const path = join(dir, name)
    await writeFile(path, text, 'utf8')
    return await use(path)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

export interface CheckResult {
  valid: boolean
  /** One line per problem, as the checker reported it (empty when valid). */
  errors: string[]
}

/** Validates an Atom document against RFC 4287's RELAX NG grammar (tests/fixtures/atom.rnc) with jing. */
export async function validateAtomWithJing(xml: string): Promise<CheckResult> {
  return withTempFile('feed.atom.xml', xml, async (path) => {
    try {
      await run(JING, ['-c', ATOM_SCHEMA, path])
      return { valid: true, errors: [] }
    } catch (error) {
      const { code, stdout, stderr } = error as { code?: number | string; stdout?: string; stderr?: string }
      // jing exits 1 and prints one "file:line:col: error: ..." line per problem; anything else is a broken setup.
      if (code !== 1) throw error
      const lines = `${stdout ?? ''}\n${stderr ?? ''}`
        .split('\n')
        .map((line) => line.replace(`${path}:`, '').trim())
      // Debian's jing wrapper warns on stderr about optional jars it cannot find; those are not findings.
      const findings = lines.filter((line) => line.length > 0 && !line.startsWith('[warning]'))
      return { valid: false, errors: findings }
    }
  })
}

/**
 * Validates a sitemap or sitemap index against the sitemaps.org XML Schema (tests/fixtures/sitemaps.xsd)
 * with libxml2's xmllint.
 */
export async function validateSitemapWithXmllint(xml: string): Promise<CheckResult> {
  return withTempFile('sitemap.xml', xml, async (path) => {
    try {
      await run(XMLLINT, ['--noout', '--nonet', '--schema', SITEMAP_SCHEMA, path])
      return { valid: true, errors: [] }
    } catch (error) {
      const { code, stderr } = error as { code?: number | string; stderr?: string }
      // xmllint exits 3 (invalid) or 1 (not well-formed); anything else is a broken setup.
      if (code !== 3 && code !== 1) throw error
      const lines = (stderr ?? '')
        .split('\n')
        .filter((line) => line.trim() && !line.endsWith('fails to validate'))
      return { valid: false, errors: lines.map((line) => line.replace(`${path}:`, '')) }
    }
  })
}

export interface ParsedEntry {
  id: string | null
  title: string | null
  title_type: string | null
  link: string | null
  summary: string | null
  content: string | null
  published: string | null
  updated: string | null
  tags: string[]
  language: string | null
  links: { rel: string | null; href: string | null; title: string | null }[]
  /** Media RSS <media:content> elements, their attributes as feedparser reads them (all strings). */
  media_content: Record<string, string>[]
}

export interface ParsedFeed {
  /** 1 when feedparser found the document malformed in any way. */
  bozo: 0 | 1
  bozo_exception: string | null
  /** "rss20", "atom10", ... */
  version: string
  encoding: string | null
  feed: {
    title: string | null
    link: string | null
    id: string | null
    language: string | null
    links: { rel: string | null; href: string | null; type: string | null }[]
  }
  entries: ParsedEntry[]
}

/** Parses RSS or Atom with Debian's python3-feedparser, as a feed reader would (tests/support/parse-feed.py). */
export async function parseWithFeedparser(xml: string): Promise<ParsedFeed> {
  return withTempFile('feed.xml', xml, async (path) => {
    const { stdout } = await run(PYTHON, [PARSE_FEED, path], { maxBuffer: 16 * 1024 * 1024 })
    return JSON.parse(stdout) as ParsedFeed
  })
}

/** Validates many Atom documents with one jing run (a JVM start per document would dominate the time). */
export async function validateManyAtomWithJing(documents: string[]): Promise<CheckResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'pressroom-check-'))
  try {
    const paths = documents.map((_, index) => join(dir, `feed-${index}.atom.xml`))
    await Promise.all(paths.map((path, index) => writeFile(path, documents[index]!, 'utf8')))
    let output = ''
    try {
      await run(JING, ['-c', ATOM_SCHEMA, ...paths], { maxBuffer: 16 * 1024 * 1024 })
    } catch (error) {
      const { code, stdout, stderr } = error as { code?: number | string; stdout?: string; stderr?: string }
      if (code !== 1) throw error
      output = `${stdout ?? ''}\n${stderr ?? ''}`
    }
    const lines = output.split('\n').filter((line) => line.trim() && !line.startsWith('[warning]'))
    return paths.map((path) => {
      const errors = lines
        .filter((line) => line.startsWith(`${path}:`))
        .map((line) => line.slice(path.length + 1))
      return { valid: errors.length === 0, errors }
    })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Parses many RSS or Atom documents with one feedparser run; results come back in the same order. */
export async function parseManyWithFeedparser(documents: string[]): Promise<ParsedFeed[]> {
  if (documents.length === 1) return [await parseWithFeedparser(documents[0]!)]
  const dir = await mkdtemp(join(tmpdir(), 'pressroom-check-'))
  try {
    const paths = documents.map((_, index) => join(dir, `feed-${index}.xml`))
    await Promise.all(paths.map((path, index) => writeFile(path, documents[index]!, 'utf8')))
    const { stdout } = await run(PYTHON, [PARSE_FEED, ...paths], { maxBuffer: 64 * 1024 * 1024 })
    return JSON.parse(stdout) as ParsedFeed[]
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

// ajv-formats is CommonJS; under Node's ESM loader the function may sit on `.default`.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule
const jsonFeedSchema = createRequire(import.meta.url)('jsonfeed-schema/schema-v1.1.json') as Record<
  string,
  unknown
>
// The schema declares draft-07, which is what Ajv's default class implements.
const ajv = new Ajv({ allErrors: true, strict: false })
addFormats(ajv)
const validateJsonFeedSchema = ajv.compile(jsonFeedSchema)

/** Validates a JSON Feed document against the jsonfeed-schema package's JSON Feed 1.1 schema (with formats). */
export function validateJsonFeed(json: string): CheckResult {
  let document: unknown
  try {
    document = JSON.parse(json)
  } catch (error) {
    return { valid: false, errors: [`not JSON: ${String(error)}`] }
  }
  const valid = validateJsonFeedSchema(document)
  const errors = (validateJsonFeedSchema.errors ?? []).map(
    (error: ErrorObject) => `${error.instancePath || '/'} ${error.message ?? error.keyword}`,
  )
  return { valid: Boolean(valid), errors }
}

/** Checks that a document is well-formed XML with fast-xml-parser's validator. */
export function checkWellFormedXml(xml: string): CheckResult {
  const result = XMLValidator.validate(xml)
  if (result === true) return { valid: true, errors: [] }
  const { code, msg, line, col } = result.err
  return { valid: false, errors: [`${code} at ${line}:${col}: ${msg}`] }
}
