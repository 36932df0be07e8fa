import { describe, expect, it } from 'vitest'
import { DynamoDigestStore } from '../../functions/adapters/dynamodb/digest-store'
import { DynamoWarmUpStore } from '../../functions/adapters/dynamodb/warm-up-store'
import type { DigestStore } from '../../functions/core/ports'
import { subscriberId, type Subscriber } from '../../functions/core/subscriber'
import { readOutbox } from '../support/outbox'
import { drain } from '../support/queue-clock'
import { articleJson, createTestApp, FixedClock } from '../support/test-app'

// A ceiling, not an expectation: the runs wait for real MJML compiles, dynalite and the SES emulator.
const DIGEST_TEST_CEILING_MS = 120_000

type TestApp = Awaited<ReturnType<typeof createTestApp>>

// 09:00 in Seoul on 27 November, the warm-up's first day; its second day starts at 15:00 UTC.
const DAY_ONE_9AM = new Date('2026-11-27T00:00:00.000Z')
const DAY_TWO_MIDNIGHT = new Date('2026-11-27T15:00:00.000Z')

async function reader(t: TestApp, name: string, confirmedAt: string): Promise<Subscriber> {
  const email = `${name}@warm.example.com`
  const subscriber: Subscriber = {
    id: subscriberId(email),
    email,
    topics: [],
    cadence: 'daily',
    deliveryHour: 9,
    timezone: 'Asia/Seoul',
    lang: 'ko',
    state: 'confirmed',
    createdAt: confirmedAt,
    updatedAt: confirmedAt,
    confirmedAt,
    softBounces: 0,
    tokenVersion: 1,
    revision: 1,
  }
  await t.deps.subscribers.create(subscriber)
  return subscriber
}

/** How many messages each address got, from the outbox. */
async function receivedPerAddress(t: TestApp): Promise<Map<string, string[]>> {
  const received = new Map<string, string[]>()
  for (const mail of await readOutbox(t.outboxDir)) {
    const to = mail.to !== undefined && !Array.isArray(mail.to) ? mail.to.text : ''
    received.set(to, [...(received.get(to) ?? []), mail.text ?? ''])
  }
  return received
}

