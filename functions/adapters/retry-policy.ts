import { setTimeout } from 'node:timers/promises'
import pRetry from 'p-retry'

/**
 * How often and how patiently an adapter tries again. Every retry loop in Pressroom has this one shape
 * (exponential backoff with full jitter, as AWS advises for its own APIs); only the numbers differ.
 */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  tries: number
  /** Ceiling of the wait before the second try; it doubles for each later try. */
  firstDelayMs: number
  /** No wait is longer than this. */
  maxDelayMs: number
}

/** Where the waits come from: real time at the entry points, an instant one in tests that need it. */
export interface RetryWaits {
  sleep: (ms: number) => Promise<void>
  /** In [0, 1), like Math.random. */
  random: () => number
}

export const realWaits: RetryWaits = {
  sleep: async (ms) => {
    await setTimeout(ms)
  },
  random: Math.random,
}

export interface RetryOptions {
  /** Whether this error may go away on another try; any other error is thrown at once. */
  retryable: (error: unknown) => boolean
  waits?: RetryWaits
}

/**
 * The wait before try number `retry + 1` (so `retry` is 1 before the second try): anywhere from nothing to
 * firstDelayMs × 2^(retry − 1), capped at maxDelayMs. Full jitter keeps many callers that failed together
 * from coming back together.
 */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number): number {
  return random() * Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (retry - 1))
}

/** Carries whatever `attempt` threw through p-retry unchanged (p-retry would wrap a non-Error, skip a TypeError). */
class Failure extends Error {
  constructor(readonly thrown: unknown) {
    super('attempt failed')
  }
}

/**
 * Runs `attempt` (given its 1-based number) until it resolves, the policy's tries are spent, or it throws an
 * error that is not retryable; then throws the last error exactly as `attempt` threw it.
 */
export async function retrying<T>(
  attempt: (tryNumber: number) => Promise<T>,
  policy: RetryPolicy,
  options: RetryOptions,
): Promise<T> {
  const waits = options.waits ?? realWaits
  try {
    return await pRetry(
      async (tryNumber) => {
        try {
          return await attempt(tryNumber)
        } catch (error) {
          throw new Failure(error)
        }
      },
      {
        retries: policy.tries - 1,
        // p-retry's own timer stays off: the wait is taken below, from the injected waits.
        minTimeout: 0,
        shouldRetry: async ({ error, attemptNumber }) => {
          if (!options.retryable((error as Failure).thrown)) return false
          await waits.sleep(backoffDelay(policy, attemptNumber, waits.random))
          return true
        },
      },
    )
  } catch (error) {
    throw error instanceof Failure ? error.thrown : error
  }
}
