import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs'
import type { DeliveryBatch } from '../../core/digest'
import type { BatchQueue } from '../../core/ports'

/** SendMessageBatch takes at most 10 entries per call. */
const ENTRIES_PER_CALL = 10

export interface SqsBatchQueueOptions {
  /** Calls per group of 10 before giving up on entries SQS keeps refusing. */
  maxAttempts?: number
  /** First backoff between attempts; doubles each time, with full jitter. */
  backoffMs?: number
  sleep?: (ms: number) => Promise<void>
  random?: () => number
}

/** Thrown when some batches could not be enqueued; names how many and why, so the planner can retry. */
export class EnqueueError extends Error {
  override name = 'EnqueueError'
}

/**
 * The digest planner's queue on AWS: each DeliveryBatch is one SQS message (JSON), sent ten at a time.
 * SendMessageBatch can succeed for some entries and fail for others, so the failed ones are sent again;
 * an entry SQS blames on the sender (SenderFault, e.g. a message too large) is not retried. Enqueueing
 * twice is harmless: the delivery ledger makes a recipient's second message a no-op.
 */
export class SqsBatchQueue implements BatchQueue {
  private readonly maxAttempts: number
  private readonly backoffMs: number
  private readonly sleep: (ms: number) => Promise<void>
  private readonly random: () => number

  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    options: SqsBatchQueueOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 5
    this.backoffMs = options.backoffMs ?? 100
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
    this.random = options.random ?? Math.random
  }

  async send(batches: DeliveryBatch[]): Promise<void> {
    const refused: string[] = []
    for (let start = 0; start < batches.length; start += ENTRIES_PER_CALL) {
      const entries = batches
        .slice(start, start + ENTRIES_PER_CALL)
        .map((batch, index): SendMessageBatchRequestEntry => ({
          Id: String(start + index),
          MessageBody: JSON.stringify(batch),
        }))
      refused.push(...(await this.sendGroup(entries)))
    }
    if (refused.length > 0) {
      throw new EnqueueError(
        `SQS refused ${refused.length} of ${batches.length} delivery batches: ${refused.slice(0, 5).join('; ')}`,
      )
    }
  }

  /** Sends one group of up to 10, retrying the entries that failed; returns why the rest were refused. */
  private async sendGroup(entries: SendMessageBatchRequestEntry[]): Promise<string[]> {
    const refused: string[] = []
    let pending = entries
    for (let attempt = 1; ; attempt++) {
      const { Failed = [] } = await this.client.send(
        new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: pending }),
      )
      const describe = (failure: (typeof Failed)[number]) =>
        `${failure.Code ?? 'error'}: ${failure.Message ?? 'no message'}`
      refused.push(...Failed.filter((failure) => failure.SenderFault === true).map(describe))
      const retryable = Failed.filter((failure) => failure.SenderFault !== true)
      if (retryable.length === 0) return refused
      if (attempt >= this.maxAttempts) {
        return [...refused, ...retryable.map((failure) => `${describe(failure)} (after ${attempt} attempts)`)]
      }
      const retryIds = new Set(retryable.map((failure) => failure.Id))
      pending = pending.filter((entry) => retryIds.has(entry.Id))
      await this.sleep(this.random() * this.backoffMs * 2 ** (attempt - 1))
    }
  }
}
