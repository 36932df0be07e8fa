import { retrying, type RetryWaits } from './retry-policy'

/** How a notification endpoint (a WebSub hub, IndexNow) is tried: per attempt, how often, how far apart. */
export interface RetryOptions {
  /** Per attempt; an endpoint slower than this is tried again, never waited on by the editor. */
  timeoutMs?: number
  /** Tries in all (default 4). */
  attempts?: number
  /** Ceiling of the first retry's wait (default 1 s); doubles each time, with full jitter (retry-policy.ts). */
  backoffMs?: number
  waits?: RetryWaits
  fetch?: typeof fetch
}

/** accepted: a 2xx. refused: a 4xx other than 429, which no retry changes. unreachable: gave up. */
export type PostOutcome = { kind: 'accepted' } | { kind: 'refused'; status: number } | { kind: 'unreachable' }

/** The endpoint did not take the POST this time (timeout, network error, 5xx, 429); another try may help. */
class Unavailable extends Error {}

/**
 * POSTs until the endpoint answers for good: 5xx, 429, timeouts and network errors are tried again on the
 * one retry policy (retry-policy.ts), up to `attempts` times. Shared by the WebSub and IndexNow pingers, so
 * a search engine's outage is ridden out exactly as a hub's is.
 */
export async function postWithRetries(
  url: string,
  init: { headers: Record<string, string>; body: string | URLSearchParams },
  options: RetryOptions = {},
): Promise<PostOutcome> {
  const { timeoutMs = 5_000, attempts = 4, backoffMs = 1_000, fetch: fetchFn = fetch, waits } = options
  const once = async (): Promise<PostOutcome> => {
    let response: Response
    try {
      response = await fetchFn(url, { method: 'POST', ...init, signal: AbortSignal.timeout(timeoutMs) })
      await response.body?.cancel()
    } catch (error) {
      throw new Unavailable(`Timeout or network error: ${String(error)}`, { cause: error })
    }
    if (response.ok) return { kind: 'accepted' }
    if (response.status < 500 && response.status !== 429) return { kind: 'refused', status: response.status }
    throw new Unavailable(`The endpoint answered ${response.status}`)
  }
  try {
    return await retrying(
      once,
      { tries: attempts, firstDelayMs: backoffMs, maxDelayMs: Number.POSITIVE_INFINITY },
      { retryable: (error) => error instanceof Unavailable, ...(waits && { waits }) },
    )
  } catch (error) {
    if (error instanceof Unavailable) return { kind: 'unreachable' }
    throw error
  }
}

/** Promises started in the background, kept so shutdown and tests can wait for them (idle). */
export class BackgroundWork {
  private readonly pending = new Set<Promise<void>>()

  start(work: Promise<unknown>): void {
    const pending: Promise<void> = work.then(
      () => undefined,
      () => undefined,
    )
    const tracked = pending.finally(() => this.pending.delete(tracked))
    this.pending.add(tracked)
  }

  /** Resolves when everything started so far has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending])
  }
}
