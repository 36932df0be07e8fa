import { randomUUID } from 'node:crypto'
import { emailAddressSchema } from './email-address'
import { z } from 'zod'
import { CONFIRMATION_INTERVAL_SECONDS, type SubscribeRequest } from './confirmation'
import { ConflictError, RateLimitedError } from './errors'
import { SUBSCRIBER_ACTOR } from './audit'
import { countUnsubscribe, type UnsubscribeCount } from './delivery-figures'
import type {
  AuditLog,
  Clock,
  ConfirmationQueue,
  DeliveryFigureStore,
  DigestStore,
  RateLimiter,
  SubscribeRequestStore,
  SubscriberStore,
} from './ports'
import type { Publication } from './publication'
import {
  CADENCES,
  subscriberId,
  subscriberLang,
  SUBSCRIBER_LANGS,
  SUBSCRIBER_NAME_MAX_LENGTH,
  type Subscriber,
  type SubscriberLang,
} from './subscriber'
import { auditSubscriber } from './subscriber-audit'
import { subscriberLinks } from './subscriber-links'
import { TokenError, verifyToken, type TokenPurpose } from './tokens'
import { normaliseTag } from './article'
import { cleanLine } from './xml-text'
import { isTimeZone } from './time-zone'

export interface SubscriptionDeps {
  subscribers: SubscriberStore
  /** Where POST /subscribe records each request: the one write it makes, whoever the address is. */
  subscribeRequests: SubscribeRequestStore
  /** Where POST /subscribe hands the request to the confirmation worker (confirmation.ts). */
  confirmations: ConfirmationQueue
  rateLimiter: RateLimiter
  clock: Clock
  publication: Publication
  tokenSecret: string
  /** A subscriber's own steps (confirmed, preferences changed, unsubscribed) go to their history. */
  audit: AuditLog
  /** Where an unsubscribe through a digest's link counts (delivery-figures.ts), and the ledger that dates it. */
  figures: DeliveryFigureStore
  digests: Pick<DigestStore, 'getDeliveries'>
}

/** Limits: per client address and per email address, per hour; and one confirmation email per interval. */
export const SUBSCRIBE_LIMITS = {
  perClientPerHour: 20,
  perAddressPerHour: 5,
  confirmationIntervalSeconds: CONFIRMATION_INTERVAL_SECONDS,
}

const topicList = z
  .union([z.array(z.string()), z.string().transform((value) => value.split(','))])
  .transform((topics) => [...new Set(topics.map(normaliseTag).filter((topic) => topic.length > 0))])
  .pipe(z.array(z.string().max(50)).max(50, 'at most 50 topics'))

/** What a subscriber chooses; shared by the subscribe form and the preferences page. */
export const preferencesSchema = z.object({
  name: z
    .string()
    .transform(cleanLine)
    .pipe(
      z.string().max(SUBSCRIBER_NAME_MAX_LENGTH, `must be at most ${SUBSCRIBER_NAME_MAX_LENGTH} characters`),
    )
    .optional(),
  topics: topicList.default([]),
  cadence: z.enum(CADENCES, { error: 'must be instant, daily or weekly' }).default('daily'),
  deliveryHour: z.coerce.number().int().min(0).max(23, 'must be an hour from 0 to 23').default(8),
  timezone: z.string().trim().refine(isTimeZone, 'must be a time zone such as Asia/Seoul').default('UTC'),
  // Absent: the publication's language on subscribing, the subscriber's own on a change of settings.
  lang: z.enum(SUBSCRIBER_LANGS, { error: 'must be ko or en' }).optional(),
})

export const subscribeSchema = preferencesSchema.extend({
  email: z.string({ error: 'is required' }).pipe(emailAddressSchema),
})

export type Preferences = z.infer<typeof preferencesSchema>
export type SubscribeInput = z.infer<typeof subscribeSchema>

/** The settings a subscriber chooses, as stored (the name is handled by each caller). */
function chosen(
  input: Preferences,
  fallbackLang: SubscriberLang,
): Pick<Subscriber, 'topics' | 'cadence' | 'deliveryHour' | 'timezone' | 'lang'> {
  const { topics, cadence, deliveryHour, timezone, lang } = input
  return { topics, cadence, deliveryHour, timezone, lang: lang ?? fallbackLang }
}

