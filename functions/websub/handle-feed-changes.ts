import type { SQSBatchResponse, SQSEvent } from 'aws-lambda'
import { z } from 'zod'

const messageSchema = z.object({ topicUrls: z.array(z.url()).min(1).max(100) })

/** What the handler needs of a pinger (HubPinger). */
export interface Pinger {
  pingAll(topicUrls: string[]): Promise<boolean>
}

/**
 * One SQS delivery of the feed-change queue: each message names the feeds one write changed. A message
 * whose hubs stayed unreachable is reported failed, so SQS brings it back later (and after a few tries
 * moves it to the dead-letter queue); a message that is not one of ours is dropped with a warning, since
 * no retry can fix it.
 */
export async function handleFeedChanges(
  pinger: Pinger,
  event: SQSEvent,
  warn: (message: string) => void,
): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = []
  await Promise.all(
    event.Records.map(async (record) => {
      let body: unknown
      try {
        body = JSON.parse(record.body)
      } catch {
        body = undefined
      }
      const parsed = messageSchema.safeParse(body)
      if (!parsed.success) {
        warn(`Message ${record.messageId} is not a feed change; dropped: ${parsed.error.message}`)
        return
      }
      if (!(await pinger.pingAll(parsed.data.topicUrls))) {
        batchItemFailures.push({ itemIdentifier: record.messageId })
      }
    }),
  )
  return { batchItemFailures }
}
