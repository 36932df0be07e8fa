import { describe, expect, it } from 'vitest'
import { backoffDelay, retrying, type RetryPolicy } from '../../functions/adapters/retry-policy'

const policy: RetryPolicy = { tries: 4, firstDelayMs: 100, maxDelayMs: 300 }

class Flaky extends Error {}

/** Waits that take no time and write down what they were asked for; `random` is fixed. */
function recordedWaits(random = 1) {
  const sleeps: number[] = []
  return {
    sleeps,
    waits: {
      sleep: async (ms: number) => {
        sleeps.push(ms)
      },
      random: () => random,
    },
  }
}

/** An attempt that throws the given errors in turn, then resolves with the try number. */
function failing(...errors: unknown[]) {
  const tries: number[] = []
  return {
    tries,
    attempt: async (tryNumber: number) => {
      tries.push(tryNumber)
      if (tries.length <= errors.length) throw errors[tries.length - 1]
      return `done on try ${tryNumber}`
    },
  }
}

describe('retrying', () => {
  it('tries again after a retryable error and returns the first success', async () => {
    const { waits, sleeps } = recordedWaits()
    const run = failing(new Flaky('1'), new Flaky('2'))

    const result = await retrying(run.attempt, policy, { retryable: (e) => e instanceof Flaky, waits })

    expect(result).toBe('done on try 3')
    expect(run.tries).toEqual([1, 2, 3])
    expect(sleeps).toEqual([100, 200])
  })

  it('gives up after the policy’s tries, throwing the last error as it was thrown', async () => {
    const { waits, sleeps } = recordedWaits()
    const last = new Flaky('4')
    const run = failing(new Flaky('1'), new Flaky('2'), new Flaky('3'), last, new Flaky('never'))

    const outcome = retrying(run.attempt, policy, { retryable: (e) => e instanceof Flaky, waits })

    await expect(outcome).rejects.toBe(last)
    expect(run.tries).toEqual([1, 2, 3, 4])
    // No wait after the last try: giving up is immediate. The third wait is capped at maxDelayMs.
    expect(sleeps).toEqual([100, 200, 300])
  })

  it('throws an error that is not retryable at once, without waiting', async () => {
    const { waits, sleeps } = recordedWaits()
    const fatal = new Error('validation')
    const run = failing(new Flaky('1'), fatal)

    await expect(retrying(run.attempt, policy, { retryable: (e) => e instanceof Flaky, waits })).rejects.toBe(
      fatal,
    )
    expect(run.tries).toEqual([1, 2])
    expect(sleeps).toEqual([100])
  })

  it('asks the predicate about exactly what was thrown, TypeErrors and non-errors included', async () => {
    const { waits } = recordedWaits()
    const seen: unknown[] = []
    const run = failing(new TypeError('fetch failed'), 'a string')

    const result = await retrying(run.attempt, policy, {
      retryable: (e) => {
        seen.push(e)
        return true
      },
      waits,
    })

    expect(result).toBe('done on try 3')
    expect(seen).toEqual([new TypeError('fetch failed'), 'a string'])
  })

  it('tries once when the policy allows one try', async () => {
    const { waits, sleeps } = recordedWaits()
    const only = new Flaky('1')
    const run = failing(only)

    await expect(
      retrying(run.attempt, { ...policy, tries: 1 }, { retryable: () => true, waits }),
    ).rejects.toBe(only)
    expect(run.tries).toEqual([1])
    expect(sleeps).toEqual([])
  })
})

describe('backoffDelay', () => {
  it('doubles its ceiling per retry up to the cap, and jitters anywhere below it', () => {
    const ceilings = [1, 2, 3, 4].map((retry) => backoffDelay(policy, retry, () => 1))
    expect(ceilings).toEqual([100, 200, 300, 300])
    expect(backoffDelay(policy, 2, () => 0.25)).toBe(50)
    expect(backoffDelay(policy, 2, () => 0)).toBe(0)
  })
})
