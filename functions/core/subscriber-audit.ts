import { subscriberSubject, type Actor, type SubscriberAuditAction } from './audit'
import type { AuditLog } from './ports'
import type { Subscriber } from './subscriber'

/**
 * Appends one line to a subscriber's history, after the write it describes (no transactions, decision 001:
 * a crash in between loses the line, never the change). The line names the subscriber by id only.
 */
export async function auditSubscriber(
  audit: AuditLog,
  subscriber: Pick<Subscriber, 'id'> & Partial<Pick<Subscriber, 'revision'>>,
  action: SubscriberAuditAction,
  actor: Actor,
  at: string,
  detail?: string,
): Promise<void> {
  await audit.record({
    subject: subscriberSubject(subscriber.id),
    action,
    actor,
    at,
    ...(subscriber.revision !== undefined && { revision: subscriber.revision }),
    ...(detail !== undefined && detail !== '' && { detail }),
  })
}
