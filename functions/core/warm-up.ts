/**
 * The warm-up cap: how many digest messages a new sending domain may send on each day of its first weeks
 * (decision 024). A schedule is a start date and one cap per day from it; the day after the last cap, the
 * cap lifts. Days are calendar days in the publication's time zone, the one the operator plans in.
 */
import { Temporal } from 'temporal-polyfill'

export interface WarmUpSchedule {
  /** The first day of the warm-up, a calendar date in the publication's time zone ("2026-12-01"). */
  start: string
  /** Messages allowed on the first day, the second, and so on; none after the last. */
  caps: number[]
}

/** One day of the warm-up: its date (the counter's key) and its cap, or no cap once the schedule is over. */
export interface WarmUpDay {
  day: string
  cap: number | undefined
}

const SCHEDULE = /^(\d{4}-\d{2}-\d{2})\s*:\s*(\d+(?:\s*,\s*\d+)*)$/
export const WARM_UP_EXAMPLE = '2026-12-01:50,100,500,1000,5000'
const MAX_CAP = 10_000_000

/**
 * The one rule for a warm-up schedule: `<start date>:<cap of day 1>,<cap of day 2>,…`, e.g.
 * `2026-12-01:50,100,500,1000,5000`. Each cap a whole number from 1 up, never falling (a warm-up only
 * rises); the date a real calendar date. Returns the schedule, or a problem in words an operator can act on.
 */
export function parseWarmUpSchedule(text: string): WarmUpSchedule | { problem: string } {
  const match = SCHEDULE.exec(text.trim())
  if (match === null) {
    return { problem: `must be a start date and daily caps, such as ${WARM_UP_EXAMPLE}` }
  }
  let start: string
  try {
    start = Temporal.PlainDate.from(match[1]!, { overflow: 'reject' }).toString()
  } catch {
    return { problem: `${match[1]} is not a calendar date (such as ${WARM_UP_EXAMPLE})` }
  }
  const caps = match[2]!.split(',').map((cap) => Number(cap.trim()))
  if (caps.some((cap) => cap < 1 || cap > MAX_CAP)) {
    return { problem: `each daily cap must be from 1 to ${MAX_CAP.toLocaleString('en')}` }
  }
  if (caps.some((cap, i) => i > 0 && cap < caps[i - 1]!)) {
    return { problem: 'daily caps must not fall from one day to the next (a warm-up only rises)' }
  }
  return { start, caps }
}

/**
 * The warm-up day `now` falls on in `timeZone`, and its cap: the first day's cap before the start (a
 * domain never sends more before its warm-up than on its first day), none after the last day.
 */
export function warmUpDay(schedule: WarmUpSchedule, now: Date, timeZone: string): WarmUpDay {
  const today = Temporal.Instant.fromEpochMilliseconds(now.getTime())
    .toZonedDateTimeISO(timeZone)
    .toPlainDate()
  const index = Math.max(
    0,
    Temporal.PlainDate.from(schedule.start).until(today, { largestUnit: 'days' }).days,
  )
  return { day: today.toString(), cap: schedule.caps[index] }
}

/**
 * Where a subscriber waits while the day's cap is spent. Everyone owed a message is written down before
 * anything is planned, and crossed off only once their delivery is in the ledger, so a run that dies leaves
 * nobody behind. The queue orders them by `order` (carriedOrder): who has waited longest first, then the
 * oldest subscriber.
 */
export interface Carried {
  subscriberId: string
  /** carriedOrder(): when they became owed, then when they confirmed, then their id. */
  order: string
  /** Where their digest starts if they have no cursor yet (a first digest carried over a day keeps its start). */
  since: string
}

/** Who waited longest first; among those owed since the same run, the subscriber who confirmed first. */
export function carriedOrder(
  owedSince: string,
  subscriber: { id: string; confirmedAt?: string; createdAt: string },
) {
  return `${owedSince}#${subscriber.confirmedAt ?? subscriber.createdAt}#${subscriber.id}`
}
