import type { InProcessQueue } from '../../functions/adapters/queue/in-process-queue'
import type { FixedClock } from './test-app'

/**
 * Runs a queue (whose `now` is `clock`) until it is empty, moving the clock only when nothing can happen
 * without time passing: every handler has returned and the next message is still invisible. Then it moves
 * to the moment that message comes back, by which time the claims taken before have run out, as a crashed
 * sender's do. So a redelivery costs no real time, and whether a claim runs out never depends on how fast
 * a busy machine runs the test.
 */
export async function drain(queue: InProcessQueue, clock: FixedClock): Promise<void> {
  for (let moves = 0; moves < 10_000; moves++) {
    const next = await queue.settled()
    if (next === undefined) return
    clock.current = new Date(Math.max(clock.current.getTime(), next))
    queue.wake()
  }
  throw new Error('the queue never emptied')
}
