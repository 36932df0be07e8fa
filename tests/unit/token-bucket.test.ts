import type { SESClient } from '@aws-sdk/client-ses'
import { describe, expect, it } from 'vitest'
import { sesSendRate, TokenBucketPacer } from '../../functions/adapters/pacing/token-bucket'

/** A clock that only moves when the pacer sleeps, so every wait is exact. */
function fakeTime() {
  let now = 0
  const sleeps: number[] = []
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      now += ms
    },
    advance: (ms: number) => {
      now += ms
    },
    sleeps,
  }
}

describe('TokenBucketPacer', () => {
  it('lets a burst through at once, then spaces sends at the rate', async () => {
    const time = fakeTime()
    const pacer = new TokenBucketPacer({ ratePerSecond: 10, burst: 3, now: time.now, sleep: time.sleep })
    const grantedAt: number[] = []

    for (let i = 0; i < 6; i++) {
      await pacer.acquire()
      grantedAt.push(time.now())
    }

    expect(grantedAt).toEqual([0, 0, 0, 100, 200, 300])
  })

  it('refills while idle, but never beyond the burst', async () => {
    const time = fakeTime()
    const pacer = new TokenBucketPacer({ ratePerSecond: 5, burst: 2, now: time.now, sleep: time.sleep })
    await pacer.acquire()
    await pacer.acquire()

    time.advance(10_000)
    const grantedAt: number[] = []
    for (let i = 0; i < 3; i++) {
      await pacer.acquire()
      grantedAt.push(time.now())
    }

    expect(grantedAt).toEqual([10_000, 10_000, 10_200])
  })

  it('serves concurrent callers in the order they asked, one token each', async () => {
    const time = fakeTime()
    const pacer = new TokenBucketPacer({ ratePerSecond: 2, burst: 1, now: time.now, sleep: time.sleep })
    const order: string[] = []

    await Promise.all(
      ['a', 'b', 'c', 'd'].map((name) => pacer.acquire().then(() => order.push(`${name}@${time.now()}`))),
    )

    expect(order).toEqual(['a@0', 'b@500', 'c@1000', 'd@1500'])
  })

  it('keeps a fractional rate: one send every 4 seconds at 0.25 per second', async () => {
    const time = fakeTime()
    const pacer = new TokenBucketPacer({ ratePerSecond: 0.25, now: time.now, sleep: time.sleep })

    await pacer.acquire()
    await pacer.acquire()

    expect(time.now()).toBe(4_000)
  })

  it('refuses a rate of zero', () => {
    expect(() => new TokenBucketPacer({ ratePerSecond: 0 })).toThrow(RangeError)
  })
})

describe('sesSendRate', () => {
  const clientAnswering = (answer: () => Promise<unknown>) =>
    ({ send: () => answer() }) as unknown as SESClient

  it("reads the account's limits from GetSendQuota", async () => {
    const client = clientAnswering(async () => ({
      MaxSendRate: 14,
      Max24HourSend: 50_000,
      SentLast24Hours: 1_200,
    }))

    expect(await sesSendRate(client, { maxSendRate: 1 })).toEqual({
      maxSendRate: 14,
      max24HourSend: 50_000,
      sentLast24Hours: 1_200,
      source: 'ses',
    })
  })

  it('falls back to the configured rate when SES cannot answer (the local emulator)', async () => {
    const client = clientAnswering(async () => {
      throw new Error('404 Not Found')
    })

    expect(await sesSendRate(client, { maxSendRate: 7 })).toEqual({
      maxSendRate: 7,
      max24HourSend: -1,
      sentLast24Hours: 0,
      source: 'configured',
    })
  })
})
