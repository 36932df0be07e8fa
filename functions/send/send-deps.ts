import { randomUUID } from 'node:crypto'
import { SESClient } from '@aws-sdk/client-ses'
import { createDynamoClients } from '../adapters/dynamodb/client'
import { DynamoDigestStore } from '../adapters/dynamodb/digest-store'
import { DynamoSubscriberStore } from '../adapters/dynamodb/subscriber-store'
import { sesSendRate, TokenBucketPacer } from '../adapters/pacing/token-bucket'
import { SesMailer } from '../adapters/ses/ses-mailer'
import type { Config } from '../config'
import { publicationFromConfig, tokenSecretFrom } from '../config-values'
import { systemClock } from '../core/ports'
import type { SendDeps } from './process-batch'

export interface SendDepsOptions {
  /** Sends per second when SES does not say (the local emulator has no GetSendQuota). */
  fallbackSendRate?: number
  /**
   * How many senders run at once (the send function's reserved concurrency): each paces itself to its
   * share of the account's rate, so all of them together stay under it.
   */
  senderConcurrency?: number
}

/**
 * The sender's composition root. It builds only what sending needs (no admin token, no templates, no
 * MJML), so the send function's bundle stays small and its role needs no more than it uses.
 */
export async function buildSendDeps(config: Config, options: SendDepsOptions = {}): Promise<SendDeps> {
  const { document } = createDynamoClients({
    region: config.AWS_REGION,
    ...(config.DYNAMODB_ENDPOINT !== undefined && { endpoint: config.DYNAMODB_ENDPOINT }),
  })
  const ses = new SESClient({
    region: config.AWS_REGION,
    ...(config.SES_ENDPOINT !== undefined && {
      endpoint: config.SES_ENDPOINT,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  })
  const fallback = { maxSendRate: options.fallbackSendRate ?? 10 }
  // The local emulator has no send quota to read (it never answers GetSendQuota).
  const rate =
    config.SES_ENDPOINT === undefined
      ? await sesSendRate(ses, fallback)
      : { ...fallback, source: 'configured' as const }
  const share = rate.maxSendRate / Math.max(1, options.senderConcurrency ?? 1)
  return {
    digests: new DynamoDigestStore(document, config.TABLE_NAME),
    subscribers: new DynamoSubscriberStore(document, config.TABLE_NAME),
    mailer: new SesMailer({
      region: config.AWS_REGION,
      from: config.MAIL_FROM,
      client: ses,
      ...(config.SES_CONFIGURATION_SET !== undefined && { configurationSet: config.SES_CONFIGURATION_SET }),
      ...(config.OUTBOX_DIR !== undefined && { outboxDir: config.OUTBOX_DIR }),
    }),
    pacer: new TokenBucketPacer({ ratePerSecond: share, burst: Math.max(1, Math.floor(share)) }),
    clock: systemClock,
    publication: publicationFromConfig(config),
    tokenSecret: await tokenSecretFrom(config),
    // Names this instance in ledger claims; processBatch adds a suffix per batch.
    worker: `send-${randomUUID().slice(0, 8)}`,
  }
}
