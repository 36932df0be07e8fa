export interface InProcessJobQueueOptions {
  /** Attempts per job before it goes to the dead letters (SQS's maxReceiveCount). */
  maxAttempts?: number
  /** Wait before the second attempt; doubles on each later one (SQS waits out a visibility timeout). */
  retryDelayMs?: number
  /** Hears every failed attempt; by default it is written to stderr. */
  onError?: (error: unknown, attempt: number) => void
}

export interface DeadJob<T> {
  job: T
  attempts: number
  lastError: string
}

/**
 * The small queue `npm start` and the tests use where AWS has an SQS queue and a Lambda consumer (the
 * confirmation mail): jobs run one at a time in this process, after the caller's await returns, and a job
 * whose handler throws runs again later, up to `maxAttempts`, then lands in the dead letters. Jobs live in
 * memory: stopping the process drops the ones not yet run. (The digest pipeline's InProcessQueue models
 * SQS more closely: visibility timeouts and partial batch failures.)
 */
export class InProcessJobQueue<T> {
  private readonly waiting: { job: T; attempts: number }[] = []
  private readonly dead: DeadJob<T>[] = []
  private readonly retries = new Set<NodeJS.Timeout>()
  private readonly maxAttempts: number
  private readonly retryDelayMs: number
  private readonly onError: (error: unknown, attempt: number) => void
  private handler: ((job: T) => Promise<unknown>) | undefined
  private running: Promise<void> | undefined
  private drainWaiters: (() => void)[] = []

  constructor(options: InProcessJobQueueOptions = {}) {
    this.maxAttempts = options.maxAttempts ?? 5
    this.retryDelayMs = options.retryDelayMs ?? 1_000
    this.onError =
      options.onError ?? ((error, attempt) => console.error(`Queued job failed (attempt ${attempt}):`, error))
    if (this.maxAttempts < 1) throw new RangeError('maxAttempts must be at least 1')
  }

  /** Adds a job (a copy: the caller may change its object afterwards) and returns at once. */
  async enqueue(job: T): Promise<void> {
    this.waiting.push({ job: structuredClone(job), attempts: 0 })
    // On a later turn of the event loop, so the caller (a request) finishes first, as it would with SQS.
    setImmediate(() => this.pump())
  }

  /** Starts consuming, one job at a time, until stop(). */
  start(handler: (job: T) => Promise<unknown>): void {
    if (this.handler !== undefined) throw new Error('The queue already has a consumer')
    this.handler = handler
    setImmediate(() => this.pump())
  }

  /** Stops consuming and cancels pending retries; resolves when the job already running has finished. */
  async stop(): Promise<void> {
    this.handler = undefined
    for (const timer of this.retries) clearTimeout(timer)
    this.retries.clear()
    await this.running
  }

  /** Resolves once no job waits, runs or waits for a retry (dead letters aside). */
  drained(): Promise<void> {
    if (this.isDrained()) return Promise.resolve()
    return new Promise((resolve) => this.drainWaiters.push(resolve))
  }

  /** Jobs that failed `maxAttempts` times, oldest first. */
  deadLetters(): DeadJob<T>[] {
    return this.dead.map((letter) => structuredClone(letter))
  }

  /** Jobs waiting, running or waiting for a retry. */
  get size(): number {
    return this.waiting.length + this.retries.size + (this.running === undefined ? 0 : 1)
  }

  private isDrained(): boolean {
    return this.size === 0
  }

  private pump(): void {
    const handler = this.handler
    if (handler === undefined || this.running !== undefined) return
    const next = this.waiting.shift()
    if (next === undefined) {
      this.notifyDrained()
      return
    }
    next.attempts += 1
    this.running = (async () => {
      try {
        await handler(structuredClone(next.job))
      } catch (error) {
        this.onError(error, next.attempts)
        this.failed(next, error)
      }
    })()
    void this.running.finally(() => {
      this.running = undefined
      this.pump()
    })
  }

  private failed(entry: { job: T; attempts: number }, error: unknown): void {
    if (entry.attempts >= this.maxAttempts) {
      const lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      this.dead.push({ job: entry.job, attempts: entry.attempts, lastError })
      return
    }
    const timer = setTimeout(
      () => {
        this.retries.delete(timer)
        this.waiting.push(entry)
        this.pump()
      },
      this.retryDelayMs * 2 ** (entry.attempts - 1),
    )
    this.retries.add(timer)
  }

  private notifyDrained(): void {
    if (!this.isDrained()) return
    const waiters = this.drainWaiters
    this.drainWaiters = []
    for (const resolve of waiters) resolve()
  }
}
