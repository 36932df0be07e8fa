/**
 * The planning lease: one planning run at a time per digest, so that a run may read which subscribers have
 * no delivery yet and then add theirs with batch writes. A run takes the lease on each digest it plans,
 * renews it a third of the way through, and releases it at its end; a crashed run's lease just expires.
 * Waiting and ids come in from the entry point (deps.sleep, deps.newId): the core keeps no timers.
 */
import type { Clock, DigestStore } from './ports'

/** Waits this long; the entry points pass a real timer, tests one that moves a test clock. */
export type Sleep = (ms: number) => Promise<void>

export interface PlanningLeaseDeps {
  digests: Pick<DigestStore, 'leasePlanning' | 'releasePlanning'>
  clock: Clock
  sleep: Sleep
  /** A unique id for this run (randomUUID on AWS and locally). */
  newId: () => string
}

/** Another run holds the lease and did not let go within the wait; nothing was planned on that digest. */
export class LeaseBusyError extends Error {
  constructor(readonly digestId: string) {
    super(`Digest ${digestId} is being planned by another run; try again when it has finished`)
    this.name = 'LeaseBusyError'
  }
}

/** This run's lease ran out and another run took it: this run must stop adding deliveries. */
export class LeaseLostError extends Error {
  constructor(readonly digestId: string) {
    super(`Planning digest ${digestId}: another run took over the lease`)
    this.name = 'LeaseLostError'
  }
}

// How long a run's right to add deliveries to a digest lasts; renewed a third of the way through, and far
// longer than one chunk of the audience takes to plan.
export const PLANNING_LEASE_MS = 60_000
// A second run on the same digest waits for the first (released at its end, or expired if it died).
export const LEASE_WAIT_STEP_MS = 1_000
export const LEASE_WAIT_TRIES = 90

/** The leases one planning run holds, by digest id. */
export class PlanningLeases {
  readonly holder: string
  private readonly takenAt = new Map<string, number>() // digest id -> when last taken or renewed

  constructor(private readonly deps: PlanningLeaseDeps) {
    this.holder = `plan-${deps.newId()}`
  }

  /** Whether this run holds (or held, until release) the lease on this digest. */
  holds(digestId: string): boolean {
    return this.takenAt.has(digestId)
  }

  /** Takes (or renews) the lease, waiting for another run to let go; throws LeaseBusyError, or LeaseLostError on a renewal. */
  async take(digestId: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if (await this.tryTake(digestId)) return
      if (this.holds(digestId)) throw new LeaseLostError(digestId)
      if (attempt >= LEASE_WAIT_TRIES) throw new LeaseBusyError(digestId)
      await this.deps.sleep(LEASE_WAIT_STEP_MS)
    }
  }

  /** Takes the lease if nobody else holds it, without waiting; false when another run has it. */
  async tryTake(digestId: string): Promise<boolean> {
    const at = this.deps.clock.now()
    const until = new Date(at.getTime() + PLANNING_LEASE_MS)
    if (!(await this.deps.digests.leasePlanning(digestId, this.holder, until, at))) return false
    this.takenAt.set(digestId, at.getTime())
    return true
  }

  /** Renews the lease once a third of it has gone, so it cannot run out while this run is still adding deliveries. */
  async renew(digestId: string): Promise<void> {
    if (this.deps.clock.now().getTime() - (this.takenAt.get(digestId) ?? 0) >= PLANNING_LEASE_MS / 3) {
      await this.take(digestId)
    }
  }

  /** Lets the next run in at once rather than when the leases run out; a failed release just expires. */
  async releaseAll(): Promise<void> {
    for (const digestId of this.takenAt.keys()) {
      await this.deps.digests.releasePlanning(digestId, this.holder).catch(() => undefined)
    }
  }
}
