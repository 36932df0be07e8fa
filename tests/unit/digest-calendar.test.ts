import { describe, expect, it } from 'vitest'
import { isDue, isoWeek, isoWeekDays, periodOf } from '../../functions/core/digest-calendar'

const HOUR = 3600_000

/** The hourly planner's runs (on the UTC hour, as EventBridge Scheduler starts them) from `from` for `hours`. */
function hourlyRuns(from: string, hours: number): Date[] {
  const start = new Date(from).getTime()
  return Array.from({ length: hours }, (_, i) => new Date(start + i * HOUR))
}

/** The runs over these hours that find a subscriber due, as UTC ISO strings. */
function dueRuns(
  subscriber: { timezone: string; deliveryHour: number },
  cadence: 'daily' | 'weekly',
  from: string,
  hours: number,
): string[] {
  return hourlyRuns(from, hours)
    .filter((now) => isDue(subscriber, cadence, now))
    .map((now) => now.toISOString())
}

describe('isDue', () => {
  it('is due at the delivery hour in Seoul (+09:00), once a day', () => {
    const runs = dueRuns({ timezone: 'Asia/Seoul', deliveryHour: 8 }, 'daily', '2026-11-26T00:00:00Z', 72)
    expect(runs).toEqual(['2026-11-26T23:00:00.000Z', '2026-11-27T23:00:00.000Z', '2026-11-28T23:00:00.000Z'])
  })

  it('is due in Kolkata (+05:30) at the run inside the delivery hour, half past', () => {
    const runs = dueRuns({ timezone: 'Asia/Kolkata', deliveryHour: 9 }, 'daily', '2026-11-27T00:00:00Z', 24)
    // 04:00 UTC is 09:30 in Kolkata; 03:00 UTC is 08:30, still the hour before.
    expect(runs).toEqual(['2026-11-27T04:00:00.000Z'])
  })

  it('is due in Kiritimati (+14) on its local date, the day before in UTC', () => {
    const runs = dueRuns(
      { timezone: 'Pacific/Kiritimati', deliveryHour: 7 },
      'daily',
      '2026-11-26T00:00:00Z',
      24,
    )
    expect(runs).toEqual(['2026-11-26T17:00:00.000Z'])
    expect(periodOf('daily', new Date(runs[0]!), 'Pacific/Kiritimati')).toBe('2026-11-27')
  })

  it('is due on a Monday only for weekly, the Monday in the subscriber zone', () => {
    // Sunday 2026-11-29 23:00 UTC is Monday 08:00 in Seoul; Monday 08:00 UTC is Monday in London too.
    const week = '2026-11-28T00:00:00Z'
    expect(dueRuns({ timezone: 'Asia/Seoul', deliveryHour: 8 }, 'weekly', week, 7 * 24)).toEqual([
      '2026-11-29T23:00:00.000Z',
    ])
    expect(dueRuns({ timezone: 'Europe/London', deliveryHour: 8 }, 'weekly', week, 7 * 24)).toEqual([
      '2026-11-30T08:00:00.000Z',
    ])
  })

  describe('when the clocks spring forward', () => {
    it('in New York, a delivery hour that does not exist that day (02:00) is due when the clocks resume', () => {
      // 2026-03-08: 02:00 EST becomes 03:00 EDT, at 07:00 UTC.
      const runs = dueRuns(
        { timezone: 'America/New_York', deliveryHour: 2 },
        'daily',
        '2026-03-07T00:00:00Z',
        72,
      )
      expect(runs).toEqual([
        '2026-03-07T07:00:00.000Z', // 02:00 EST
        '2026-03-08T07:00:00.000Z', // 03:00 EDT: the day still gets its digest
        '2026-03-09T06:00:00.000Z', // 02:00 EDT
      ])
    })

    it('in New York, the hour after the gap stays due for its own subscribers', () => {
      const runs = dueRuns(
        { timezone: 'America/New_York', deliveryHour: 3 },
        'daily',
        '2026-03-08T00:00:00Z',
        24,
      )
      expect(runs).toEqual(['2026-03-08T07:00:00.000Z'])
    })

    it('in London, 01:00 on 2026-03-29 is due at 02:00 BST, and 08:00 moves an hour earlier in UTC', () => {
      const from = '2026-03-28T00:00:00Z'
      expect(dueRuns({ timezone: 'Europe/London', deliveryHour: 1 }, 'daily', from, 72)).toEqual([
        '2026-03-28T01:00:00.000Z',
        '2026-03-29T01:00:00.000Z', // 02:00 BST, when the clocks resume
        '2026-03-30T00:00:00.000Z',
      ])
      expect(dueRuns({ timezone: 'Europe/London', deliveryHour: 8 }, 'daily', from, 72)).toEqual([
        '2026-03-28T08:00:00.000Z',
        '2026-03-29T07:00:00.000Z',
        '2026-03-30T07:00:00.000Z',
      ])
    })
  })

  describe('when the clocks fall back', () => {
    it('in New York, an hour that happens twice (01:00 on 2026-11-01) is due the first time only', () => {
      // 01:00 EDT is 05:00 UTC; 01:00 EST, an hour later, is 06:00 UTC.
      const runs = dueRuns(
        { timezone: 'America/New_York', deliveryHour: 1 },
        'daily',
        '2026-10-31T00:00:00Z',
        72,
      )
      expect(runs).toEqual([
        '2026-10-31T05:00:00.000Z',
        '2026-11-01T05:00:00.000Z',
        '2026-11-02T06:00:00.000Z',
      ])
    })

    it('in London, 01:00 on 2026-10-25 is due once, and the hour after it too', () => {
      const from = '2026-10-24T00:00:00Z'
      expect(dueRuns({ timezone: 'Europe/London', deliveryHour: 1 }, 'daily', from, 72)).toEqual([
        '2026-10-24T00:00:00.000Z',
        '2026-10-25T00:00:00.000Z', // 01:00 BST; 01:00 GMT an hour later is not due again
        '2026-10-26T01:00:00.000Z',
      ])
      expect(dueRuns({ timezone: 'Europe/London', deliveryHour: 2 }, 'daily', from, 72)).toEqual([
        '2026-10-24T01:00:00.000Z',
        '2026-10-25T02:00:00.000Z',
        '2026-10-26T02:00:00.000Z',
      ])
    })
  })

  it('in Seoul, which keeps no daylight saving, is due at the same UTC hour the whole year', () => {
    for (const day of ['2026-03-08', '2026-03-29', '2026-10-25', '2026-11-01']) {
      expect(dueRuns({ timezone: 'Asia/Seoul', deliveryHour: 9 }, 'daily', `${day}T00:00:00Z`, 24)).toEqual([
        `${day}T00:00:00.000Z`,
      ])
    }
  })
})

