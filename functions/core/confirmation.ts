import { ConflictError } from './errors'
import { SUBSCRIBER_ACTOR } from './audit'
import { feedbackTags } from './mail-stream'
import type {
  ArticleStore,
  AuditLog,
  Clock,
  Mailer,
  RenderConfirmation,
  RenderWelcome,
  SubscribeRequestStore,
  SubscriberStore,
} from './ports'
import type { Publication } from './publication'
import type { Subscriber, SubscriberLang } from './subscriber'
import { auditSubscriber } from './subscriber-audit'
import { subscriberLinks } from './subscriber-links'
import { welcomeSubscriber } from './welcome'

/**
 * A subscribe request as the form sent it (address and chosen settings, already validated), kept until the
 * confirmation worker has acted on it.
 */
export interface SubscribeRequest {
  subscriberId: string
  /** Names this request; its queued job carries it, so a job for an older request finds it replaced. */
  requestId: string
  email: string
  name?: string
  topics: string[]
  cadence: Subscriber['cadence']
  deliveryHour: number
  timezone: string
  lang: SubscriberLang
  requestedAt: string
}

/** One queued subscribe request. Only ids: the address stays in the table, where erasing finds it. */
export interface SubscribeJob {
  subscriberId: string
  requestId: string
}

/** A confirmation to welcome (welcome.ts): the subscriber, and which confirmation (its confirmedAt). */
export interface WelcomeJob {
  kind: 'welcome'
  subscriberId: string
  confirmedAt: string
}

/** What the confirmation queue carries: a subscribe request to follow up, or a confirmation to welcome. */
export type ConfirmationJob = SubscribeJob | WelcomeJob

export type { RenderConfirmation, RenderWelcome } from './ports'

/** What the confirmation worker needs: the only code that mails a subscribe request or a welcome. */
export interface ConfirmationDeps {
  subscribers: SubscriberStore
  subscribeRequests: SubscribeRequestStore
  /** The welcome email lists the latest articles. */
  articles: ArticleStore
  mailer: Mailer
  clock: Clock
  publication: Publication
  tokenSecret: string
  renderConfirmation: RenderConfirmation
  renderWelcome: RenderWelcome
  /** The mailto of List-Unsubscribe (LIST_UNSUBSCRIBE_MAILTO), as on digests; absent, the URL alone. */
  listUnsubscribeMailto?: string
  /** A subscribe request that (re)opens a subscription is a line in the subscriber's history. */
  audit: AuditLog
}

/** Runs one job of the confirmation queue, whichever kind it is. */
export async function runConfirmationJob(
  deps: ConfirmationDeps,
  job: ConfirmationJob,
): Promise<FollowUpOutcome> {
  return 'kind' in job ? welcomeSubscriber(deps, job) : followUpSubscribe(deps, job)
}

/** One confirmation email per pending address per interval, however often the form is sent. */
export const CONFIRMATION_INTERVAL_SECONDS = 600

/**
 * sent: a confirmation email went out. nothing-due: the address is confirmed, suppressed, or was mailed
 * within the interval. superseded: a newer request for the address replaced this one (its own job acts on
 * it). gone: the request was already acted on (a job delivered twice) or erased.
 */
export type FollowUpOutcome = 'sent' | 'nothing-due' | 'superseded' | 'gone'

/**
 * The part of POST /subscribe that depends on who the address is, run by the confirmation worker after the
 * answer has gone (subscriptions.ts records the request and queues this job, the same for every address).
 * A new or returning address becomes pending and gets a confirmation email (at most one per interval); a
 * confirmed address is left as it is (an anonymous request may not change its settings) and gets nothing;
 * a suppressed address is never mailed. Throws when the email could not be sent, so the queue retries the
 * job; the retry sends the email this request decided on rather than taking it for sent.
 */
export async function followUpSubscribe(deps: ConfirmationDeps, job: SubscribeJob): Promise<FollowUpOutcome> {
  const request = await deps.subscribeRequests.get(job.subscriberId)
  if (request === undefined) return 'gone'
  if (request.requestId !== job.requestId) return 'superseded'
  const due = await recordDecision(deps, request)
  if (due !== undefined) await sendConfirmation(deps, due)
  await deps.subscribeRequests.finish(request.subscriberId, request.requestId)
  return due === undefined ? 'nothing-due' : 'sent'
}

/** Writes what the request changes; returns the subscriber to mail, or undefined when no email is due. */
async function recordDecision(
  deps: ConfirmationDeps,
  request: SubscribeRequest,
): Promise<Subscriber | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      const current = await deps.subscribers.get(request.subscriberId)
      // This request already made its decision, and the email it decided on may not have gone: send it.
      if (current?.confirmationRequestId === request.requestId) {
        return current.state === 'pending' ? current : undefined
      }
      const next = current === undefined ? newPending(deps, request) : returning(deps, current, request)
      if (next === undefined) return undefined
      if (current === undefined) await deps.subscribers.create(next)
      else await deps.subscribers.replace(next, current.revision)
      await auditSubscriber(deps.audit, next, 'subscribed', SUBSCRIBER_ACTOR, next.updatedAt)
      return next
    } catch (error) {
      // Another writer won the conditional write (a concurrent job, a confirm click): read and decide again.
      if (!(error instanceof ConflictError) || attempt >= 3) throw error
    }
  }
}

const chosen = (request: SubscribeRequest) => {
  const { topics, cadence, deliveryHour, timezone, lang } = request
  return { topics, cadence, deliveryHour, timezone, lang, ...(request.name && { name: request.name }) }
}

function newPending(deps: ConfirmationDeps, request: SubscribeRequest): Subscriber {
  const now = deps.clock.now().toISOString()
  return {
    id: request.subscriberId,
    email: request.email,
    ...chosen(request),
    state: 'pending',
    createdAt: now,
    updatedAt: now,
    confirmationSentAt: now,
    confirmationRequestId: request.requestId,
    softBounces: 0,
    tokenVersion: 1,
    revision: 1,
  }
}

function returning(
  deps: ConfirmationDeps,
  current: Subscriber,
  request: SubscribeRequest,
): Subscriber | undefined {
  if (current.state === 'confirmed' || current.state === 'suppressed') return undefined
  const now = deps.clock.now()
  const lastSent = current.confirmationSentAt === undefined ? 0 : Date.parse(current.confirmationSentAt)
  const mayResend = now.getTime() - lastSent >= CONFIRMATION_INTERVAL_SECONDS * 1000
  if (current.state === 'pending' && !mayResend) return undefined
  return {
    ...current,
    ...chosen(request),
    state: 'pending',
    // Coming back after leaving: links from the old emails must not confirm the new request.
    tokenVersion: current.state === 'unsubscribed' ? current.tokenVersion + 1 : current.tokenVersion,
    confirmationSentAt: now.toISOString(),
    confirmationRequestId: request.requestId,
    updatedAt: now.toISOString(),
    revision: current.revision + 1,
  }
}

async function sendConfirmation(deps: ConfirmationDeps, subscriber: Subscriber): Promise<void> {
  const { confirmUrl } = subscriberLinks(deps, subscriber)
  const email = deps.renderConfirmation({ lang: subscriber.lang, confirmUrl, publication: deps.publication })
  await deps.mailer.send({ to: subscriber.email, ...email, tags: feedbackTags('confirmation') })
}
