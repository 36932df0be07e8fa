import { describe, expect, it } from 'vitest'
import { stateBeforeSuppression } from '../../functions/core/subscriber-admin'
import type { Subscriber } from '../../functions/core/subscriber'

const suppressed = (times: Partial<Pick<Subscriber, 'confirmedAt' | 'unsubscribedAt'>>): Subscriber => ({
  id: 'AAAAAAAAAAAAAAAAAAAAAA',
  email: 'reader@example.com',
  topics: [],
  cadence: 'daily',
  deliveryHour: 8,
  timezone: 'UTC',
  lang: 'ko',
  state: 'suppressed',
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-20T00:00:00.000Z',
  suppressedAt: '2026-11-20T00:00:00.000Z',
  softBounces: 3,
  tokenVersion: 1,
  revision: 5,
  ...times,
})

describe('stateBeforeSuppression: where unsuppressing returns a subscriber', () => {
  it('returns a confirmed subscriber to confirmed', () => {
    expect(stateBeforeSuppression(suppressed({ confirmedAt: '2026-11-02T00:00:00.000Z' }))).toBe('confirmed')
  })

  it('returns one who never confirmed to pending', () => {
    expect(stateBeforeSuppression(suppressed({}))).toBe('pending')
  })

  it('returns one who left after confirming to unsubscribed', () => {
    const left = suppressed({
      confirmedAt: '2026-11-02T00:00:00.000Z',
      unsubscribedAt: '2026-11-10T00:00:00.000Z',
    })
    expect(stateBeforeSuppression(left)).toBe('unsubscribed')
  })

  it('returns one who came back and confirmed again after leaving to confirmed', () => {
    const back = suppressed({
      unsubscribedAt: '2026-11-05T00:00:00.000Z',
      confirmedAt: '2026-11-10T00:00:00.000Z',
    })
    expect(stateBeforeSuppression(back)).toBe('confirmed')
  })
})
