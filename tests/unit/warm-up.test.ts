import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../functions/config'
import { carriedOrder, parseWarmUpSchedule, warmUpDay } from '../../functions/core/warm-up'

const schedule = { start: '2026-12-01', caps: [50, 100, 500] }

describe('the warm-up schedule', () => {
  it('reads a start date and rising daily caps', () => {
    expect(parseWarmUpSchedule(' 2026-12-01 : 50, 100,500 ')).toEqual(schedule)
  })

  it.each([
    ['50,100', 'must be a start date and daily caps'],
    ['2026-12-01', 'must be a start date and daily caps'],
    ['2026-02-30:50', '2026-02-30 is not a calendar date'],
    ['2026-12-01:50,0', 'each daily cap must be from 1'],
    ['2026-12-01:100,50', 'must not fall'],
    ['2026-12-01:50,-1', 'must be a start date and daily caps'],
  ])('refuses %s, saying why', (text, problem) => {
    expect(parseWarmUpSchedule(text)).toEqual({ problem: expect.stringContaining(problem) })
  })

  it('is parsed by the configuration, which names the variable when it is wrong', () => {
    const env = { SITE_URL: 'https://news.example.com' }
    expect(loadConfig({ ...env, WARMUP_SCHEDULE: '2026-12-01:50,100,500' }).WARMUP_SCHEDULE).toEqual(schedule)
    expect(loadConfig(env).WARMUP_SCHEDULE).toBeUndefined()
    expect(() => loadConfig({ ...env, WARMUP_SCHEDULE: '2026-12-01:100,50' })).toThrow(
      'WARMUP_SCHEDULE: daily caps must not fall',
    )
  })

  it('counts days in the given time zone: the first cap before the start, none after the last day', () => {
    const at = (iso: string, zone = 'Asia/Seoul') => warmUpDay(schedule, new Date(iso), zone)
    expect(at('2026-11-20T00:00:00Z')).toEqual({ day: '2026-11-20', cap: 50 })
    // 23:30 UTC on 30 November is already 1 December in Seoul, still 30 November in UTC.
    expect(at('2026-11-30T23:30:00Z')).toEqual({ day: '2026-12-01', cap: 50 })
    expect(at('2026-11-30T23:30:00Z', 'UTC')).toEqual({ day: '2026-11-30', cap: 50 })
    expect(at('2026-12-02T15:00:00Z')).toEqual({ day: '2026-12-03', cap: 500 })
    expect(at('2026-12-03T15:00:00Z')).toEqual({ day: '2026-12-04', cap: undefined })
  })

  it('puts who has waited longest first, then who confirmed first', () => {
    const a = { id: 'a', createdAt: '2026-01-01T00:00:00.000Z', confirmedAt: '2026-05-01T00:00:00.000Z' }
    const b = { id: 'b', createdAt: '2026-03-01T00:00:00.000Z', confirmedAt: '2026-03-01T00:00:00.000Z' }
    const orders = [
      carriedOrder('2026-12-02T00:00:00.000Z', b),
      carriedOrder('2026-12-01T00:00:00.000Z', a),
      carriedOrder('2026-12-02T00:00:00.000Z', a),
    ]
    expect([...orders].sort()).toEqual([orders[1], orders[0], orders[2]])
  })
})
