import type { FeedChangeListener, Pinger } from '../../core/ports'

export interface HubPingerOptions {
  /** Per attempt; a hub slower than this is tried again, never waited on by the editor. */
  timeoutMs?: number
  attempts?: number
  /** First retry delay; doubles each time, with jitter. */
  backoffMs?: number
  fetch?: typeof fetch
  log?: (entry: Record<string, unknown>) => void
}

/**
 * Tells WebSub hubs that feeds changed (a "publish" ping: hub.mode=publish, hub.url=<topic>), in the
 * background with retries and a timeout, so a slow or broken hub never delays or fails an editor's write.
 */
export class HubPinger implements FeedChangeListener, Pinger {
  private readonly pending = new Set<Promise<void>>()
  private readonly timeoutMs: number
  private readonly attempts: number
  private readonly backoffMs: number
  private readonly fetch: typeof fetch
  private readonly log: (entry: Record<string, unknown>) => void

  constructor(
    private readonly hubs: string[],
    options: HubPingerOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 5_000
    this.attempts = options.attempts ?? 4
    this.backoffMs = options.backoffMs ?? 500
    this.fetch = options.fetch ?? fetch
    this.log = options.log ?? ((entry) => console.log(JSON.stringify(entry)))
  }

  /** In the background (npm start): the editor's request never waits on a hub. */
  feedsChanged(topicUrls: string[]): void {
    const pings = this.pingAll(topicUrls).then(() => undefined)
    const pending = pings.finally(() => this.pending.delete(pending))
    this.pending.add(pending)
  }

  /**
   * Pings every hub about every topic now, each with its retries; resolves true when all were accepted or
   * refused for good (a 4xx), false when some hub stayed unreachable. For the Lambda that works through
   * the feed-change queue (functions/websub/), which may wait and have SQS try again later.
   */
  async pingAll(topicUrls: string[]): Promise<boolean> {
    const results = await Promise.all(
      this.hubs.flatMap((hub) => topicUrls.map((topic) => this.ping(hub, topic))),
    )
    return results.every(Boolean)
  }

  /** Resolves when every ping sent so far has succeeded or given up (for shutdown and tests). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending])
  }

  /** True when the hub took the ping or refused it for good; false when it stayed unreachable. */
  private async ping(hub: string, topic: string): Promise<boolean> {
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      try {
        const response = await this.fetch(hub, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': topic }),
          signal: AbortSignal.timeout(this.timeoutMs),
        })
        await response.body?.cancel()
        if (response.ok) return true
        // A 4xx other than 429 will not change on retry: the hub refuses this topic.
        if (response.status < 500 && response.status !== 429) {
          this.log({ level: 'warn', message: 'WebSub hub refused ping', hub, topic, status: response.status })
          return true
        }
      } catch {
        // Timeout or network error: retried below.
      }
      if (attempt < this.attempts) {
        const delay = this.backoffMs * 2 ** (attempt - 1)
        await new Promise((resolve) => setTimeout(resolve, delay / 2 + Math.random() * delay))
      }
    }
    this.log({
      level: 'error',
      message: 'WebSub hub unreachable; gave up',
      hub,
      topic,
      attempts: this.attempts,
    })
    return false
  }
}
