import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch'
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda'
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
  const changes = new Map<string, string[]>()
  for (const record of event.Records) {
    let body: unknown
    try {
      body = JSON.parse(record.body)
    } catch {
      body = undefined
    }
    const parsed = messageSchema.safeParse(body)
    if (parsed.success) changes.set(record.messageId, parsed.data.topicUrls)
    else warn(`Message ${record.messageId} is not a feed change; dropped: ${parsed.error.message}`)
  }
  if (changes.size === 0) return { batchItemFailures: [] }
  let invalidated = true
  if (edge !== undefined) {
    const paths = [...new Set([...changes.values()].flat().map((url) => new URL(url).pathname))]
    try {
      await edge.invalidate(paths)
    } catch (error) {
      warn(`Could not invalidate ${paths.length} feed path(s) at the edge; SQS will retry: ${String(error)}`)
      invalidated = false
    }
  }
  const handleRecord = async (record: SQSRecord) => {
    const topicUrls = changes.get(record.messageId)
    if (topicUrls === undefined) return // not ours: dropped above
    // No hub may hear of a feed whose old copy the edge may still serve.
    if (!invalidated) throw new Error('the edge still serves the old feeds')
    if (!(await pinger.pingAll(topicUrls))) throw new Error('a hub stayed unreachable')
  }
  // Every message's hubs at once, as before; a delivery whose every message failed is reported, not thrown.
  return processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), {
    throwOnFullBatchFailure: false,
  })
}
