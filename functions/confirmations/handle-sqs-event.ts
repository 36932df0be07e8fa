import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch'
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda'
import { z } from 'zod'
import { runConfirmationJob, type ConfirmationDeps, type ConfirmationJob } from '../core/confirmation'

const jobSchema = z.union([
  z.strictObject({
    kind: z.literal('welcome'),
    subscriberId: z.string().min(1).max(100),
    // Compared with the stored confirmedAt as it is, never read as a date: names which confirmation.
    confirmedAt: z.string().min(1).max(40),
  }),
  z.object({
    subscriberId: z.string().min(1).max(100),
    requestId: z.string().min(1).max(100),
  }),
]) satisfies z.ZodType<ConfirmationJob>

/**
 * One SQS delivery of the confirmation queue: each message is one subscribe request to act on, or one
 * confirmation to welcome. A message whose job threw (SES throttled, DynamoDB unreachable) is reported
 * failed, so SQS delivers it again (and after the queue's maxReceiveCount moves it to the dead-letter
 * queue); a message that is not a job is dropped with a warning, since no retry can fix it. Powertools'
 * BatchProcessor collects the failures. The event source mapping must have ReportBatchItemFailures on.
 */
export async function handleConfirmationJobs(
  deps: ConfirmationDeps,
  event: SQSEvent,
  warn: (message: string) => void,
): Promise<SQSBatchResponse> {
  const handleRecord = async (record: SQSRecord) => {
    let body: unknown
    try {
      body = JSON.parse(record.body)
    } catch {
      body = undefined
    }
    const job = jobSchema.safeParse(body)
    if (!job.success) {
      warn(`Message ${record.messageId} is not a confirmation job; dropped: ${job.error.message}`)
      return
    }
    try {
      await runConfirmationJob(deps, job.data)
    } catch (error) {
      warn(`Message ${record.messageId} failed: ${error instanceof Error ? error.message : String(error)}`)
      throw error
    }
  }
  // One job after another, as before; a batch whose every job failed is reported, not thrown, the same way.
  return processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), {
    processInParallel: false,
    throwOnFullBatchFailure: false,
  })
}
