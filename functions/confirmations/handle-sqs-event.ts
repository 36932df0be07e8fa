import type { SQSBatchResponse, SQSEvent } from 'aws-lambda'
import { z } from 'zod'
import { followUpSubscribe, type ConfirmationDeps, type ConfirmationJob } from '../core/confirmation'

const jobSchema = z.object({
  subscriberId: z.string().min(1).max(100),
  requestId: z.string().min(1).max(100),
}) satisfies z.ZodType<ConfirmationJob>

/**
 * One SQS delivery of the confirmation queue: each message is one subscribe request to act on. A message
 * whose job threw (SES throttled, DynamoDB unreachable) is reported failed, so SQS delivers it again (and
 * after the queue's maxReceiveCount moves it to the dead-letter queue); a message that is not a job is
 * dropped with a warning, since no retry can fix it. The event source mapping must have
 * ReportBatchItemFailures on.
 */
export async function handleConfirmationJobs(
  deps: ConfirmationDeps,
  event: SQSEvent,
  warn: (message: string) => void,
): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = []
  for (const record of event.Records) {
    let body: unknown
    try {
      body = JSON.parse(record.body)
    } catch {
      body = undefined
    }
    const job = jobSchema.safeParse(body)
    if (!job.success) {
      warn(`Message ${record.messageId} is not a confirmation job; dropped: ${job.error.message}`)
      continue
    }
    try {
      await followUpSubscribe(deps, job.data)
    } catch (error) {
      warn(`Message ${record.messageId} failed: ${error instanceof Error ? error.message : String(error)}`)
      batchItemFailures.push({ itemIdentifier: record.messageId })
    }
  }
  return { batchItemFailures }
}
