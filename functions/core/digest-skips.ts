/**
 * Bad data stays out of digests, alone: an article or a subscriber that cannot be rendered or sent is left
 * out, with a reason an operator can act on, and everyone else still gets their digest. The checks read
 * records as stored, because a record may predate a rule (an article stored through an older, unchecked
 * PUT) or have been written by hand. Articles are checked in digest-article.ts, which the sender, needing
 * only this file, does not bundle (the slug rule pulls in romanization).
 */
import { z } from 'zod'
import type { DigestSkip } from './digest'
import { SUBSCRIBER_LANGS, type Subscriber } from './subscriber'
import { isTimeZone } from './time-zone'

/** What the sender needs of a subscriber: an address SES can take, and values for the placeholders. */
const sendable = z.object({
  id: z.string().min(1),
  email: z.email({ message: 'is not a usable email address' }),
  name: z.string().nullish(),
  tokenVersion: z.number().int(),
})

/** What the planner also needs: the preferences that pick the articles, the variant and the period. */
const plannable = sendable.extend({
  lang: z.enum(SUBSCRIBER_LANGS, { error: `is not one of ${SUBSCRIBER_LANGS.join(', ')}` }),
  timezone: z.string().refine(isTimeZone, 'is not an IANA time zone such as Asia/Seoul'),
  deliveryHour: z.number().int().min(0).max(23, 'is not an hour from 0 to 23'),
  topics: z.array(z.string()),
})

// Subscribers' values stay out of the reasons: a skip is kept with the digest, out of reach of erasure.
/** Why a subscriber's digest cannot be planned, or undefined when it can. */
export function planningProblem(subscriber: Subscriber): string | undefined {
  return problemOf(plannable.safeParse(subscriber))
}

/** Why a subscriber cannot be sent a digest, or undefined when they can. */
export function sendingProblem(subscriber: Subscriber): string | undefined {
  return problemOf(sendable.safeParse(subscriber))
}

/**
 * When and in which day to report a subscriber the planner cannot use: their zone and hour where those are
 * usable, else UTC and midnight. Only for naming them in a digest's status, never for sending.
 */
export function reportingSlot(
  subscriber: Pick<Subscriber, 'timezone' | 'deliveryHour'>,
): Pick<Subscriber, 'timezone' | 'deliveryHour'> {
  const { timezone, deliveryHour } = subscriber
  return {
    timezone: typeof timezone === 'string' && isTimeZone(timezone) ? timezone : 'UTC',
    deliveryHour:
      Number.isInteger(deliveryHour) && deliveryHour >= 0 && deliveryHour <= 23 ? deliveryHour : 0,
  }
}

/** Skips are kept as long as the ledger (plan-digest.ts), then left to DynamoDB's TTL. */
export const SKIP_RETENTION_MS = 180 * 24 * 3600_000

const MAX_ID = 200
const MAX_REASON = 500

/** A skip as stored and shown: ids and reasons kept short (a bad slug can be thousands of characters). */
export function digestSkip(kind: DigestSkip['kind'], id: unknown, reason: string, at: Date): DigestSkip {
  return { kind, id: clip(String(id), MAX_ID), reason: clip(reason, MAX_REASON), at: at.toISOString() }
}

/** An error as one line for a reason. */
export function errorReason(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** A failed parse as one reason: each field and what is wrong with it (its value too, when given). */
export function problemOf(result: z.ZodSafeParseResult<unknown>): string | undefined {
  if (result.success) return undefined
  return result.error.issues
    .map((issue) => {
      const field = issue.path.join('.') || 'record'
      return `${field} ${issue.message}${'input' in issue && typeof issue.input === 'string' ? ` ("${clip(issue.input, 60)}")` : ''}`
    })
    .join('; ')
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
