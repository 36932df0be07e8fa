import { randomUUID } from 'node:crypto'
import type { DeliveryBatch } from '../../core/digest'
import type { BatchQueue } from '../../core/ports'

/** What a consumer says about one message: nothing (all done) or the recipients to try again. */
export type BatchOutcome = { failedSubscriberIds: string[] } | void

export interface ReceivedMessage {
  messageId: string
  /** 1 on the first delivery, 2 on the first redelivery, ... (SQS's ApproximateReceiveCount). */
  receiveCount: number
}

export type BatchHandler = (batch: DeliveryBatch, message: ReceivedMessage) => Promise<BatchOutcome>

export interface DeadLetter {
  messageId: string
  batch: DeliveryBatch
  receiveCount: number
  /** The last failure: the handler's error, or the recipients it reported failed. */
  lastError: string
}

export interface InProcessQueueOptions {
  /** How long a received message stays invisible to other consumers (SQS VisibilityTimeout). */
  visibilityTimeoutMs?: number
  /** Receives before a message goes to the dead letters instead (SQS redrive policy). */
  maxReceiveCount?: number
  /** Handlers running at once (Lambda's concurrency, in one process). */
  concurrency?: number
  /** Hears every handler error; by default they are written to stderr. */
  onError?: (error: unknown, message: ReceivedMessage) => void
  /** Milliseconds since the epoch; tests may move it. Timers still use setTimeout. */
  now?: () => number
}

interface Message {
  id: string
  batch: DeliveryBatch
  receiveCount: number
  /** Until when the message is invisible (0: visible now). */
  visibleAt: number
  /** Changes on every receive; only the latest receiver may delete or change the message. */
  receipt: string
  lastError?: string
}

/**
 * The queue `npm start`, the CLI and the tests use in place of SQS, with the SQS behaviours the sender
 * depends on: at-least-once delivery, a visibility timeout (a message whose handler takes too long is
 * delivered again, possibly while the first handler still runs), redelivery after a failure, and a dead
 * letter list after `maxReceiveCount` receives. Unlike SQS with Lambda, a partial failure is re-sent with
 * only the recipients that failed.
 */
export class InProcessQueue implements BatchQueue {
  private readonly messages = new Map<string, Message>()
  private readonly dead: DeadLetter[] = []
  private readonly visibilityTimeoutMs: number
  private readonly maxReceiveCount: number
  private readonly concurrency: number
  private readonly onError: (error: unknown, message: ReceivedMessage) => void
  private readonly now: () => number
  private handler: BatchHandler | undefined
  private readonly running = new Set<Promise<void>>()
  private timer: NodeJS.Timeout | undefined
  private idleWaiters: (() => void)[] = []
  private settleWaiters: ((visibleAt: number | undefined) => void)[] = []

  constructor(options: InProcessQueueOptions = {}) {
    this.visibilityTimeoutMs = options.visibilityTimeoutMs ?? 30_000
    this.maxReceiveCount = options.maxReceiveCount ?? 5
    this.concurrency = options.concurrency ?? 1
    this.onError =
      options.onError ??
      ((error, message) =>
        console.error(`Batch ${message.messageId} (receive ${message.receiveCount}) failed:`, error))
    this.now = options.now ?? Date.now
    if (this.maxReceiveCount < 1) throw new RangeError('maxReceiveCount must be at least 1')
    if (this.concurrency < 1) throw new RangeError('concurrency must be at least 1')
  }

  async send(batches: DeliveryBatch[]): Promise<void> {
    for (const batch of batches) {
      const id = randomUUID()
      this.messages.set(id, { id, batch: structuredClone(batch), receiveCount: 0, visibleAt: 0, receipt: '' })
    }
    this.pump()
  }

  /** Starts consuming: up to `concurrency` handlers at a time, until stop(). */
  start(handler: BatchHandler): void {
    if (this.handler !== undefined) throw new Error('The queue already has a consumer')
    this.handler = handler
    this.pump()
  }

  /** Stops receiving; resolves when the handlers already running have finished. */
  async stop(): Promise<void> {
    this.handler = undefined
    clearTimeout(this.timer)
    this.timer = undefined
    await Promise.allSettled([...this.running])
  }

  /** Resolves once every message has been handled or dead-lettered and no handler runs. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /**
   * Resolves once no handler runs: with undefined when no message is left, or else with the time (as `now`
   * tells it) at which the earliest waiting message becomes visible again. With a `now` that a test moves by
   * hand, this is the moment to move it there and call wake(): time passes only when nothing else can happen.
   */
  settled(): Promise<number | undefined> {
    if (this.running.size === 0) return Promise.resolve(this.earliestVisibleAt())
    return new Promise((resolve) => this.settleWaiters.push(resolve))
  }

