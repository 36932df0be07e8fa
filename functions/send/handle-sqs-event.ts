import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch'
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda'
import { z } from 'zod'
import type { DeliveryBatch } from '../core/digest'
import { processBatch, type ProcessBatchOptions, type SendDeps } from './process-batch'

const batchSchema = z.object({
  digestId: z.string().min(1),
  variantId: z.string().min(1),
  subscriberIds: z.array(z.string().min(1)).max(1000),
}) satisfies z.ZodType<DeliveryBatch>

/**
 * One SQS delivery of the send queue. The answer is SQS's partial batch response: a message is reported
 * failed when its batch threw or when some of its recipients failed. SQS then delivers the whole message
 * again (it cannot shrink a message), and the delivery ledger makes the recipients already sent or
 * skipped cost one conditional write each. After the queue's maxReceiveCount it goes to the dead-letter
 * queue. The event source mapping must have ReportBatchItemFailures on.
 */
export async function handleSqsEvent(
  deps: SendDeps,
  event: SQSEvent,
  options: ProcessBatchOptions = {},
): Promise<SQSBatchResponse> {
  const warn = options.warn ?? ((message: string) => console.warn(message))
  const handleRecord = async (record: SQSRecord) => {
    let failedSubscriberIds: string[]
    try {
      const parsed = batchSchema.safeParse(JSON.parse(record.body))
      if (!parsed.success) throw new Error(`not a delivery batch: ${parsed.error.message}`)
      ;({ failedSubscriberIds } = await processBatch(deps, parsed.data, options))
    } catch (error) {
      warn(`Message ${record.messageId} failed: ${error instanceof Error ? error.message : String(error)}`)
      throw error
    }
    // Some recipients failed: the whole message comes back (SQS cannot shrink it); the ledger skips the rest.
    if (failedSubscriberIds.length > 0) {
      warn(`Message ${record.messageId}: ${failedSubscriberIds.length} recipient(s) to retry`)
      throw new Error(`${failedSubscriberIds.length} recipient(s) to retry`)
    }
  }
  // One message after another: the pacer sets the pace anyway, and a message's recipients stay together.
  // A delivery whose every message failed is reported, not thrown, like any other.
  return processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), {
    processInParallel: false,
    throwOnFullBatchFailure: false,
  })
}