/**
 * POST /subscribe. Nothing here reads the address's state, so neither the answer nor the time it takes can
 * tell who is on the list: every valid request makes the same two rate-limit writes, records itself (one
 * unconditional put) and queues one job. The confirmation worker (confirmation.ts, followUpSubscribe) then
 * decides, off the request path, whether a confirmation email is due.
 */
export async function subscribe(
  deps: SubscriptionDeps,
  input: SubscribeInput,
  clientKey: string,
): Promise<void> {
  if (
    !(await deps.rateLimiter.hit(`subscribe-client:${clientKey}`, SUBSCRIBE_LIMITS.perClientPerHour, 3600))
  ) {
    throw new RateLimitedError(3600)
  }
  if (
    !(await deps.rateLimiter.hit(
      `subscribe-address:${input.email}`,
      SUBSCRIBE_LIMITS.perAddressPerHour,
      3600,
    ))
  ) {
    throw new RateLimitedError(3600)
  }
  const request: SubscribeRequest = {
    subscriberId: subscriberId(input.email),
    requestId: randomUUID(),
    email: input.email,
    ...(input.name && { name: input.name }),
    ...chosen(input, subscriberLang(deps.publication.lang)),
    requestedAt: deps.clock.now().toISOString(),
  }
  await deps.subscribeRequests.record(request)
  await deps.confirmations.enqueue({ subscriberId: request.subscriberId, requestId: request.requestId })
}

export type LinkOutcome = 'done' | 'already' | 'invalid'

/** Reads the subscriber a link is for; a link from before the last unsubscribe or re-invite is invalid. */
export async function subscriberForToken(
  deps: Pick<SubscriptionDeps, 'subscribers' | 'tokenSecret' | 'clock'>,
  token: string,
  purpose: TokenPurpose,
): Promise<Subscriber | undefined> {
  const claims = verifyToken(deps.tokenSecret, token, purpose, deps.clock.now())
  const subscriber = await deps.subscribers.get(claims.sub)
  if (subscriber === undefined) return undefined
  // Unsubscribe links keep working from any email ever sent; the others only for the current version.
  if (purpose !== 'unsubscribe' && claims.v !== subscriber.tokenVersion) return undefined
  return subscriber
}

/**
 * POST /confirm: the double opt-in click. Replaying the link changes nothing. The click that confirms queues
 * the welcome email (welcome.ts) for the confirmation worker; a replay finds the subscriber confirmed
 * already and queues nothing.
 */
export async function confirm(
  deps: SubscriptionDeps,
  token: string,
): Promise<{ outcome: LinkOutcome; subscriber?: Subscriber; welcomeQueued?: boolean }> {
  const result = await confirmOnce(deps, token)
  if (result.outcome !== 'done' || result.subscriber?.confirmedAt === undefined) return result
  const { id, confirmedAt } = result.subscriber
  try {
    await deps.confirmations.enqueue({ kind: 'welcome', subscriberId: id, confirmedAt })
    return { ...result, welcomeQueued: true }
  } catch {
    // The subscriber is confirmed whatever happens to the welcome: the click still succeeded.
    return { ...result, welcomeQueued: false }
  }
}

async function confirmOnce(
  deps: SubscriptionDeps,
  token: string,
): Promise<{ outcome: LinkOutcome; subscriber?: Subscriber }> {
  return retrying(async () => {
    const subscriber = await subscriberForToken(deps, token, 'confirm')
    if (
      subscriber === undefined ||
      subscriber.state === 'suppressed' ||
      subscriber.state === 'unsubscribed'
    ) {
      return { outcome: 'invalid' as const }
    }
    if (subscriber.state === 'confirmed') return { outcome: 'already' as const, subscriber }
    const now = deps.clock.now().toISOString()
    const next: Subscriber = {
      ...subscriber,
      state: 'confirmed',
      confirmedAt: now,
      consent: { source: 'form', at: now },
      updatedAt: now,
      revision: subscriber.revision + 1,
    }
    await deps.subscribers.replace(next, subscriber.revision)
    await auditSubscriber(deps.audit, next, 'confirmed', SUBSCRIBER_ACTOR, now)
    return { outcome: 'done' as const, subscriber: next }
  })
}

