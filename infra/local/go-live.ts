import { TimerGoLiveScheduler, type Timers } from '../../functions/adapters/scheduler/timer-scheduler'
import { goLive, type GoLiveDeps } from '../../functions/core/go-live'
import { systemClock, type Clock } from '../../functions/core/ports'

/** Far above what one desk schedules; each is one timer. */
const MAX_SCHEDULED = 10_000

export interface LocalGoLive {
  /** The HTTP app's GoLiveScheduler (buildHttpDeps override `scheduler`). */
  scheduler: TimerGoLiveScheduler
  /**
   * Binds go-live to the app's deps (so a go-live is announced like a publish: hubs, instant emails) and
   * arms a timer for every article the table says is scheduled, so a restart loses none.
   */
  start(deps: GoLiveDeps): Promise<void>
  stop(): void
}

/**
 * Scheduled publishing under `npm start` (and in tests): the go-live function's use case run by timers in
 * this process, where AWS runs it from EventBridge Scheduler.
 */
export function localGoLive(
  options: { clock?: Clock; timers?: Timers; log?: (line: string) => void } = {},
): LocalGoLive {
  let deps: GoLiveDeps | undefined
  const log = options.log ?? (() => {})
  const scheduler = new TimerGoLiveScheduler({
    clock: options.clock ?? systemClock,
    ...(options.timers !== undefined && { timers: options.timers }),
    log,
    fire: async (slug) => {
      if (deps === undefined) throw new Error('local go-live fired before start()')
      const published = await goLive(deps, slug)
      for (const article of published) log(`went live: ${article.slug}`)
    },
  })
  return {
    scheduler,
    async start(given) {
      deps = given
      scheduler.rearm(await given.articles.listScheduled({ limit: MAX_SCHEDULED }))
    },
    stop: () => scheduler.stop(),
  }
}
