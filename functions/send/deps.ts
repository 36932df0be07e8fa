import { randomUUID } from 'node:crypto'
import { DynamoDigestStore } from '../adapters/dynamodb/digest-store'
import { DynamoSubscriberStore } from '../adapters/dynamodb/subscriber-store'
import { sesSendRate, TokenBucketPacer } from '../adapters/pacing/token-bucket'
import { clientSource, type BuildOptions } from '../clients'
import type { Config } from '../config'
import { publicationFromConfig, tokenSecretFrom } from '../config-values'
import { systemClock } from '../core/ports'
import { sesMailerFrom } from '../shared-deps'
import type { SendDeps } from './process-batch'

export interface SendDepsOptions extends BuildOptions<SendDeps> {
  /** Sends per second when SES does not say (the local emulator has no GetSendQuota); SEND_RATE_FALLBACK. */
  fallbackSendRate?: number
  /**
   * How many senders run at once (the send function's reserved concurrency, SENDER_CONCURRENCY): each
   * paces itself to its share of the account's rate, so all of them together stay under it.
   */
  senderConcurrency?: number
}

/**
 * The sender's composition root. It builds only what sending needs (no admin token, no templates, no
 * MJML), so the send function's bundle stays small and its role needs no more than it uses.
 */
export async function buildSendDeps(config: Config, options: SendDepsOptions = {}): Promise<SendDeps> {
  const { overrides = {} } = options
  const clients = clientSource(config, options.clients)
  const { document } = clients.dynamo()
  const ses = clients.ses()
  const clock = overrides.clock ?? systemClock
  const fallback = { maxSendRate: options.fallbackSendRate ?? config.SEND_RATE_FALLBACK }
  // The local emulator has no send quota to read (it never answers GetSendQuota).
  const rate =
    config.SES_ENDPOINT === undefined
      ? await sesSendRate(ses, fallback)
      : { ...fallback, source: 'configured' as const }
  const share = rate.maxSendRate / Math.max(1, options.senderConcurrency ?? config.SENDER_CONCURRENCY)
  return {
    digests: new DynamoDigestStore(document, config.TABLE_NAME),
    subscribers: new DynamoSubscriberStore(document, config.TABLE_NAME),
    mailer: sesMailerFrom(config, ses, clock),
    pacer: new TokenBucketPacer({ ratePerSecond: share, burst: Math.max(1, Math.floor(share)) }),
    clock,
    publication: publicationFromConfig(config),
    tokenSecret: overrides.tokenSecret ?? (await tokenSecretFrom(config, clients)),
    // Names this instance in ledger claims; processBatch adds a suffix per batch.
    worker: `send-${randomUUID().slice(0, 8)}`,
    ...overrides,
  }
}
