/**
 * Reconciliation: after planning, a digest's delivery ledger (not the audience) decides what is still owed
 * and what the digest's state and counters are. Someone who left after planning is no longer in the
 * audience index, and a batch may have died with a crashed process: whatever is unfinished is handed back
 * to be queued again (the sender skips whoever may no longer be mailed); a digest with nothing left is done.
 */
import type { DigestCounts, Delivery } from './digest'
import type { DigestStore } from './ports'

// A sender writes its batch's counters after its last ledger write, within its timeout (2 minutes on AWS)
// and its claims (5 minutes); after this long with no ledger change, no counter write can still be coming.
export const COUNTERS_SETTLE_MS = 10 * 60_000
const LEDGER_PAGE = 500

/** What a walk of one digest's ledger found. */
export interface LedgerTally {
  /** Deliveries not yet sent, skipped or failed for good: planned, failed (to retry) or claimed. */
  unfinished: number
  /** Every delivery, counted by state, as the digest's counters should read once no sender is writing. */
  counts: DigestCounts
  /** The latest change to any delivery (ISO); '' for an empty ledger. */
  lastChange: string
}

export interface ReconcileHooks {
  /** Called as each page of the ledger arrives, before its deliveries are handled: the planner renews its lease here. */
  beforePage?: () => Promise<void>
  /** A delivery that is owed and may be queued again: planned, failed, or claimed by a sender whose claim ran out. */
  owed: (delivery: Delivery) => Promise<void>
}

/** Walks a digest's ledger, hands back what is owed, and sets the digest's state (and, once quiet, its counters). */
export async function reconcileDigest(
  digests: Pick<DigestStore, 'listDeliveries' | 'setDigestState'>,
  digestId: string,
  now: Date,
  hooks: ReconcileHooks,
): Promise<LedgerTally> {
  const tally = await walkLedger(digests, digestId, now, hooks)
  if (tally.unfinished > 0) await digests.setDigestState(digestId, 'sending', now)
  else {
    // Finished: every delivery is sent or skipped, for good. The senders' counters can fall short of that (a
    // sender that died before its batch's counter write); once no sender can still be about to write one,
    // the ledger's own tally replaces them.
    await digests.setDigestState(digestId, 'done', now, isQuiet(tally, now) ? tally.counts : undefined)
  }
  return tally
}

/** No delivery has changed for COUNTERS_SETTLE_MS: every sender's counter write has landed or never will. */
export function isQuiet(tally: Pick<LedgerTally, 'lastChange'>, now: Date): boolean {
  return tally.lastChange < new Date(now.getTime() - COUNTERS_SETTLE_MS).toISOString()
}

async function walkLedger(
  digests: Pick<DigestStore, 'listDeliveries'>,
  digestId: string,
  now: Date,
  hooks: ReconcileHooks,
): Promise<LedgerTally> {
  const tally: LedgerTally = {
    unfinished: 0,
    counts: { planned: 0, sent: 0, failed: 0, skipped: 0 },
    lastChange: '',
  }
  let cursor: string | undefined
  do {
    const page = await digests.listDeliveries(digestId, {
      limit: LEDGER_PAGE,
      ...(cursor !== undefined && { cursor }),
    })
    cursor = page.cursor
    await hooks.beforePage?.()
    for (const delivery of page.items) {
      tally.counts.planned++
      if (delivery.state === 'sent' || delivery.state === 'skipped' || delivery.state === 'failed') {
        tally.counts[delivery.state]++
      }
      if ((delivery.updatedAt ?? '') > tally.lastChange) tally.lastChange = delivery.updatedAt!
      const claimExpired = delivery.state === 'claimed' && (delivery.claimedUntil ?? '') < now.toISOString()
      if (delivery.state === 'claimed' && !claimExpired) tally.unfinished++
      if (delivery.state !== 'planned' && delivery.state !== 'failed' && !claimExpired) continue
      tally.unfinished++
      await hooks.owed(delivery)
    }
  } while (cursor !== undefined)
  return tally
}
