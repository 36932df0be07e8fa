import { createDynamoClients } from './adapters/dynamodb/client'
import { DynamoArticleStore } from './adapters/dynamodb/article-store'
import type { Config } from './config'
import { publicationFromConfig, readSecret, readSecretWithPrevious, tokenSecretFrom } from './config-values'
import { SesMailer } from './adapters/ses/ses-mailer'
import { HubPinger } from './adapters/websub/hub-pinger'
import { FeedChangeQueue } from './adapters/queue/feed-change-queue'
import { SQSClient } from '@aws-sdk/client-sqs'
import { logEntry } from './log'
import type { ConfirmationJob, RenderConfirmation } from './core/confirmation'
import { InProcessJobQueue } from './adapters/queue/in-process-job-queue'
import { SqsConfirmationQueue } from './adapters/queue/sqs-confirmation-queue'
import { DynamoSubscribeRequestStore } from './adapters/dynamodb/subscribe-request-store'
import { renderConfirmationEmail } from './email/render'
import { DynamoDigestStore } from './adapters/dynamodb/digest-store'
import { DynamoRateLimiter } from './adapters/dynamodb/rate-limiter'
import type { DigestTrigger } from './http/routes/admin-digests'
import { DynamoSubscriberStore } from './adapters/dynamodb/subscriber-store'
import {
  systemClock,
  type ArticleStore,
  type Clock,
  type ConfirmationQueue,
  type DigestStore,
  type FeedChangeListener,
  type Mailer,
  type RateLimiter,
  type SubscribeRequestStore,
  type SubscriberStore,
} from './core/ports'
import type { Publication } from './core/publication'

/** Everything the entry points need, built once per process (per Lambda cold start). */
export interface Deps {
  articles: ArticleStore
  subscribers: SubscriberStore
  subscribeRequests: SubscribeRequestStore
  /**
   * Where POST /subscribe queues each request: SQS on AWS (the confirmations function consumes it); otherwise
   * an in-process queue whose worker the process starts (startLocalConfirmations: npm start, tests).
   */
  confirmations: ConfirmationQueue
  digests: DigestStore
  /** Runs a digest now (admin API); only where a planner runs in process (npm start). */
  digestTrigger?: DigestTrigger
  rateLimiter: RateLimiter
  clock: Clock
  publication: Publication
  adminToken: string
  /**
   * The values CloudFront may add as X-Origin-Verify (see client-address.ts): the secret's current value and,
   * while a rotation reaches CloudFront's edges, its previous one. Absent locally.
   */
  originVerify?: readonly string[]
  feeds: FeedSettings
  mailer: Mailer
  /** Signs the links in emails (confirm, preferences, unsubscribe). */
  tokenSecret: string
  /** For the in-process confirmation worker (npm start, tests); on AWS the confirmations function renders. */
  renderConfirmation: RenderConfirmation
  /** Pings WebSub hubs after writes; absent when no hub is configured. */
  feedListener?: FeedChangeListener
}

export interface FeedSettings {
  /** Cache-Control of subscription feeds; suits a CDN in front. */
  cacheControl: string
  /** WebSub hubs advertised in every subscription feed and pinged on every change. */
  hubs: string[]
  /** How long one read of the publication version serves polls (see FeedCache). */
  versionTtlMs: number
}

/**
 * Who tells the WebSub hubs: on AWS a queue the WebSub function works through (a Lambda stops when its
 * response is sent, so pings in the background would be lost); locally the pinger itself, in the background.
 */
function feedChangeListener(config: Config): FeedChangeListener {
  if (config.FEED_CHANGES_QUEUE_URL === undefined) return new HubPinger(config.WEBSUB_HUBS, { log: logEntry })
  const sqs = new SQSClient({ region: config.AWS_REGION })
  return new FeedChangeQueue(sqs, config.FEED_CHANGES_QUEUE_URL, logEntry)
}

function confirmationQueue(config: Config): ConfirmationQueue {
  if (config.CONFIRMATION_QUEUE_URL === undefined) return new InProcessJobQueue<ConfirmationJob>()
  return new SqsConfirmationQueue(new SQSClient({ region: config.AWS_REGION }), config.CONFIRMATION_QUEUE_URL)
}

/** The composition root: the only place that picks concrete adapters. */
export async function getDeps(config: Config): Promise<Deps> {
  const { document } = createDynamoClients({
    region: config.AWS_REGION,
    ...(config.DYNAMODB_ENDPOINT !== undefined && { endpoint: config.DYNAMODB_ENDPOINT }),
  })
  return {
    articles: new DynamoArticleStore(document, config.TABLE_NAME),
    subscribers: new DynamoSubscriberStore(document, config.TABLE_NAME),
    subscribeRequests: new DynamoSubscribeRequestStore(document, config.TABLE_NAME),
    confirmations: confirmationQueue(config),
    digests: new DynamoDigestStore(document, config.TABLE_NAME),
    rateLimiter: new DynamoRateLimiter(document, config.TABLE_NAME, systemClock),
    clock: systemClock,
    publication: publicationFromConfig(config),
    adminToken: config.ADMIN_TOKEN ?? (await readSecret(config.AWS_REGION, config.ADMIN_TOKEN_SECRET_ARN!)),
    tokenSecret: await tokenSecretFrom(config),
    ...(config.ORIGIN_VERIFY_SECRET_ARN !== undefined && {
      originVerify: await readSecretWithPrevious(config.AWS_REGION, config.ORIGIN_VERIFY_SECRET_ARN),
    }),
    mailer: new SesMailer({
      region: config.AWS_REGION,
      from: config.MAIL_FROM,
      ...(config.SES_ENDPOINT !== undefined && { endpoint: config.SES_ENDPOINT }),
      ...(config.SES_CONFIGURATION_SET !== undefined && { configurationSet: config.SES_CONFIGURATION_SET }),
      ...(config.OUTBOX_DIR !== undefined && { outboxDir: config.OUTBOX_DIR }),
    }),
    renderConfirmation: (input) =>
      renderConfirmationEmail({ ...input, postalAddress: config.POSTAL_ADDRESS }),
    feeds: {
      cacheControl: config.FEED_CACHE_CONTROL,
      hubs: config.WEBSUB_HUBS,
      versionTtlMs: config.FEED_VERSION_TTL_MS,
    },
    ...(config.WEBSUB_HUBS.length > 0 && { feedListener: feedChangeListener(config) }),
  }
}
