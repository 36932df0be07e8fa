import type { Clock, GoLiveScheduler } from '../../core/ports'

/** Sets and clears one timer; setTimeout by default, a fake in tests. */
export interface Timers {
  set(callback: () => void, delayMs: number): unknown
  clear(handle: unknown): void
}

const nodeTimers: Timers = {
  set: (callback, delayMs) => setTimeout(callback, delayMs).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
}

// setTimeout takes at most 2^31 - 1 ms (about 24.8 days); a later go-live waits in steps of this.
const MAX_DELAY_MS = 2 ** 31 - 1

export interface TimerSchedulerOptions {
  clock: Clock
  /** Runs go-live for the article (core/go-live.ts); its failure is logged, and a restart re-arms. */
  fire: (slug: string) => Promise<unknown>
  timers?: Timers
  log?: (line: string) => void
}

/**
 * Go-live under `npm start`: one timer per scheduled article in this process, where AWS has one EventBridge
 * Scheduler schedule. Timers die with the process, so start-up arms them again from the table (rearm); an
 * article whose time passed while the process was down goes live at once then.
 */
export class TimerGoLiveScheduler implements GoLiveScheduler {
  private readonly armed = new Map<string, { at: number; handle: unknown }>()
  private readonly timers: Timers
  private readonly running = new Set<Promise<void>>()

  constructor(private readonly options: TimerSchedulerOptions) {
    this.timers = options.timers ?? nodeTimers
  }

  async schedule(slug: string, at: string): Promise<void> {
    this.arm(slug, Date.parse(at))
  }

  async unschedule(slug: string): Promise<void> {
    const entry = this.armed.get(slug)
    if (entry !== undefined) this.timers.clear(entry.handle)
    this.armed.delete(slug)
  }

  /** Arms a timer for each of these scheduled articles (start-up: from ArticleStore.listScheduled). */
  rearm(articles: { slug: string; publishedAt?: string }[]): void {
    for (const { slug, publishedAt } of articles) {
      if (publishedAt !== undefined) this.arm(slug, Date.parse(publishedAt))
    }
  }

  /**
   * Fires every go-live whose time has come by the clock, and resolves when they have run. A timer calls
   * it; tests call it after moving their clock, rather than wait for the wall clock.
   */
  async runDue(): Promise<void> {
    const now = this.nowMs()
    const due = [...this.armed].filter(([, entry]) => entry.at <= now).map(([slug]) => slug)
    for (const slug of due) {
      this.armed.delete(slug)
      this.track(this.fire(slug))
    }
    await this.idle()
    // A timer capped at MAX_DELAY_MS fires before its article is due: it waits again.
    for (const [slug, entry] of [...this.armed]) if (entry.at > now) this.arm(slug, entry.at)
  }

  /** Slugs with a timer set, soonest first (what `npm start` is waiting for). */
  pending(): { slug: string; at: string }[] {
    return [...this.armed]
      .sort(([, a], [, b]) => a.at - b.at)
      .map(([slug, entry]) => ({ slug, at: new Date(entry.at).toISOString() }))
  }

  /** Resolves when no go-live is running. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running])
  }

  /** Clears every timer (shutdown). */
  stop(): void {
    for (const { handle } of this.armed.values()) this.timers.clear(handle)
    this.armed.clear()
  }

  private arm(slug: string, at: number): void {
    const previous = this.armed.get(slug)
    if (previous !== undefined) this.timers.clear(previous.handle)
    const delay = Math.min(Math.max(at - this.nowMs(), 0), MAX_DELAY_MS)
    const handle = this.timers.set(() => void this.runDue(), delay)
    this.armed.set(slug, { at, handle })
  }

  private async fire(slug: string): Promise<void> {
    try {
      await this.options.fire(slug)
    } catch (error) {
      this.options.log?.(
        `go-live of ${slug} failed: ${error instanceof Error ? error.message : String(error)}; it goes live at the next start`,
      )
    }
  }

  private track(run: Promise<void>): void {
    this.running.add(run)
    void run.finally(() => this.running.delete(run))
  }

  private nowMs(): number {
    return this.options.clock.nowMs?.() ?? this.options.clock.now().getTime()
  }
}
