import type { FeedChangeListener, Pinger } from '../../core/ports'
import { BackgroundWork, postWithRetries, type RetryOptions } from '../http-retry'

export interface HubPingerOptions extends RetryOptions {
  log?: (entry: Record<string, unknown>) => void
}

/**
 * Tells WebSub hubs that feeds changed (a "publish" ping: hub.mode=publish, hub.url=<topic>), in the
 * background with retries and a timeout, so a slow or broken hub never delays or fails an editor's write.
 */
export class HubPinger implements FeedChangeListener, Pinger {
  private readonly background = new BackgroundWork()
  private readonly log: (entry: Record<string, unknown>) => void

  constructor(
    private readonly hubs: string[],
    private readonly options: HubPingerOptions = {},
  ) {
    this.log = options.log ?? ((entry) => console.log(JSON.stringify(entry)))
  }

  /** In the background (npm start): the editor's request never waits on a hub. */
  feedsChanged(topicUrls: string[]): void {
    this.background.start(this.pingAll(topicUrls))
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
  idle(): Promise<void> {
    return this.background.idle()
  }

  /** True when the hub took the ping or refused it for good; false when it stayed unreachable. */
  private async ping(hub: string, topic: string): Promise<boolean> {
    const outcome = await postWithRetries(
      hub,
      {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': topic }),
      },
      this.options,
    )
    if (outcome.kind === 'refused') {
      this.log({ level: 'warn', message: 'WebSub hub refused ping', hub, topic, status: outcome.status })
    }
    if (outcome.kind === 'unreachable') {
      this.log({
        level: 'error',
        message: 'WebSub hub unreachable; gave up',
        hub,
        topic,
        attempts: this.options.attempts ?? 4,
      })
    }
    return outcome.kind !== 'unreachable'
  }
}
