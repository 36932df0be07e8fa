import { DynamoArticleStore } from '../adapters/dynamodb/article-store'
import { DynamoDigestStore } from '../adapters/dynamodb/digest-store'
import { DynamoSubscriberStore } from '../adapters/dynamodb/subscriber-store'
import { DynamoWarmUpStore } from '../adapters/dynamodb/warm-up-store'
import { realLeaseWaits } from '../adapters/lease-waits'
import { SqsBatchQueue } from '../adapters/queue/sqs-queue'
import { clientSource, type BuildOptions } from '../clients'
import type { Config } from '../config'
import { publicationFromConfig } from '../config-values'
import type { PlanDeps } from '../core/plan-digest'
import { systemClock } from '../core/ports'
import { sesMailerFrom } from '../shared-deps'
import type { DigestRequestDeps } from './handle-request'
import { sendQueueUrl } from './handle-schedule'
import { variantRenderer } from './render-variant'

/**
 * The planner's composition root: stores, the send queue and the MJML renderer. No secret: it renders each
 * variant with placeholders, and the sender signs every subscriber's links (process-batch.ts).
 */
export function buildPlanDeps(config: Config, options: BuildOptions<PlanDeps> = {}): PlanDeps {
  const { overrides = {} } = options
  const clients = clientSource(config, options.clients)
  const { document } = clients.dynamo()
  return {
    subscribers: new DynamoSubscriberStore(document, config.TABLE_NAME),
    articles: new DynamoArticleStore(document, config.TABLE_NAME),
    digests: new DynamoDigestStore(document, config.TABLE_NAME),
    // Checked here, so a stack without the queue fails at cold start with the variable's name; in-process
    // runs (npm start, tests) hand their own queue instead.
    queue: overrides.queue ?? new SqsBatchQueue(clients.sqs(), sendQueueUrl(config)),
    clock: systemClock,
    renderVariant: variantRenderer(publicationFromConfig(config), config.POSTAL_ADDRESS),
    // Always there: a queue left by a warm-up cap is emptied even once the schedule is removed.
    warmUp: {
      store: new DynamoWarmUpStore(document, config.TABLE_NAME),
      ...(config.WARMUP_SCHEDULE !== undefined && { schedule: config.WARMUP_SCHEDULE }),
      timeZone: config.PUBLICATION_TIME_ZONE,
    },
    // The planning lease's timer and ids (the core keeps none of its own).
    ...realLeaseWaits,
    ...overrides,
  }
}

/**
 * The planner function's deps: the plan deps, and for the HTTP function's requests (handle-request.ts) the
 * publication and a mailer that sends test digests. Still no secret: a test digest's links are placeholders.
 */
export function buildPlannerDeps(
  config: Config,
  options: BuildOptions<DigestRequestDeps> = {},
): DigestRequestDeps {
  const clients = clientSource(config, options.clients)
  const plan = buildPlanDeps(config, {
    ...options,
    clients: { dynamo: clients.dynamo(), ...options.clients },
  })
  return {
    ...plan,
    publication: publicationFromConfig(config),
    mailer: sesMailerFrom(config, clients.ses(), plan.clock),
    ...options.overrides,
  }
}
