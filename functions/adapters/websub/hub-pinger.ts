import type { FeedChangeListener, Pinger } from '../../core/ports'
import { retrying, type RetryWaits } from '../retry-policy'

export interface HubPingerOptions {
  /** Per attempt; a hub slower than this is tried again, never waited on by the editor. */
  timeoutMs?: number
  /** Tries in all per hub and topic (default 4). */
  attempts?: number
  /** Ceiling of the first retry's wait (default 1 s); doubles each time, with full jitter (retry-policy.ts). */
  backoffMs?: number
  waits?: RetryWaits
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
  private readonly waits: RetryWaits | undefined
  private readonly fetch: typeof fetch
  private readonly log: (entry: Record<string, unknown>) => void

  constructor(
    private readonly hubs: string[],
    options: HubPingerOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 5_000
    this.attempts = options.attempts ?? 4
    this.backoffMs = options.backoffMs ?? 1_000
    this.waits = options.waits
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
    try {
      await retrying(
        () => this.tryPing(hub, topic),
        { tries: this.attempts, firstDelayMs: this.backoffMs, maxDelayMs: Number.POSITIVE_INFINITY },
        { retryable: (error) => error instanceof HubUnavailable, ...(this.waits && { waits: this.waits }) },
      )
      return true
    } catch (error) {
      if (!(error instanceof HubUnavailable)) throw error
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

  /** One try; throws HubUnavailable when another try may help. */
  private async tryPing(hub: string, topic: string): Promise<void> {
    let response: Response
    try {
      response = await this.fetch(hub, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': topic }),
        signal: AbortSignal.timeout(this.timeoutMs),
      })
      await response.body?.cancel()
    } catch (error) {
      throw new HubUnavailable(`Timeout or network error: ${String(error)}`, { cause: error })
    }
    if (response.ok) return
    // A 4xx other than 429 will not change on retry: the hub refuses this topic.
    if (response.status < 500 && response.status !== 429) {
      this.log({ level: 'warn', message: 'WebSub hub refused ping', hub, topic, status: response.status })
      return
    }
    throw new HubUnavailable(`The hub answered ${response.status}`)
  }
}

/** The hub did not take the ping this time (timeout, network error, 5xx, 429); another try may help. */
class HubUnavailable extends Error {}
