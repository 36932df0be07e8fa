import { afterEach, describe, expect, it } from 'vitest'
import { InProcessQueue, type BatchHandler } from '../../functions/adapters/queue/in-process-queue'
import type { DeliveryBatch } from '../../functions/core/digest'

const batch = (name: string, subscriberIds = ['s1', 's2', 's3']): DeliveryBatch => ({
  digestId: `digest-${name}`,
  variantId: 'v1',
  subscriberIds,
})
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const quiet = () => undefined

describe('InProcessQueue', () => {
  let queue: InProcessQueue
  afterEach(async () => queue?.stop())

  it('hands each message to the handler once and deletes it when the handler succeeds', async () => {
    queue = new InProcessQueue({ visibilityTimeoutMs: 50, onError: quiet })
    const seen: string[] = []
    queue.start(async (received) => {
      seen.push(received.digestId)
    })

    await queue.send([batch('a'), batch('b')])
    await queue.idle()
    await sleep(80)

    expect(seen).toEqual(['digest-a', 'digest-b'])
    expect(queue.size).toBe(0)
    expect(queue.deadLetters()).toEqual([])
  })

  it('delivers a failed message again, but only after its visibility timeout', async () => {
    queue = new InProcessQueue({ visibilityTimeoutMs: 100, onError: quiet })
    const receivedAt: number[] = []
    const started = Date.now()
    queue.start(async (_batch, message) => {
      receivedAt.push(Date.now() - started)
      if (message.receiveCount === 1) throw new Error('crash')
    })

    await queue.send([batch('a')])
    await queue.idle()

    expect(receivedAt).toHaveLength(2)
    expect(receivedAt[1]! - receivedAt[0]!).toBeGreaterThanOrEqual(95)
  })

  it('delivers a message again while a slow handler still holds it, once the visibility timeout ends', async () => {
    queue = new InProcessQueue({ visibilityTimeoutMs: 40, concurrency: 2, onError: quiet })
    const receives: number[] = []
    let running = 0
    let overlapped = false
    queue.start(async (_batch, message) => {
      receives.push(message.receiveCount)
      running += 1
      if (running > 1) overlapped = true
      await sleep(message.receiveCount === 1 ? 120 : 0)
      running -= 1
    })

    await queue.send([batch('slow')])
    await queue.idle()

    expect(receives.slice(0, 2)).toEqual([1, 2])
    expect(overlapped).toBe(true)
  })

  it('says when only time can move it on, and moves on when a hand-moved clock is woken', async () => {
    let now = 1_000
    queue = new InProcessQueue({ visibilityTimeoutMs: 60_000, now: () => now, onError: quiet })
    const receives: number[] = []
    queue.start(async (_batch, message) => {
      receives.push(message.receiveCount)
      if (message.receiveCount === 1) throw new Error('crash')
    })

    await queue.send([batch('a')])
    const visibleAt = await queue.settled()
    expect(visibleAt).toBe(61_000)
    expect(receives).toEqual([1])

    now = visibleAt!
    queue.wake()
    expect(await queue.settled()).toBeUndefined()
    expect(receives).toEqual([1, 2])
    expect(queue.size).toBe(0)
  })

  it('sends a partial failure back with only the recipients that failed', async () => {
    queue = new InProcessQueue({ visibilityTimeoutMs: 20, onError: quiet })
    const deliveries: string[][] = []
    queue.start(async (received) => {
      deliveries.push(received.subscriberIds)
      return { failedSubscriberIds: deliveries.length === 1 ? ['s2', 'not-in-batch'] : [] }
    })

    await queue.send([batch('a', ['s1', 's2', 's3'])])
    await queue.idle()

    expect(deliveries).toEqual([['s1', 's2', 's3'], ['s2']])
  })

  it('moves a message that keeps failing to the dead letters after maxReceiveCount receives', async () => {
    const errors: unknown[] = []
    queue = new InProcessQueue({
      visibilityTimeoutMs: 10,
      maxReceiveCount: 3,
      onError: (error) => errors.push(error),
    })
    let calls = 0
    const handler: BatchHandler = async (received) => {
      calls += 1
      if (received.digestId === 'digest-poison') throw new Error('always fails')
    }
    queue.start(handler)

    await queue.send([batch('poison'), batch('fine')])
    await queue.idle()

    expect(calls).toBe(4)
    expect(errors).toHaveLength(3)
    expect(queue.deadLetters()).toEqual([
      {
        messageId: expect.any(String),
        batch: batch('poison'),
        receiveCount: 3,
        lastError: 'Error: always fails',
      },
    ])
  })

  it('dead-letters only the recipients that kept failing', async () => {
    queue = new InProcessQueue({ visibilityTimeoutMs: 10, maxReceiveCount: 2, onError: quiet })
    queue.start(async (received) => ({
      failedSubscriberIds: received.subscriberIds.filter((id) => id === 's3'),
    }))

    await queue.send([batch('a')])
    await queue.idle()

    expect(queue.deadLetters()).toMatchObject([{ batch: { subscriberIds: ['s3'] }, receiveCount: 2 }])
  })

  it('redrives a dead letter as a new message with fresh receives, once', async () => {
    // Prepare: a batch that fails until the cause is fixed
    queue = new InProcessQueue({ visibilityTimeoutMs: 10, maxReceiveCount: 2, onError: quiet })
    let fixed = false
    const handled: DeliveryBatch[] = []
    queue.start(async (received) => {
      if (!fixed) throw new Error('down')
      handled.push(received)
    })
    await queue.send([batch('a')])
    await queue.idle()
    const [letter] = queue.deadLetters()
    fixed = true

    // Act
    const redriven = await queue.redrive(letter!.messageId)
    const again = await queue.redrive(letter!.messageId)
    await queue.idle()

    // Assess
    expect(redriven).toEqual(letter)
    expect(again).toBeUndefined()
    expect(handled).toEqual([batch('a')])
    expect(queue.deadLetters()).toEqual([])
  })

  it('runs at most `concurrency` handlers at once', async () => {
    queue = new InProcessQueue({ visibilityTimeoutMs: 1_000, concurrency: 3, onError: quiet })
    let running = 0
    let most = 0
    queue.start(async () => {
      running += 1
      most = Math.max(most, running)
      await sleep(15)
      running -= 1
    })

    await queue.send(Array.from({ length: 10 }, (_, i) => batch(String(i))))
    await queue.idle()

    expect(most).toBe(3)
  })

  it('keeps messages sent before a consumer starts, and stop() waits for running handlers', async () => {
    queue = new InProcessQueue({ visibilityTimeoutMs: 1_000, onError: quiet })
    await queue.send([batch('early')])
    let finished = false
    queue.start(async () => {
      await sleep(30)
      finished = true
    })

    await sleep(5)
    await queue.stop()

    expect(finished).toBe(true)
  })

  it('gives the handler a copy, so changing it does not change the message', async () => {
    queue = new InProcessQueue({ visibilityTimeoutMs: 10, onError: quiet })
    const seen: string[][] = []
    queue.start(async (received, message) => {
      seen.push([...received.subscriberIds])
      received.subscriberIds.length = 0
      if (message.receiveCount === 1) throw new Error('again')
    })

    await queue.send([batch('a', ['s1'])])
    await queue.idle()

    expect(seen).toEqual([['s1'], ['s1']])
  })
})
