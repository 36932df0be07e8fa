import { Temporal } from 'temporal-polyfill'
import { z } from 'zod'

const EARLIEST = Date.UTC(1970, 0, 1)
const LATEST = Date.UTC(10000, 0, 1) - 1
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/
// "2026-11-27 09:00:00 +0900" (Jekyll's spelling): the space before the offset is the only liberty taken.
const SPACE_BEFORE_OFFSET = /^(\S+[ T]\S+) ([+-]\d{2}:?\d{2}|Z)$/i

const EXAMPLE = 'such as 2026-11-27 or 2026-11-27T09:00:00+09:00'

/**
 * The one rule for a point in time an editor gives (publishedAt, from JSON or front matter): an ISO 8601 /
 * RFC 3339 date, or a date-time with an offset, on the real calendar, in the years 1970 to 9999. Parsed
 * by Temporal, whose grammar is strict, never by `new Date(string)`, which turns "2026-02-30" into March
 * and "Version 2" into 2001. A date alone means midnight UTC; a time without an offset is refused, since
 * "09:00" in Seoul and in London are different moments, unless the door names the zone it was written in
 * (`timeZone`: the desk's date-and-time field, in the publication's time zone). Returns the UTC ISO string
 * that is stored, or a problem in words an editor can act on.
 */
export function parseTimestamp(
  value: unknown,
  options: { timeZone?: string } = {},
): { iso: string } | { problem: string } {
  let ms: number
  if (value instanceof Date) {
    ms = value.getTime()
  } else if (typeof value === 'string') {
    const text = value.trim().replace(SPACE_BEFORE_OFFSET, '$1$2')
    try {
      ms = DATE_ONLY.test(text)
        ? Temporal.PlainDate.from(text).toZonedDateTime('UTC').epochMilliseconds
        : Temporal.Instant.from(text).epochMilliseconds
    } catch {
      const zoned = options.timeZone === undefined ? undefined : wallClock(text, options.timeZone)
      if (zoned === undefined) return { problem: explain(text) }
      ms = zoned
    }
  } else {
    return { problem: `must be a date ${EXAMPLE}` }
  }
  if (Number.isNaN(ms)) return { problem: `must be a date ${EXAMPLE}` }
  if (ms < EARLIEST || ms > LATEST) return { problem: 'must be in the years 1970 to 9999' }
  return { iso: new Date(ms).toISOString() }
}

/**
 * A date and time without an offset read as the wall clock of `timeZone`; in a gap of a change to summer
 * time the later reading, in an overlap the earlier (Temporal's 'compatible', as calendars do).
 */
function wallClock(text: string, timeZone: string): number | undefined {
  try {
    return Temporal.PlainDateTime.from(text).toZonedDateTime(timeZone).epochMilliseconds
  } catch {
    return undefined
  }
}

function explain(text: string): string {
  try {
    // Tells "not a date at all" from "a date and time without an offset" or "a day the calendar lacks".
    Temporal.PlainDateTime.from(text)
    return `needs an offset, such as 2026-11-27T09:00:00+09:00 or 2026-11-27T00:00:00Z`
  } catch (error) {
    const detail = error instanceof RangeError && /^Invalid /.test(error.message) ? ` (${error.message})` : ''
    return `must be a real date ${EXAMPLE}${detail}`
  }
}

/** parseTimestamp as a zod field. */
export const timestampSchema = z.unknown().transform((value, ctx) => {
  const result = parseTimestamp(value)
  if ('problem' in result) {
    ctx.addIssue({ code: 'custom', message: result.problem })
    return z.NEVER
  }
  return result.iso
})
