/** True for a time zone Intl knows by its IANA name ("Asia/Seoul", "UTC"); the one rule for every door. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}
