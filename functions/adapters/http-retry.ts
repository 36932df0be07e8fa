/** How a notification endpoint (a WebSub hub, IndexNow) is tried: per attempt, how often, how far apart. */
export interface RetryOptions {
  /** Per attempt; an endpoint slower than this is tried again, never waited on by the editor. */
  timeoutMs?: number
  attempts?: number
  /** First retry delay; doubles each time, with jitter. */
  backoffMs?: number
  fetch?: typeof fetch
}

/** accepted: a 2xx. refused: a 4xx other than 429, which no retry changes. unreachable: gave up. */
export type PostOutcome = { kind: 'accepted' } | { kind: 'refused'; status: number } | { kind: 'unreachable' }

/**
 * POSTs until the endpoint answers for good: 5xx, 429, timeouts and network errors are tried again with
 * exponential backoff and jitter, up to `attempts` times. Shared by the WebSub and IndexNow pingers, so a
 * search engine's outage is ridden out exactly as a hub's is.
 */
export async function postWithRetries(
  url: string,
  init: { headers: Record<string, string>; body: string | URLSearchParams },
  options: RetryOptions = {},
): Promise<PostOutcome> {
  const { timeoutMs = 5_000, attempts = 4, backoffMs = 500, fetch: fetchFn = fetch } = options
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await fetchFn(url, {
        method: 'POST',
        ...init,
        signal: AbortSignal.timeout(timeoutMs),
      })
      await response.body?.cancel()
      if (response.ok) return { kind: 'accepted' }
      if (response.status < 500 && response.status !== 429)
        return { kind: 'refused', status: response.status }
    } catch {
      // Timeout or network error: retried below.
    }
    if (attempt < attempts) {
      const delay = backoffMs * 2 ** (attempt - 1)
      await new Promise((resolve) => setTimeout(resolve, delay / 2 + Math.random() * delay))
    }
  }
  return { kind: 'unreachable' }
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