/** POST /preferences: topics, cadence, hour, zone, language. */
export async function updatePreferences(
  deps: SubscriptionDeps,
  token: string,
  input: Preferences,
): Promise<{ outcome: LinkOutcome; subscriber?: Subscriber }> {
  return retrying(async () => {
    const subscriber = await subscriberForToken(deps, token, 'manage')
    if (subscriber === undefined || subscriber.state !== 'confirmed') return { outcome: 'invalid' as const }
    const next: Subscriber = {
      ...subscriber,
      ...(input.name !== undefined && { name: input.name }),
      ...chosen(input, subscriber.lang),
      updatedAt: deps.clock.now().toISOString(),
      revision: subscriber.revision + 1,
    }
    await deps.subscribers.replace(next, subscriber.revision)
    const changed = changedPreferences(subscriber, next)
    if (changed.length > 0) {
      await auditSubscriber(
        deps.audit,
        next,
        'preferences-changed',
        SUBSCRIBER_ACTOR,
        next.updatedAt,
        changed,
      )
    }
    return { outcome: 'done' as const, subscriber: next }
  })
}

/**
 * POST /unsubscribe (also RFC 8058 one-click): leaves at once; links from older emails stop working. A link
 * from a digest (its `d` claim) counts the unsubscribe in that digest's figures, if it was sent to this
 * subscriber within the last 7 days (`counted` says what became of it).
 */
export async function unsubscribe(
  deps: SubscriptionDeps,
  token: string,
): Promise<{ outcome: LinkOutcome; subscriber?: Subscriber; counted?: UnsubscribeCount }> {
  const result = await unsubscribeOnce(deps, token)
  const digestId = result.outcome === 'done' ? linkDigestId(deps, token, 'unsubscribe') : undefined
  if (digestId === undefined || result.subscriber === undefined) return result
  try {
    return { ...result, counted: await countUnsubscribe(deps, digestId, result.subscriber.id) }
  } catch {
    // The subscriber has left whatever happens to the figure: the click still succeeded (one count short).
    return result
  }
}

async function unsubscribeOnce(
  deps: SubscriptionDeps,
  token: string,
): Promise<{ outcome: LinkOutcome; subscriber?: Subscriber }> {
  return retrying(async () => {
    const subscriber = await subscriberForToken(deps, token, 'unsubscribe')
    if (subscriber === undefined) return { outcome: 'invalid' as const }
    if (subscriber.state === 'unsubscribed' || subscriber.state === 'suppressed') {
      return { outcome: 'already' as const, subscriber }
    }
    const now = deps.clock.now().toISOString()
    const next: Subscriber = {
      ...subscriber,
      state: 'unsubscribed',
      unsubscribedAt: now,
      tokenVersion: subscriber.tokenVersion + 1,
      updatedAt: now,
      revision: subscriber.revision + 1,
    }
    await deps.subscribers.replace(next, subscriber.revision)
    await auditSubscriber(deps.audit, next, 'unsubscribed', SUBSCRIBER_ACTOR, now)
    return { outcome: 'done' as const, subscriber }
  })
}

/**
 * The settings a change of preferences touched, by name ("cadence, topics"): the history says what kind of
 * change it was without copying the values (a name is personal data).
 */
function changedPreferences(before: Subscriber, after: Subscriber): string {
  const fields = ['name', 'topics', 'cadence', 'deliveryHour', 'timezone', 'lang'] as const
  return fields.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field])).join(', ')
}

/**
 * The digest a valid link came from (its `d` claim), so a page reached through a digest's link (preferences)
 * can hand the same digest to the unsubscribe link it shows; undefined for a bad link or one from elsewhere.
 */
export function linkDigestId(
  deps: Pick<SubscriptionDeps, 'tokenSecret' | 'clock'>,
  token: string,
  purpose: TokenPurpose,
): string | undefined {
  try {
    return verifyToken(deps.tokenSecret, token, purpose, deps.clock.now()).d
  } catch (error) {
    if (error instanceof TokenError) return undefined
    throw error
  }
}

/** Runs a read-then-conditional-write again when another write won the race (at most three tries). */
export async function retrying<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write()
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= 3) throw error
    }
  }
}

export { TokenError }

export { subscriberLinks }
