import { describe, expect, it } from 'vitest'
import type { Digest } from '../../functions/core/digest'
import {
  LEASE_WAIT_STEP_MS,
  LEASE_WAIT_TRIES,
  LeaseBusyError,
  LeaseLostError,
  PLANNING_LEASE_MS,
} from '../../functions/core/planning-lease'
import { PlanningLeases } from '../../functions/core/planning-lease'
import { createTestApp, FixedClock } from '../support/test-app'

const DIGEST = 'daily-2026-11-27'

const digest: Digest = {
  id: DIGEST,
  cadence: 'daily',
  period: '2026-11-27',
  state: 'planning',
  createdAt: '2026-11-27T08:00:00.000Z',
  updatedAt: '2026-11-27T08:00:00.000Z',
  counts: { planned: 0, sent: 0, failed: 0, skipped: 0 },
}

/** Two planning runs on one real store and one test clock; their sleeps move the clock instead of waiting. */
async function twoRuns() {
  const clock = new FixedClock(new Date('2026-11-27T08:00:00.000Z'))
  const t = await createTestApp({ clock })
  await t.deps.digests.ensureDigest(digest)
  const slept: number[] = []
  const run = (id: string, sleep = async (ms: number) => (slept.push(ms), clock.advance(ms))) =>
    new PlanningLeases({ digests: t.deps.digests, clock, sleep, newId: () => id })
  return { clock, slept, first: run('first'), second: run('second'), run }
}

describe('planning lease', () => {
  it('names its holder with the injected id', async () => {
    const { first } = await twoRuns()
    expect(first.holder).toBe('plan-first')
  })

  it('makes a second run wait, on the injected sleep, until the first run lease runs out', async () => {
    const { first, second, slept } = await twoRuns()
    await first.take(DIGEST)

    await second.take(DIGEST) // the first run died without releasing: its lease expires

    expect(second.holds(DIGEST)).toBe(true)
    // Taken once the lease's end has passed (plannedUntil < now), a step after it.
    expect(slept).toEqual(Array(PLANNING_LEASE_MS / LEASE_WAIT_STEP_MS + 1).fill(LEASE_WAIT_STEP_MS))
  })

  it('lets the next run in at once when the holder releases', async () => {
    const { first, second, slept } = await twoRuns()
    await first.take(DIGEST)
    await first.releaseAll()

    await second.take(DIGEST)

    expect(slept).toEqual([])
  })

  it('gives up with LeaseBusyError after its tries while another run keeps the lease', async () => {
    const { first, run } = await twoRuns()
    await first.take(DIGEST)
    let slept = 0
    const patient = run('patient', async () => {
      slept++ // the clock stands still: the first run's lease never runs out
    })

    await expect(patient.take(DIGEST)).rejects.toBeInstanceOf(LeaseBusyError)
    expect(slept).toBe(LEASE_WAIT_TRIES)
    expect(patient.holds(DIGEST)).toBe(false)
  })

  it('tries without waiting, and renews only once a third of the lease has gone', async () => {
    const { first, second, clock, slept } = await twoRuns()
    await first.take(DIGEST)
    expect(await second.tryTake(DIGEST)).toBe(false)

    clock.advance(PLANNING_LEASE_MS / 3 - 1)
    await first.renew(DIGEST) // too early: nothing written, so the lease still ends at 08:01:00
    clock.advance(PLANNING_LEASE_MS - PLANNING_LEASE_MS / 3 + 2)
    expect(await second.tryTake(DIGEST)).toBe(true)
    expect(slept).toEqual([])
  })

  it('stops a run with LeaseLostError when its lease ran out and another run took it', async () => {
    const { first, second, clock } = await twoRuns()
    await first.take(DIGEST)
    clock.advance(PLANNING_LEASE_MS + 1)
    expect(await second.tryTake(DIGEST)).toBe(true)

    await expect(first.renew(DIGEST)).rejects.toBeInstanceOf(LeaseLostError)
  })
})
