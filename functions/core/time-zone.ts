import { Temporal } from 'temporal-polyfill'

/** True for a time zone Intl knows by its IANA name ("Asia/Seoul", "UTC"); the one rule for every door. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/**
 * The wall-clock date and time of a moment in a time zone, to the minute, as an HTML date-and-time field
 * shows it ("2026-11-28T10:00"); parseTimestamp(value, { timeZone }) reads it back.
 */
export function wallClockIn(iso: string, zone: string): string {
  return Temporal.Instant.from(iso)
    .toZonedDateTimeISO(zone)
    .toPlainDateTime()
    .toString({ smallestUnit: 'minute' })
}
