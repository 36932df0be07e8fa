import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch'
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda'
import { z } from 'zod'
import type { EdgeCache, PageSubmitter, Pinger } from '../core/ports'

// pageUrls came later (IndexNow): a message queued before them, without the field, is still a feed change.
const messageSchema = z.object({
  topicUrls: z.array(z.url()).min(1).max(100),
  pageUrls: z.array(z.url()).max(100).default([]),
})
type FeedChange = z.infer<typeof messageSchema>

/**
 * One SQS delivery of the feed-change queue: each message names the feeds one write changed and the pages
 * (the article's URL) search engines should fetch again. The edge's copies of every feed and page the
 * delivery names are invalidated together first (one invalidation per delivery, not per message); then the
 * hubs hear of the feeds and IndexNow of the pages. A message whose hubs or IndexNow stayed unreachable, or
 * all of them when the invalidation failed, is reported failed, so SQS brings it back later (and after a few tries moves it to the dead-letter queue);
 * a message that is not one of ours is dropped with a warning, since no retry can fix it.
 */
export async function handleFeedChanges(
  pinger: Pinger,
  event: SQSEvent,
  warn: (message: string) => void,
  edge?: EdgeCache,
  indexNow?: PageSubmitter,
): Promise<SQSBatchResponse> {
  const changes = new Map<string, FeedChange>()
  for (const record of event.Records) {
    let body: unknown
    try {
      body = JSON.parse(record.body)
    } catch {
      body = undefined
    }
    const parsed = messageSchema.safeParse(body)
    if (parsed.success) changes.set(record.messageId, parsed.data)
    else warn(`Message ${record.messageId} is not a feed change; dropped: ${parsed.error.message}`)
  }
  if (changes.size === 0) return { batchItemFailures: [] }
  let invalidated = true
  if (edge !== undefined) {
    const urls = [...changes.values()].flatMap((change) => [...change.topicUrls, ...change.pageUrls])
    const paths = [...new Set(urls.map((url) => new URL(url).pathname))]
    try {
      await edge.invalidate(paths)
    } catch (error) {
      warn(`Could not invalidate ${paths.length} feed path(s) at the edge; SQS will retry: ${String(error)}`)
      invalidated = false
    }
  }
  const handleRecord = async (record: SQSRecord) => {
    const change = changes.get(record.messageId)
    if (change === undefined) return // not ours: dropped above
    // No hub or search engine may hear of a feed or page whose old copy the edge may still serve.
    if (!invalidated) throw new Error('the edge still serves the old feeds')
    const [hubsTold, enginesTold] = await Promise.all([
      pinger.pingAll(change.topicUrls),
      indexNow === undefined || change.pageUrls.length === 0 ? true : indexNow.submit(change.pageUrls),
    ])
    if (!hubsTold) throw new Error('a hub stayed unreachable')
    if (!enginesTold) throw new Error('IndexNow stayed unreachable')
  }
  // Every message's hubs at once, as before; a delivery whose every message failed is reported, not thrown.
  return processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), {
    throwOnFullBatchFailure: false,
  })
}