describe('periodOf', () => {
  it('is the subscriber local date for daily, not the UTC date', () => {
    const now = new Date('2026-11-27T20:00:00Z')
    expect(periodOf('daily', now, 'UTC')).toBe('2026-11-27')
    expect(periodOf('daily', now, 'Asia/Seoul')).toBe('2026-11-28')
    expect(periodOf('daily', now, 'America/New_York')).toBe('2026-11-27')
    expect(periodOf('daily', new Date('2026-11-27T18:29:00Z'), 'Asia/Kolkata')).toBe('2026-11-27')
    expect(periodOf('daily', new Date('2026-11-27T18:30:00Z'), 'Asia/Kolkata')).toBe('2026-11-28')
    expect(periodOf('daily', new Date('2026-11-27T10:00:00Z'), 'Pacific/Kiritimati')).toBe('2026-11-28')
  })

  it('is the ISO week of the local date for weekly, across the turn of a year with week 53', () => {
    const weeks = ['2026-12-27', '2026-12-28', '2026-12-31', '2027-01-01', '2027-01-03', '2027-01-04'].map(
      (day) => periodOf('weekly', new Date(`${day}T12:00:00Z`), 'UTC'),
    )
    expect(weeks).toEqual(['2026-W52', '2026-W53', '2026-W53', '2026-W53', '2026-W53', '2027-W01'])
  })

  it('puts New Year in Kiritimati in the next ISO week while New York is still in the old one', () => {
    // Sunday 2027-01-03 11:00 UTC: already Monday 2027-01-04 in Kiritimati.
    const now = new Date('2027-01-03T11:00:00Z')
    expect(periodOf('weekly', now, 'Pacific/Kiritimati')).toBe('2027-W01')
    expect(periodOf('weekly', now, 'America/New_York')).toBe('2026-W53')
  })
})

describe('isoWeek and isoWeekDays', () => {
  it('give a week its year by its Thursday', () => {
    expect(isoWeek('2026-11-27')).toBe('2026-W48')
    expect(isoWeek('2025-12-29')).toBe('2026-W01') // Monday of the week holding 1 January 2026 (a Thursday)
    expect(isoWeek('2027-01-01')).toBe('2026-W53')
  })

  it('turn a week back into its Monday and Sunday, and refuse a week the year does not have', () => {
    expect(isoWeekDays('2026-W53')).toEqual({ monday: '2026-12-28', sunday: '2027-01-03' })
    expect(isoWeekDays('2026-W01')).toEqual({ monday: '2025-12-29', sunday: '2026-01-04' })
    expect(isoWeekDays('2027-W01')).toEqual({ monday: '2027-01-04', sunday: '2027-01-10' })
    expect(isoWeekDays('2027-W53')).toBeUndefined()
    expect(isoWeekDays('2026-11-27')).toBeUndefined()
  })
})