  /** Receives whatever is visible now (after a test moved `now`); the timer does this on its own otherwise. */
  wake(): void {
    this.pump()
  }

  /** Messages that failed `maxReceiveCount` times, oldest first. */
  deadLetters(): DeadLetter[] {
    return this.dead.map((letter) => structuredClone(letter))
  }

  /**
   * Sends a dead letter back to the queue as a new message (SQS's redrive to the source queue) and takes it
   * off the dead letters; undefined when none has this id.
   */
  async redrive(messageId: string): Promise<DeadLetter | undefined> {
    const index = this.dead.findIndex((letter) => letter.messageId === messageId)
    const [letter] = index === -1 ? [] : this.dead.splice(index, 1)
    if (letter === undefined) return undefined
    await this.send([letter.batch])
    return structuredClone(letter)
  }

  /** Messages waiting or in flight. */
  get size(): number {
    return this.messages.size
  }

  private isIdle(): boolean {
    return this.messages.size === 0 && this.running.size === 0
  }

  private pump(): void {
    if (this.handler === undefined) return
    while (this.running.size < this.concurrency) {
      const message = this.nextVisible()
      if (message === undefined) break
      this.receive(message, this.handler)
    }
    this.scheduleWakeUp()
    this.notifyIdle()
    this.notifySettled()
  }

  private nextVisible(): Message | undefined {
    const now = this.now()
    for (const message of this.messages.values()) {
      if (message.visibleAt <= now) return message
    }
    return undefined
  }

  private receive(message: Message, handler: BatchHandler): void {
    if (message.receiveCount >= this.maxReceiveCount) {
      // A message whose handlers kept timing out: SQS moves it on the receive after the last allowed one.
      this.deadLetter(message)
      return
    }
    message.receiveCount += 1
    message.receipt = randomUUID()
    message.visibleAt = this.now() + this.visibilityTimeoutMs
    const receipt = message.receipt
    const received = { messageId: message.id, receiveCount: message.receiveCount }
    const run = (async () => {
      let outcome: BatchOutcome
      try {
        outcome = await handler(structuredClone(message.batch), received)
      } catch (error) {
        this.onError(error, received)
        this.failed(message, receipt, message.batch, errorText(error))
        return
      }
      const failedIds = outcome?.failedSubscriberIds ?? []
      if (failedIds.length === 0) {
        if (this.isCurrent(message, receipt)) this.messages.delete(message.id)
        return
      }
      const retry = message.batch.subscriberIds.filter((id) => failedIds.includes(id))
      this.failed(message, receipt, { ...message.batch, subscriberIds: retry }, `failed: ${retry.join(', ')}`)
    })()
    this.running.add(run)
    void run.finally(() => {
      this.running.delete(run)
      this.pump()
    })
  }

  /** The message comes back when its visibility timeout ends, or goes to the dead letters. */
  private failed(message: Message, receipt: string, batch: DeliveryBatch, lastError: string): void {
    // A later receive owns the message now (this handler outlived its visibility timeout).
    if (!this.isCurrent(message, receipt)) return
    message.batch = batch
    message.lastError = lastError
    if (batch.subscriberIds.length === 0) {
      this.messages.delete(message.id)
    } else if (message.receiveCount >= this.maxReceiveCount) {
      this.deadLetter(message)
    }
  }

  private deadLetter(message: Message): void {
    this.messages.delete(message.id)
    this.dead.push({
      messageId: message.id,
      batch: message.batch,
      receiveCount: message.receiveCount,
      lastError: message.lastError ?? 'visibility timeout expired',
    })
  }

  private isCurrent(message: Message, receipt: string): boolean {
    return this.messages.get(message.id) === message && message.receipt === receipt
  }

  /** Wakes the consumer when the earliest invisible message becomes visible again. */
  private scheduleWakeUp(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    if (this.handler === undefined || this.running.size >= this.concurrency) return
    const earliest = this.earliestVisibleAt()
    if (earliest === undefined) return
    this.timer = setTimeout(() => this.pump(), Math.max(0, earliest - this.now()))
  }

  private earliestVisibleAt(): number | undefined {
    let earliest = Infinity
    for (const message of this.messages.values()) earliest = Math.min(earliest, message.visibleAt)
    return earliest === Infinity ? undefined : earliest
  }

  private notifySettled(): void {
    if (this.running.size > 0 || this.settleWaiters.length === 0) return
    const waiters = this.settleWaiters
    this.settleWaiters = []
    const at = this.earliestVisibleAt()
    for (const resolve of waiters) resolve(at)
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const resolve of waiters) resolve()
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
