import type { SQSBatchResponse, SQSEvent } from 'aws-lambda'
import { z } from 'zod'
import type { EdgeCache, Pinger } from '../core/ports'

const messageSchema = z.object({ topicUrls: z.array(z.url()).min(1).max(100) })

/**
 * One SQS delivery of the feed-change queue: each message names the feeds one write changed. The edge's
 * copies of every feed the delivery names are invalidated together first (one invalidation per delivery,
 * not per message). A message whose hubs stayed unreachable, or all of them when the invalidation failed,
 * is reported failed, so SQS brings it back later (and after a few tries moves it to the dead-letter queue);
 * a message that is not one of ours is dropped with a warning, since no retry can fix it.
 */
export async function handleFeedChanges(
  pinger: Pinger,
  event: SQSEvent,
  warn: (message: string) => void,
  edge?: EdgeCache,
): Promise<SQSBatchResponse> {
  const changes: { messageId: string; topicUrls: string[] }[] = []
  for (const record of event.Records) {
    let body: unknown
    try {
      body = JSON.parse(record.body)
    } catch {
      body = undefined
    }
    const parsed = messageSchema.safeParse(body)
    if (parsed.success) changes.push({ messageId: record.messageId, topicUrls: parsed.data.topicUrls })
    else warn(`Message ${record.messageId} is not a feed change; dropped: ${parsed.error.message}`)
  }
  if (changes.length === 0) return { batchItemFailures: [] }
  if (edge !== undefined) {
    const paths = [
      ...new Set(changes.flatMap((change) => change.topicUrls.map((url) => new URL(url).pathname))),
    ]
    try {
      await edge.invalidate(paths)
    } catch (error) {
      warn(`Could not invalidate ${paths.length} feed path(s) at the edge; SQS will retry: ${String(error)}`)
      return { batchItemFailures: changes.map((change) => ({ itemIdentifier: change.messageId })) }
    }
  }
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = []
  await Promise.all(
    changes.map(async (change) => {
      if (!(await pinger.pingAll(change.topicUrls)))
        batchItemFailures.push({ itemIdentifier: change.messageId })
    }),
  )
  return { batchItemFailures }
}