describe('the warm-up cap', { timeout: DIGEST_TEST_CEILING_MS }, () => {
  it('is honoured across two runs: the oldest subscribers first, the rest carried to the next day, nobody skipped or sent twice', async () => {
    // Prepare: a publication in Seoul warming up at 3 messages on its first day and 5 on its second, an
    // article at 08:00 and seven readers due at 09:00, confirmed in an order unlike their ids'.
    const t = await createTestApp({
      clock: new FixedClock(new Date('2026-11-26T23:00:00.000Z')),
      publication: { timeZone: 'Asia/Seoul' },
      env: { WARMUP_SCHEDULE: '2026-11-27:3,5' },
    })
    await t.admin('/api/articles', { method: 'POST', body: articleJson({ title: '반도체 수출 전망' }) })
    const readers = await Promise.all(
      ['g', 'c', 'e', 'a', 'f', 'b', 'd'].map((name, i) =>
        reader(t, name, `2026-0${i + 1}-01T00:00:00.000Z`),
      ),
    )
    const oldestFirst = readers.map((r) => r.email) // created in confirmation order
    t.clock.current = DAY_ONE_9AM
    const runtime = await t.digestRuntime('warm-up')

    // Act: day one's run, another run an hour later, and day two's first run.
    const first = await runtime.plan('daily', false)
    await drain(runtime.queue, t.clock)
    const afterFirst = await receivedPerAddress(t)
    t.clock.advance(3600_000)
    const sameDay = await runtime.plan('daily', false)
    await drain(runtime.queue, t.clock)
    t.clock.current = DAY_TWO_MIDNIGHT
    const second = await runtime.plan('daily', false)
    await drain(runtime.queue, t.clock)

    // Assess: day one sent to the three oldest only, and nobody else that day.
    expect(first).toMatchObject({
      planned: 3,
      digests: ['daily-2026-11-27'],
      warmUp: { day: '2026-11-27', cap: 3, plannedToday: 3, waiting: 4 },
    })
    expect([...afterFirst.keys()].sort()).toEqual(oldestFirst.slice(0, 3).sort())
    expect(sameDay).toMatchObject({ planned: 0, warmUp: { plannedToday: 3, waiting: 4 } })
    // Day two: the four carried over, in their next digest, which has the article they missed.
    expect(second).toMatchObject({
      planned: 4,
      digests: ['daily-2026-11-28'],
      warmUp: { day: '2026-11-28', cap: 5, plannedToday: 4, waiting: 0 },
    })
    const received = await receivedPerAddress(t)
    expect([...received.keys()].sort()).toEqual([...oldestFirst].sort())
    for (const [to, texts] of received) {
      expect(texts, to).toHaveLength(1)
      expect(texts[0], to).toContain('반도체 수출 전망')
    }
    const ledger = async (id: string) =>
      (await t.deps.digests.listDeliveries(id, { limit: 100 })).items.map((d) => d.state)
    expect(await ledger('daily-2026-11-27')).toEqual(['sent', 'sent', 'sent'])
    expect(await ledger('daily-2026-11-28')).toEqual(['sent', 'sent', 'sent', 'sent'])
    const counter = new DynamoWarmUpStore(t.document, t.tableName)
    expect([await counter.plannedOn('2026-11-27'), await counter.plannedOn('2026-11-28')]).toEqual([3, 4])
    console.info(
      `warm-up: day 1 cap 3 -> ${first.planned} sent (${first.warmUp?.waiting} carried); ` +
        `day 2 cap 5 -> ${second.planned} sent (${second.warmUp?.waiting} waiting); ` +
        `${readers.length} readers, ${[...received.values()].flat().length} messages, ` +
        `${[...received.values()].filter((texts) => texts.length > 1).length} sent twice`,
    )
    await runtime.stop()
  })

  it('loses nobody and never passes the cap when a run dies between its reservation and its ledger write', async () => {
    // Prepare: as above, with a planner whose first ledger write never happens (the run dies just before).
    const t = await createTestApp({
      clock: new FixedClock(new Date('2026-11-26T23:00:00.000Z')),
      publication: { timeZone: 'Asia/Seoul' },
      env: { WARMUP_SCHEDULE: '2026-11-27:3,5' },
    })
    await t.admin('/api/articles', { method: 'POST', body: articleJson({ title: '반도체 수출 전망' }) })
    const readers = await Promise.all(
      ['g', 'c', 'e', 'a', 'f', 'b', 'd'].map((name, i) =>
        reader(t, name, `2026-0${i + 1}-01T00:00:00.000Z`),
      ),
    )
    const real = new DynamoDigestStore(t.document, t.tableName)
    let died = 0
    const digests: DigestStore = Object.assign(Object.create(real) as DigestStore, {
      addDeliveries: async (...args: Parameters<DigestStore['addDeliveries']>) => {
        if (died++ === 0) throw new Error('the planner died before its ledger write')
        return real.addDeliveries(...args)
      },
    })
    const runtime = await t.digestRuntime('warm-up-crash', { overrides: { digests } })

    // Act: day one (the run dies), its retry, day two's first run, and day three's, after the schedule.
    t.clock.current = DAY_ONE_9AM
    await expect(runtime.plan('daily', false)).rejects.toThrow('died before its ledger write')
    t.clock.advance(30 * 60_000)
    const retry = await runtime.plan('daily', false)
    await drain(runtime.queue, t.clock)
    t.clock.current = DAY_TWO_MIDNIGHT
    const dayTwo = await runtime.plan('daily', false)
    await drain(runtime.queue, t.clock)
    const afterDayTwo = await receivedPerAddress(t)
    t.clock.current = new Date(DAY_TWO_MIDNIGHT.getTime() + 24 * 3600_000)
    const dayThree = await runtime.plan('daily', false)
    await drain(runtime.queue, t.clock)

    // Assess: day one's cap went to the run that died, so nobody got a message that day, and nobody was lost.
    expect(retry).toMatchObject({ planned: 0, warmUp: { cap: 3, plannedToday: 3, waiting: 7 } })
    expect(dayTwo).toMatchObject({ planned: 5, warmUp: { cap: 5, plannedToday: 5, waiting: 2 } })
    expect([...afterDayTwo.keys()].sort()).toEqual(
      readers
        .slice(0, 5)
        .map((r) => r.email)
        .sort(),
    )
    // Day three is past the schedule: no cap, and the queue is emptied.
    expect(dayThree).toMatchObject({ planned: 2, digests: ['daily-2026-11-29'], warmUp: { waiting: 0 } })
    expect(dayThree.warmUp?.cap).toBeUndefined()
    const received = await receivedPerAddress(t)
    expect(received.size).toBe(7)
    for (const [to, texts] of received) {
      expect(texts, to).toHaveLength(1)
      expect(texts[0], to).toContain('반도체 수출 전망')
    }
    await runtime.stop()
  })

  it('counts each instant email, and plans an instant reader’s articles together or not at all', async () => {
    // Prepare: two articles for three instant readers (six emails) under a cap of 5, then 10.
    const t = await createTestApp({
      clock: new FixedClock(new Date('2026-11-26T23:00:00.000Z')),
      publication: { timeZone: 'Asia/Seoul' },
      env: { WARMUP_SCHEDULE: '2026-11-27:5,10' },
    })
    const readers = await Promise.all(
      ['b', 'a', 'c'].map((name, i) => reader(t, `instant-${name}`, `2026-0${i + 1}-01T00:00:00.000Z`)),
    )
    for (const r of readers) {
      await t.deps.subscribers.replace({ ...r, cadence: 'instant', revision: 2 }, 1)
    }
    t.clock.advance(60_000)
    await t.admin('/api/articles', { method: 'POST', body: articleJson({ title: '첫째 글', slug: 'first' }) })
    t.clock.advance(60_000)
    await t.admin('/api/articles', {
      method: 'POST',
      body: articleJson({ title: '둘째 글', slug: 'second' }),
    })
    t.clock.current = DAY_ONE_9AM
    const runtime = await t.digestRuntime('warm-up-instant')

    // Act
    const dayOne = await runtime.plan('instant', false)
    await drain(runtime.queue, t.clock)
    const afterDayOne = await receivedPerAddress(t)
    t.clock.current = DAY_TWO_MIDNIGHT
    const dayTwo = await runtime.plan('instant', false)
    await drain(runtime.queue, t.clock)

    // Assess: 5 allowed, so the two oldest got both articles and the third waited with both.
    expect(dayOne).toMatchObject({ planned: 4, warmUp: { cap: 5, plannedToday: 5, waiting: 1 } })
    expect([...afterDayOne.keys()].sort()).toEqual([readers[0]!.email, readers[1]!.email].sort())
    expect(dayTwo).toMatchObject({ planned: 2, warmUp: { cap: 10, plannedToday: 2, waiting: 0 } })
    const received = await receivedPerAddress(t)
    for (const r of readers) expect(received.get(r.email), r.email).toHaveLength(2)
    await runtime.stop()
  })
})
