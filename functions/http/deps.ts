import { DynamoArticleStore } from '../adapters/dynamodb/article-store'
import { DynamoDigestStore } from '../adapters/dynamodb/digest-store'
import { DynamoRateLimiter } from '../adapters/dynamodb/rate-limiter'
import { DynamoSubscribeRequestStore } from '../adapters/dynamodb/subscribe-request-store'
import { DynamoSubscriberStore } from '../adapters/dynamodb/subscriber-store'
import { FeedChangeQueue } from '../adapters/queue/feed-change-queue'
import { InProcessJobQueue } from '../adapters/queue/in-process-job-queue'
import { SqsConfirmationQueue } from '../adapters/queue/sqs-confirmation-queue'
import { HubPinger } from '../adapters/websub/hub-pinger'
import { clientSource, type BuildOptions, type ClientSource } from '../clients'
import type { Config } from '../config'
import { adminTokenFrom, originVerifyFrom, publicationFromConfig, tokenSecretFrom } from '../config-values'
import type { ConfirmationJob } from '../core/confirmation'
import { systemClock, type ConfirmationQueue, type FeedChangeListener } from '../core/ports'
import { logEntry } from '../log'
import { sesMailerFrom } from '../shared-deps'
import { renderConfirmationEmail } from '../email/render'
import { renderWelcomeEmail } from '../email/welcome'
import type { AppDeps } from './app-deps'

/**
 * Who tells the WebSub hubs: on AWS a queue the WebSub function works through (a Lambda stops when its
 * response is sent, so pings in the background would be lost); locally the pinger itself, in the background.
 */
function feedChangeListener(config: Config, clients: ClientSource): FeedChangeListener {
  if (config.FEED_CHANGES_QUEUE_URL === undefined) return new HubPinger(config.WEBSUB_HUBS, { log: logEntry })
  return new FeedChangeQueue(clients.sqs(), config.FEED_CHANGES_QUEUE_URL, logEntry)
}

/**
 * Where POST /subscribe queues each request: SQS on AWS (the confirmations function consumes it); otherwise
 * an in-process queue whose worker the process starts (startLocalConfirmations: npm start, tests).
 */
function confirmationQueue(config: Config, clients: ClientSource): ConfirmationQueue {
  if (config.CONFIRMATION_QUEUE_URL === undefined) return new InProcessJobQueue<ConfirmationJob>()
  return new SqsConfirmationQueue(clients.sqs(), config.CONFIRMATION_QUEUE_URL)
}

/**
 * The HTTP function's composition root (also `npm start`'s app, the tests' and the benches'): the stores,
 * the admin token, the link-signing key and, behind CloudFront, the origin-verify values.
 */
export async function buildHttpDeps(config: Config, options: BuildOptions<AppDeps> = {}): Promise<AppDeps> {
  const { overrides = {} } = options
  const clients = clientSource(config, options.clients)
  const { document } = clients.dynamo()
  const table = config.TABLE_NAME
  const clock = overrides.clock ?? systemClock
  const originVerify = overrides.originVerify ?? (await originVerifyFrom(config, clients))
  return {
    articles: new DynamoArticleStore(document, table),
    subscribers: new DynamoSubscriberStore(document, table),
    subscribeRequests: new DynamoSubscribeRequestStore(document, table),
    confirmations: confirmationQueue(config, clients),
    digests: new DynamoDigestStore(document, table),
    rateLimiter: new DynamoRateLimiter(document, table, clock),
    clock,
    publication: publicationFromConfig(config),
    adminToken: overrides.adminToken ?? (await adminTokenFrom(config, clients)),
    tokenSecret: overrides.tokenSecret ?? (await tokenSecretFrom(config, clients)),
    ...(originVerify !== undefined && { originVerify }),
    mailer: sesMailerFrom(config, clients.ses(), clock),
    // The postal address anti-spam law asks for, in the footer.
    renderConfirmation: (input) =>
      renderConfirmationEmail({ ...input, postalAddress: config.POSTAL_ADDRESS }),
    renderWelcome: (input) => renderWelcomeEmail({ ...input, postalAddress: config.POSTAL_ADDRESS }),
    ...(config.LIST_UNSUBSCRIBE_MAILTO !== undefined && {
      listUnsubscribeMailto: config.LIST_UNSUBSCRIBE_MAILTO,
    }),
    feeds: {
      cacheControl: config.FEED_CACHE_CONTROL,
      hubs: config.WEBSUB_HUBS,
      versionTtlMs: config.FEED_VERSION_TTL_MS,
    },
    ...(config.WEBSUB_HUBS.length > 0 && { feedListener: feedChangeListener(config, clients) }),
    ...overrides,
  }
}
