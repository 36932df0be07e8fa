import { DynamoArticleStore } from '../adapters/dynamodb/article-store'
import { DynamoAuditLog } from '../adapters/dynamodb/audit-log'
import { DynamoEditorSessionStore } from '../adapters/dynamodb/editor-session-store'
import { DynamoDigestStore } from '../adapters/dynamodb/digest-store'
import { DynamoDeliveryFigures } from '../adapters/dynamodb/delivery-figures'
import { DynamoRateLimiter } from '../adapters/dynamodb/rate-limiter'
import { DynamoSubscribeRequestStore } from '../adapters/dynamodb/subscribe-request-store'
import { DynamoSubscriberStore } from '../adapters/dynamodb/subscriber-store'
import { LocalMediaStore } from '../adapters/media/local-media-store'
import { S3MediaStore } from '../adapters/media/s3-media-store'
import { InProcessJobQueue } from '../adapters/queue/in-process-job-queue'
import { SqsConfirmationQueue } from '../adapters/queue/sqs-confirmation-queue'
import { SqsDeadLetterQueue } from '../adapters/queue/sqs-dead-letter-queue'
import { LambdaDigestTrigger } from '../adapters/lambda/lambda-digest-trigger'
import { clientSource, type BuildOptions, type ClientSource } from '../clients'
import type { Config } from '../config'
import { adminTokenFrom, originVerifyFrom, publicationFromConfig, tokenSecretFrom } from '../config-values'
import { normaliseTag } from '../core/article'
import type { ConfirmationJob } from '../core/confirmation'
import type { Publication } from '../core/publication'
import {
  systemClock,
  type ConfirmationQueue,
  type DeadLetterQueue,
  type DigestTrigger,
  type MediaStore,
} from '../core/ports'
import { feedChangeListenerFrom, goLiveSchedulerFrom, sesMailerFrom } from '../shared-deps'
import { renderConfirmationEmail } from '../email/render'
import { renderWelcomeEmail } from '../email/welcome'
import type { AppDeps } from './app-deps'

/**
 * Where POST /subscribe queues each request: SQS on AWS (the confirmations function consumes it); otherwise
 * an in-process queue whose worker the process starts (startLocalConfirmations: npm start, tests).
 */
function confirmationQueue(config: Config, clients: ClientSource): ConfirmationQueue {
  if (config.CONFIRMATION_QUEUE_URL === undefined) return new InProcessJobQueue<ConfirmationJob>()
  return new SqsConfirmationQueue(clients.sqs(), config.CONFIRMATION_QUEUE_URL)
}

/** The desk's uploads: the media bucket on AWS, a folder under npm start and in tests, else none. */
function mediaStore(config: Config, clients: ClientSource): MediaStore | undefined {
  if (config.MEDIA_BUCKET !== undefined) return new S3MediaStore(clients.s3(), config.MEDIA_BUCKET)
  if (config.MEDIA_DIR !== undefined) return new LocalMediaStore(config.MEDIA_DIR)
  return undefined
}

/** On AWS, the planner function runs, previews and tests digests; locally `npm start` hands its own. */
function digestTriggerFrom(config: Config, clients: ClientSource): DigestTrigger | undefined {
  if (config.DIGEST_PLANNER_FUNCTION === undefined) return undefined
  return new LambdaDigestTrigger(clients.lambda(), config.DIGEST_PLANNER_FUNCTION)
}

/** On AWS, the send queue's SQS dead-letter queue (count and redrive); locally the in-process queue's. */
function deadLettersFrom(config: Config, clients: ClientSource): DeadLetterQueue | undefined {
  const { DIGEST_DEAD_LETTER_QUEUE_URL, DIGEST_DEAD_LETTER_QUEUE_ARN, SEND_QUEUE_ARN } = config
  if (
    DIGEST_DEAD_LETTER_QUEUE_URL === undefined ||
    DIGEST_DEAD_LETTER_QUEUE_ARN === undefined ||
    SEND_QUEUE_ARN === undefined
  ) {
    return undefined
  }
  return new SqsDeadLetterQueue(clients.sqs(), {
    deadLetterQueueUrl: DIGEST_DEAD_LETTER_QUEUE_URL,
    deadLetterQueueArn: DIGEST_DEAD_LETTER_QUEUE_ARN,
    sendQueueArn: SEND_QUEUE_ARN,
  })
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
  const feedListener = feedChangeListenerFrom(config, clients)
  const scheduler = goLiveSchedulerFrom(config, clients)
  const media = mediaStore(config, clients)
  const digestTrigger = digestTriggerFrom(config, clients)
  const deadLetters = deadLettersFrom(config, clients)
  return {
    articles: new DynamoArticleStore(document, table),
    audit: new DynamoAuditLog(document, table),
    editorSessions: new DynamoEditorSessionStore(document, table),
    subscribers: new DynamoSubscriberStore(document, table),
    subscribeRequests: new DynamoSubscribeRequestStore(document, table),
    confirmations: confirmationQueue(config, clients),
    digests: new DynamoDigestStore(document, table),
    figures: new DynamoDeliveryFigures(document, table),
    rateLimiter: new DynamoRateLimiter(document, table, clock),
    clock,
    publication: withTagKeys(publicationFromConfig(config)),
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
    ...(media !== undefined && { media }),
    mediaMaxBytes: config.MEDIA_MAX_BYTES,
    ...(config.INDEXNOW_KEY !== undefined && { indexNowKey: config.INDEXNOW_KEY }),
    ...(feedListener !== undefined && { feedListener }),
    ...(scheduler !== undefined && { scheduler }),
    ...(digestTrigger !== undefined && { digestTrigger }),
    ...(deadLetters !== undefined && { deadLetters }),
    ...overrides,
  }
}

/** Tag descriptions keyed as tags are stored, so "Economy" in the configuration describes the tag "economy". */
function withTagKeys(publication: Publication): Publication {
  const descriptions = Object.entries(publication.tagDescriptions ?? {})
  return {
    ...publication,
    tagDescriptions: Object.fromEntries(descriptions.map(([tag, text]) => [normaliseTag(tag), text])),
  }
}
