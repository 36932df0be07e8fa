import { afterEach, describe, expect, it } from 'vitest'
import { InProcessJobQueue } from '../../functions/adapters/queue/in-process-job-queue'

const quiet = () => undefined

describe('InProcessJobQueue', () => {
  let queue: InProcessJobQueue<{ n: number }>
  afterEach(async () => queue?.stop())

  it('runs each job once, in order, one at a time, after enqueue has returned', async () => {
    // Prepare
    queue = new InProcessJobQueue({ onError: quiet })
    const events: string[] = []
    let running = 0
    queue.start(async ({ n }) => {
      running++
      events.push(`start ${n} (${running} running)`)
      await Promise.resolve()
      running--
    })

    // Act
    await queue.enqueue({ n: 1 })
    events.push('enqueue returned')
    await queue.enqueue({ n: 2 })
    await queue.drained()

    // Assess
    expect(events).toEqual(['enqueue returned', 'start 1 (1 running)', 'start 2 (1 running)'])
    expect(queue.size).toBe(0)
  })

  it('keeps a copy of the job, so the caller may change its object', async () => {
    queue = new InProcessJobQueue({ onError: quiet })
    const seen: number[] = []
    queue.start(async ({ n }) => void seen.push(n))
    const job = { n: 1 }
    await queue.enqueue(job)
    job.n = 99
    await queue.drained()
    expect(seen).toEqual([1])
  })

  it('runs a failed job again, and drained() waits for the retry', async () => {
    // Prepare
    const errors: number[] = []
    queue = new InProcessJobQueue({ retryDelayMs: 5, onError: (_error, attempt) => errors.push(attempt) })
    let attempts = 0
    queue.start(async () => {
      attempts++
      if (attempts < 3) throw new Error('SES throttled')
    })

    // Act
    await queue.enqueue({ n: 1 })
    await queue.drained()

    // Assess
    expect(attempts).toBe(3)
    expect(errors).toEqual([1, 2])
    expect(queue.deadLetters()).toEqual([])
  })

  it('moves a job that keeps failing to the dead letters after maxAttempts', async () => {
    queue = new InProcessJobQueue({ retryDelayMs: 1, maxAttempts: 3, onError: quiet })
    let attempts = 0
    queue.start(async () => {
      attempts++
      throw new Error('always')
    })

    await queue.enqueue({ n: 7 })
    await queue.drained()

    expect(attempts).toBe(3)
    expect(queue.deadLetters()).toEqual([{ job: { n: 7 }, attempts: 3, lastError: 'Error: always' }])
  })

  it('holds jobs until a consumer starts', async () => {
    queue = new InProcessJobQueue({ onError: quiet })
    await queue.enqueue({ n: 1 })
    await queue.enqueue({ n: 2 })
    expect(queue.size).toBe(2)

    const seen: number[] = []
    queue.start(async ({ n }) => void seen.push(n))
    await queue.drained()
    expect(seen).toEqual([1, 2])
  })

  it('refuses a second consumer', () => {
    queue = new InProcessJobQueue()
    queue.start(async () => undefined)
    expect(() => queue.start(async () => undefined)).toThrow('already has a consumer')
  })
})
