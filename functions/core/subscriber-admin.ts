import { subscriberSubject, type Actor, type AuditEntry, type SubscriberAuditAction } from './audit'
import { NotFoundError } from './errors'
import type { AuditLog, Clock, DigestStore, SubscriberStore } from './ports'
import { auditSubscriber } from './subscriber-audit'
import type { Subscriber, SubscriberState } from './subscriber'
import { retrying } from './subscriptions'

/**
 * What operators do to one subscriber, from the desk or the admin API alike: erase (GDPR), suppress and
 * unsuppress, and read their history. Each change is a line in the subscriber's history, naming who did it.
 */
export interface SubscriberAdminDeps {
  subscribers: SubscriberStore
  audit: AuditLog
  clock: Clock
}

/**
 * GDPR erasure: the record goes with every item that holds the address (SubscriberStore.erase), and so do
 * the earlier lines of the history; one line remains, saying who erased the subscriber and when (lines hold
 * no address, only the id, a hash of it). Earlier erasure lines are kept. Throws NotFoundError when there is
 * no record.
 */
export async function eraseSubscriber(deps: SubscriberAdminDeps, id: string, actor: Actor): Promise<void> {
  const erased = await deps.subscribers.erase(id)
  if (erased === undefined) throw new NotFoundError(`No subscriber "${id}"`)
  await deps.audit.forget(subscriberSubject(id), ['erased'])
  await auditSubscriber(deps.audit, { id }, 'erased', actor, deps.clock.now().toISOString())
}

export type AdminOutcome = 'done' | 'already'

/**
 * Stops all mail to the subscriber, as a bounce or complaint would (a person asking by other means, an
 * address known to be dead). Suppressing a suppressed subscriber changes nothing.
 */
export async function suppressSubscriber(
  deps: SubscriberAdminDeps,
  id: string,
  actor: Actor,
): Promise<AdminOutcome> {
  return retrying(async () => {
    const current = await existing(deps, id)
    if (current.state === 'suppressed') return 'already' as const
    const now = deps.clock.now().toISOString()
    const next: Subscriber = {
      ...current,
      state: 'suppressed',
      suppressedAt: now,
      suppressionReason: `manual (${actor.via})`,
      updatedAt: now,
      revision: current.revision + 1,
    }
    await deps.subscribers.replace(next, current.revision)
    await auditSubscriber(deps.audit, next, 'suppressed', actor, now, next.suppressionReason)
    return 'done' as const
  })
}

/**
 * Lifts a suppression: the subscriber returns to the state they had before it (confirmed, pending or
 * unsubscribed, read from their timestamps) with the soft-bounce count cleared. Unsuppressing a subscriber
 * who is not suppressed changes nothing.
 */
export async function unsuppressSubscriber(
  deps: SubscriberAdminDeps,
  id: string,
  actor: Actor,
): Promise<AdminOutcome> {
  return retrying(async () => {
    const current = await existing(deps, id)
    if (current.state !== 'suppressed') return 'already' as const
    const now = deps.clock.now().toISOString()
    const { suppressedAt: _at, suppressionReason: _reason, softBounceMessageIds: _ids, ...rest } = current
    const next: Subscriber = {
      ...rest,
      state: stateBeforeSuppression(current),
      softBounces: 0,
      updatedAt: now,
      revision: current.revision + 1,
    }
    await deps.subscribers.replace(next, current.revision)
    await auditSubscriber(deps.audit, next, 'unsuppressed', actor, now, next.state)
    return 'done' as const
  })
}

/** Unsubscribed if they left after their last confirmation, confirmed if they confirmed, else pending. */
export function stateBeforeSuppression(s: Subscriber): Exclude<SubscriberState, 'suppressed'> {
  if (s.unsubscribedAt !== undefined && (s.confirmedAt === undefined || s.unsubscribedAt >= s.confirmedAt)) {
    return 'unsubscribed'
  }
  return s.confirmedAt !== undefined ? 'confirmed' : 'pending'
}

async function existing(deps: SubscriberAdminDeps, id: string): Promise<Subscriber> {
  const subscriber = await deps.subscribers.get(id)
  if (subscriber === undefined) throw new NotFoundError(`No subscriber "${id}"`)
  return subscriber
}

/** One event of a subscriber's history: an audit line, a timestamp of the record, or a digest sent. */
export interface HistoryEvent {
  action: SubscriberAuditAction | 'digest-sent'
  /** ISO 8601. */
  at: string
  /** Absent for events read from the record's timestamps (before the history was kept) and digests. */
  actor?: Actor
  detail?: string
}

export interface SubscriberHistory {
  /** Absent once erased (or never there): the history then holds only erasure lines. */
  subscriber?: Subscriber
  events: HistoryEvent[]
}

/** How many history lines and recent digests a history reads. */
export const HISTORY_LIMITS = { lines: 200, digests: 20 } as const

/**
 * A subscriber's history, newest first, without a scan: their record (one GetItem), their audit lines (one
 * Query of their own partition), and whether each of the latest digests reached them (one Query of the
 * digest listing, then one key lookup in each of those digests' ledgers). The record's timestamps stand in
 * for steps taken before the audit lines were kept.
 */
export async function subscriberHistory(
  deps: SubscriberAdminDeps & { digests: DigestStore },
  id: string,
): Promise<SubscriberHistory> {
  const [subscriber, lines] = await Promise.all([
    deps.subscribers.get(id),
    deps.audit.list<SubscriberAuditAction>(subscriberSubject(id), { limit: HISTORY_LIMITS.lines }),
  ])
  const events: HistoryEvent[] = lines.map(eventOf)
  if (subscriber !== undefined) {
    events.push(...recordEvents(subscriber, lines), ...(await digestsSent(deps.digests, id)))
  }
  events.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
  return { ...(subscriber !== undefined && { subscriber }), events }
}

const eventOf = (line: AuditEntry<SubscriberAuditAction>): HistoryEvent => ({
  action: line.action,
  at: line.at,
  actor: line.actor,
  ...(line.detail !== undefined && { detail: line.detail }),
})

/** The record's own timestamps, for each step that no audit line records at that instant. */
function recordEvents(s: Subscriber, lines: AuditEntry<SubscriberAuditAction>[]): HistoryEvent[] {
  const recorded = (at: string, actions: SubscriberAuditAction[]) =>
    lines.some((line) => line.at === at && actions.includes(line.action))
  const steps: [SubscriberAuditAction, string | undefined, SubscriberAuditAction[]][] = [
    ['subscribed', s.createdAt, ['subscribed', 'imported']],
    ['confirmed', s.confirmedAt, ['confirmed', 'imported']],
    ['unsubscribed', s.unsubscribedAt, ['unsubscribed']],
    ['suppressed', s.suppressedAt, ['suppressed']],
  ]
  return steps.flatMap(([action, at, covering]) =>
    at === undefined || recorded(at, covering) ? [] : [{ action, at }],
  )
}

/** The latest digests that the ledger says were sent to the subscriber. */
async function digestsSent(digests: DigestStore, id: string): Promise<HistoryEvent[]> {
  const { items } = await digests.listDigests({ limit: HISTORY_LIMITS.digests })
  const deliveries = await Promise.all(items.map((digest) => digests.getDeliveries(digest.id, [id])))
  return deliveries.flatMap((found) => {
    const delivery = found.get(id)
    if (delivery?.state !== 'sent' || delivery.sentAt === undefined) return []
    return [{ action: 'digest-sent' as const, at: delivery.sentAt, detail: delivery.digestId }]
  })
}
