import { subscriberId, type Subscriber } from '../../functions/core/subscriber'
import type { SubscriberStore } from '../../functions/core/ports'

/**
 * Stores a confirmed subscriber as a finished double opt-in leaves one (daily, 9:00 in Seoul, Korean), with
 * any field overridden; the digest, figures and desk tests start from such readers.
 */
export async function confirmedSubscriber(
  t: { deps: { subscribers: SubscriberStore }; clock: { now(): Date } },
  email: string,
  overrides: Partial<Subscriber> = {},
): Promise<Subscriber> {
  const now = t.clock.now().toISOString()
  const subscriber: Subscriber = {
    id: subscriberId(email),
    email,
    topics: [],
    cadence: 'daily',
    deliveryHour: 9,
    timezone: 'Asia/Seoul',
    lang: 'ko',
    state: 'confirmed',
    createdAt: now,
    updatedAt: now,
    confirmedAt: now,
    softBounces: 0,
    tokenVersion: 1,
    revision: 1,
    ...overrides,
  }
  await t.deps.subscribers.create(subscriber)
  return subscriber
}
