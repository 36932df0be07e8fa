import { CsvError, parse } from 'csv-parse/sync'
import { emailAddressSchema } from './email-address'
import { z } from 'zod'
import { normaliseTag } from './article'
import { toFieldProblems } from './articles'
import type { Actor } from './audit'
import { ConflictError, ValidationError } from './errors'
import type { AuditLog, Clock, SubscriberStore } from './ports'
import type { Publication } from './publication'
import { auditSubscriber } from './subscriber-audit'
import {
  CADENCES,
  normaliseEmail,
  subscriberId,
  SUBSCRIBER_LANGS,
  SUBSCRIBER_NAME_MAX_LENGTH,
  subscriberLang,
  type Subscriber,
  type SubscriberLang,
} from './subscriber'
import { cleanLine } from './xml-text'

/** The columns an import understands; only `email` is required. Other columns are ignored. */
export const IMPORT_COLUMNS = [
  'email',
  'name',
  'topics',
  'cadence',
  'lang',
  'timezone',
  'delivery_hour',
  'consent',
] as const
type ImportColumn = (typeof IMPORT_COLUMNS)[number]

// Spellings seen in exports from other tools, after lower-casing and turning spaces and dashes into "_".
const COLUMN_ALIASES: Record<string, ImportColumn> = {
  e_mail: 'email',
  email_address: 'email',
  deliveryhour: 'delivery_hour',
  time_zone: 'timezone',
}

/** One rejected row: its 1-based line number in the file, the address as written, and why. */
export interface ImportProblem {
  row: number
  email: string
  problem: string
}

export interface ParsedImport {
  /** Data rows in the file (the header and blank lines are not rows). */
  rows: number
  valid: Subscriber[]
  invalid: ImportProblem[]
  /** Header columns this importer does not know; their values were not read. */
  ignoredColumns: string[]
}

const CONSENT_YES = ['yes', 'y', 'true', '1']
const CONSENT_NO = ['', 'no', 'n', 'false', '0']
const HOUR_PROBLEM = 'must be a whole hour from 0 to 23'

/** Blank cells take the default; the words are compared in lower case. */
const word = <T extends readonly [string, ...string[]]>(values: T, fallback: T[number], message: string) =>
  z
    .string()
    .transform((value) => value.toLowerCase() || fallback)
    .pipe(z.enum(values, { error: message }))

/** One data row, every cell a trimmed string ('' when blank or missing); same rules as the web form. */
const rowSchema = z.object({
  email: z.string().min(1, 'is required').pipe(emailAddressSchema),
  name: z
    .string()
    .transform(cleanLine)
    .pipe(
      z.string().max(SUBSCRIBER_NAME_MAX_LENGTH, `must be at most ${SUBSCRIBER_NAME_MAX_LENGTH} characters`),
    ),
  topics: z
    .string()
    // Semicolons as in the export; commas too, as the subscribe form takes them.
    .transform((value) => [
      ...new Set(
        value
          .split(/[;,]/)
          .map(normaliseTag)
          .filter((topic) => topic !== ''),
      ),
    ])
    .pipe(
      z.array(z.string().max(50, 'each topic must be at most 50 characters')).max(50, 'at most 50 topics'),
    ),
  cadence: word(CADENCES, 'daily', 'must be instant, daily or weekly'),
  lang: word(SUBSCRIBER_LANGS, 'en', 'must be ko or en'),
  timezone: z.string().transform((zone, ctx) => {
    const canonical = canonicalTimeZone(zone || 'UTC')
    if (canonical === undefined) {
      ctx.addIssue({ code: 'custom', message: 'must be an IANA time zone such as Asia/Seoul' })
      return z.NEVER
    }
    return canonical
  }),
  delivery_hour: z
    .string()
    .transform((value) => value || '8')
    .pipe(z.string().regex(/^\d{1,2}$/, HOUR_PROBLEM))
    .transform(Number)
    .pipe(z.number().max(23, HOUR_PROBLEM)),
  consent: z
    .string()
    .transform((value) => value.toLowerCase())
    .pipe(z.enum([...CONSENT_YES, ...CONSENT_NO], { error: 'must be yes or no (or true/false, 1/0)' }))
    .transform((value) => CONSENT_YES.includes(value)),
})
type ImportRow = z.infer<typeof rowSchema>

