/**
 * The digest calendar: when a subscriber's digest is due and which period (a local date, or an ISO week)
 * a run belongs to, in the subscriber's time zone. The one place that does calendar arithmetic for
 * digests; Temporal does the time-zone and ISO-week rules, so none of them is written by hand here.
 */
import { Temporal } from 'temporal-polyfill'
import type { Subscriber } from './subscriber'

export type CalendarCadence = 'daily' | 'weekly'

const ISO_WEEK = /^(\d{4})-W(\d{2})$/
const MONDAY = 1

/**
 * Daily: `now` falls in the hour that starts at the subscriber's delivery hour on their local date.
 * Weekly: the same, on a Monday. The hourly planner run therefore finds each subscriber due exactly once
 * a day, also on the days the clocks change: a delivery hour that does not exist that day (02:00 when the
 * clocks spring forward) starts when the clocks resume (03:00), and an hour that happens twice (01:00 when
 * they fall back) is due the first time only.
 */
export function isDue(
  subscriber: Pick<Subscriber, 'timezone' | 'deliveryHour'>,
  cadence: CalendarCadence,
  now: Date,
): boolean {
  const local = zonedNow(now, subscriber.timezone)
  const start = deliveryStart(local.toPlainDate(), subscriber.deliveryHour, subscriber.timezone)
  const at = now.getTime()
  if (at < start || at >= start + 3600_000) return false
  return cadence === 'daily' || local.dayOfWeek === MONDAY
}

/** The digest's period in the subscriber's zone: a local date ("2026-11-27") for daily, an ISO week ("2026-W48") for weekly. */
export function periodOf(cadence: CalendarCadence, now: Date, timezone: string): string {
  const date = zonedNow(now, timezone).toPlainDate()
  return cadence === 'daily' ? date.toString() : isoWeek(date)
}

/** "2026-11-27" (or a PlainDate) -> "2026-W48": ISO 8601 weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(date: string | Temporal.PlainDate): string {
  const day = typeof date === 'string' ? Temporal.PlainDate.from(date) : date
  return `${day.yearOfWeek}-W${String(day.weekOfYear).padStart(2, '0')}`
}

/** The Monday and Sunday ("2026-11-23", "2026-11-29") of an ISO week ("2026-W48"); undefined for anything else. */
export function isoWeekDays(week: string): { monday: string; sunday: string } | undefined {
  const match = ISO_WEEK.exec(week)
  if (match === null) return undefined
  // 4 January is always in week 1.
  const january4 = Temporal.PlainDate.from({ year: Number(match[1]), month: 1, day: 4 })
  const monday = january4.subtract({ days: january4.dayOfWeek - 1 }).add({ weeks: Number(match[2]) - 1 })
  if (isoWeek(monday) !== week) return undefined // "2027-W53": 2027 has 52 weeks
  return { monday: monday.toString(), sunday: monday.add({ days: 6 }).toString() }
}

/** When the delivery hour starts on a local date; a missing hour starts when the clocks resume. */
function deliveryStart(date: Temporal.PlainDate, hour: number, timeZone: string): number {
  return date.toZonedDateTime({ timeZone, plainTime: { hour } }).epochMilliseconds
}

// A run asks for every subscriber, with one `now`: each zone is converted once per run.
let cachedFor = Number.NaN
const zoned = new Map<string, Temporal.ZonedDateTime>()

function zonedNow(now: Date, timeZone: string): Temporal.ZonedDateTime {
  if (now.getTime() !== cachedFor) {
    zoned.clear()
    cachedFor = now.getTime()
  }
  let local = zoned.get(timeZone)
  if (local === undefined) {
    local = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(timeZone)
    zoned.set(timeZone, local)
  }
  return local
}
