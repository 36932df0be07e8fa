import { describe, expect, it } from 'vitest'
import { wallClockIn } from '../../functions/core/time-zone'
import { parseTimestamp } from '../../functions/core/timestamp'

describe('a date and time on the publication’s clock (the desk’s schedule field)', () => {
  it('reads a wall-clock time in the zone it names, and only when it names one', () => {
    expect(parseTimestamp('2026-11-28T10:00', { timeZone: 'Asia/Seoul' })).toEqual({
      iso: '2026-11-28T01:00:00.000Z',
    })
    expect(parseTimestamp('2026-11-28T10:00', { timeZone: 'UTC' })).toEqual({
      iso: '2026-11-28T10:00:00.000Z',
    })
    expect(parseTimestamp('2026-11-28T10:00')).toEqual({ problem: expect.stringMatching(/needs an offset/) })
  })

  it('keeps an explicit offset over the zone, and refuses what the calendar lacks', () => {
    expect(parseTimestamp('2026-11-28T10:00:00Z', { timeZone: 'Asia/Seoul' })).toEqual({
      iso: '2026-11-28T10:00:00.000Z',
    })
    expect(parseTimestamp('2026-02-30T10:00', { timeZone: 'Asia/Seoul' })).toEqual({
      problem: expect.stringMatching(/must be a real date/),
    })
    expect(parseTimestamp('tomorrow 10am', { timeZone: 'Asia/Seoul' })).toHaveProperty('problem')
  })

  it('takes the later reading of a time skipped by summer time, as calendars do', () => {
    // 02:30 on 8 March 2026 does not exist in New York: clocks go from 02:00 to 03:00 (EDT, UTC-4).
    expect(parseTimestamp('2026-03-08T02:30', { timeZone: 'America/New_York' })).toEqual({
      iso: '2026-03-08T07:30:00.000Z',
    })
  })

  it('shows a stored moment as the field’s value, to the minute, and reads it back to the same moment', () => {
    const shown = wallClockIn('2026-11-28T01:00:00.000Z', 'Asia/Seoul')
    expect(shown).toBe('2026-11-28T10:00')
    expect(parseTimestamp(shown, { timeZone: 'Asia/Seoul' })).toEqual({ iso: '2026-11-28T01:00:00.000Z' })
  })
})