/**
 * Reads an operator's CSV (header row first) into new subscriber records. Every data row ends up either
 * in `valid` or in `invalid` with its line number, never dropped. An address that appears twice is taken
 * from its first row; later rows are reported. Throws ValidationError when the file as a whole is unusable
 * (not CSV, no header, no email column).
 */
export function parseSubscriberCsv(csv: string, options: { now: Date; lang?: SubscriberLang }): ParsedImport {
  const [header, ...records] = readRecords(csv)
  if (header === undefined) {
    throw new ValidationError([
      { field: '(body)', problem: 'is empty; the first line must be a header such as "email,name,topics"' },
    ])
  }
  const { columns, ignoredColumns } = readHeader(header.fields)
  const valid: Subscriber[] = []
  const invalid: ImportProblem[] = []
  const firstLine = new Map<string, number>()

  for (const { line, fields } of records) {
    const cell = (column: ImportColumn) => {
      const index = columns.get(column)
      return index === undefined ? '' : defuse(fields[index] ?? '')
    }
    const email = cell('email')
    const reject = (problem: string) => invalid.push({ row: line, email, problem })

    const extra = fields.slice(header.fields.length).filter((field) => field.trim() !== '')
    if (extra.length > 0) {
      reject(`has ${fields.length} fields but the header names ${header.fields.length}`)
      continue
    }
    const address = normaliseEmail(email)
    const seenOn = firstLine.get(address)
    if (address !== '' && seenOn !== undefined) {
      reject(`duplicate in file (first on line ${seenOn})`)
      continue
    }
    if (address !== '') firstLine.set(address, line)

    const cells = Object.fromEntries(IMPORT_COLUMNS.map((column) => [column, cell(column)]))
    // No language given: the publication's, as the subscribe form gives a reader who chose none.
    if (cells.lang === '' && options.lang !== undefined) cells.lang = options.lang
    const result = rowSchema.safeParse(cells)
    if (result.success) valid.push(buildSubscriber(result.data, options.now))
    else
      reject(
        toFieldProblems(result.error)
          .map((p) => `${p.field}: ${p.problem}`)
          .join('; '),
      )
  }
  return { rows: records.length, valid, invalid, ignoredColumns }
}

/** A new record from a valid row: pending, unless the row says the person already opted in elsewhere. */
function buildSubscriber(row: ImportRow, now: Date): Subscriber {
  const at = now.toISOString()
  return {
    id: subscriberId(row.email),
    email: row.email,
    ...(row.name !== '' && { name: row.name }),
    topics: row.topics,
    cadence: row.cadence,
    deliveryHour: row.delivery_hour,
    timezone: row.timezone,
    lang: row.lang,
    state: row.consent ? 'confirmed' : 'pending',
    createdAt: at,
    updatedAt: at,
    ...(row.consent && { confirmedAt: at, consent: { source: 'import' as const, at } }),
    softBounces: 0,
    tokenVersion: 1,
    revision: 1,
  }
}

export interface ImportReport {
  dryRun: boolean
  rows: number
  valid: number
  /** Records written by this request (always 0 on a dry run). */
  created: number
  /** Valid rows whose address already has a record, which an import never overwrites. */
  skippedExisting: number
  invalid: ImportProblem[]
  ignoredColumns: string[]
}

// Enough parallel writes to finish a large file in seconds, few enough not to be throttled.
const CONCURRENCY = 16

/**
 * POST /api/subscribers/import and the desk's import. A dry run only reads (it still says which addresses
 * exist); a real run creates each valid row with a conditional put, so an existing address is skipped,
 * never overwritten, and running the same file again after a failure half-way is safe. Each record created
 * is an `imported` line in its history, naming who imported it.
 */
