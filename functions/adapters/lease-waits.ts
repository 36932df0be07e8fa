import { randomUUID } from 'node:crypto'
import { setTimeout } from 'node:timers/promises'
import type { PlanningLeaseDeps } from '../core/planning-lease'

/** The real timer and id maker the planner's lease uses at the entry points (tests pass fake ones). */
export const realLeaseWaits: Pick<PlanningLeaseDeps, 'sleep' | 'newId'> = {
  sleep: async (ms) => {
    await setTimeout(ms)
  },
  newId: randomUUID,
}