export async function importSubscribers(
  deps: {
    subscribers: SubscriberStore
    clock: Clock
    audit: AuditLog
    publication?: Pick<Publication, 'lang'>
  },
  csv: string,
  options: { dryRun: boolean; actor: Actor },
): Promise<ImportReport> {
  const lang = deps.publication === undefined ? undefined : subscriberLang(deps.publication.lang)
  const parsed = parseSubscriberCsv(csv, { now: deps.clock.now(), ...(lang !== undefined && { lang }) })
  let created = 0
  let skippedExisting = 0
  await forEachConcurrently(parsed.valid, CONCURRENCY, async (subscriber) => {
    if (options.dryRun) {
      if ((await deps.subscribers.get(subscriber.id)) !== undefined) skippedExisting++
      return
    }
    try {
      await deps.subscribers.create(subscriber)
      created++
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error
      skippedExisting++
      return
    }
    const { actor } = options
    await auditSubscriber(deps.audit, subscriber, 'imported', actor, subscriber.createdAt, subscriber.state)
  })
  return {
    dryRun: options.dryRun,
    rows: parsed.rows,
    valid: parsed.valid.length,
    created,
    skippedExisting,
    invalid: parsed.invalid,
    ignoredColumns: parsed.ignoredColumns,
  }
}

/** Runs `work` over the items, at most `limit` at a time; stops starting new ones after a failure. */
async function forEachConcurrently<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0
  let failed = false
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!
      try {
        await work(item)
      } catch (error) {
        failed = true
        throw error
      }
    }
  }
  const results = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker))
  const failure = results.find((result) => result.status === 'rejected')
  if (failure !== undefined) throw failure.reason
}

/** Records with the line each starts on; blank lines are skipped. */
function readRecords(csv: string): { line: number; fields: string[] }[] {
  let parsed: { record: string[]; info: { lines: number } }[]
  try {
    // Files from different tools mix line endings; one kind lets the parser count lines reliably.
    parsed = parse(csv.replace(/\r\n?/g, '\n'), {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof parsed
  } catch (error) {
    if (error instanceof CsvError) {
      throw new ValidationError([{ field: '(body)', problem: `is not valid CSV: ${error.message}` }])
    }
    throw error
  }
  return (
    parsed
      .filter(({ record }) => record.some((field) => field.trim() !== ''))
      // `lines` counts up to the end of the record; a quoted field may have spanned several lines.
      .map(({ record, info }) => ({
        line: info.lines - record.reduce((sum, field) => sum + (field.match(/\n/g)?.length ?? 0), 0),
        fields: record,
      }))
  )
}

function readHeader(names: string[]): { columns: Map<ImportColumn, number>; ignoredColumns: string[] } {
  const columns = new Map<ImportColumn, number>()
  const ignoredColumns: string[] = []
  names.forEach((name, index) => {
    const key = name
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_')
    const column = COLUMN_ALIASES[key] ?? IMPORT_COLUMNS.find((known) => known === key)
    if (column === undefined) {
      ignoredColumns.push(name.trim())
    } else if (columns.has(column)) {
      throw new ValidationError([{ field: 'header', problem: `names the ${column} column twice` }])
    } else {
      columns.set(column, index)
    }
  })
  if (!columns.has('email')) {
    throw new ValidationError([
      {
        field: 'header',
        problem: 'must name an email column: the first line is the header, such as "email,name,topics"',
      },
    ])
  }
  return { columns, ignoredColumns }
}

/**
 * Trims a cell and undoes the export's spreadsheet-formula escaping (a leading apostrophe before = + - @),
 * so an exported file imports back unchanged.
 */
function defuse(cell: string): string {
  const value = cell.trim()
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value
}

/** The IANA name in its usual spelling ("asia/seoul" -> "Asia/Seoul"), or undefined if there is none. */
export function canonicalTimeZone(zone: string): string | undefined {
  try {
    const canonical = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone
    // Newer engines also take UTC offsets such as "+09:00", which are not zones: they ignore summer time.
    return /^[+-]/.test(canonical) ? undefined : canonical
  } catch {
    return undefined
  }
}
