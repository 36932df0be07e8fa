import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { retrying, type RetryPolicy } from '../retry-policy'

type Item = Record<string, unknown>

// DynamoDB's limits per call: 100 keys to read, 25 items to write.
const GET_LIMIT = 100
const WRITE_LIMIT = 25
// DynamoDB may hand back part of a batch when a partition is busy; the SDK's own retries do not cover that.
// The waits start small (a busy partition recovers within milliseconds) and stay under a second.
const UNPROCESSED_RETRY: RetryPolicy = { tries: 8, firstDelayMs: 50, maxDelayMs: 1_000 }

/** DynamoDB left part of a batch unprocessed; the next try sends only that part. */
class Unprocessed extends Error {}

const retryingUnprocessed = <T>(attempt: () => Promise<T>) =>
  retrying(attempt, UNPROCESSED_RETRY, { retryable: (error) => error instanceof Unprocessed })

/**
 * Reads many items by key, strongly consistent, in calls of 100, retrying what DynamoDB leaves unprocessed
 * (with a short backoff). Returns the items that exist, in no particular order.
 */
export async function batchGetAll(
  db: DynamoDBDocumentClient,
  tableName: string,
  keys: Item[],
  projection?: string,
): Promise<Item[]> {
  const found: Item[] = []
  for (let start = 0; start < keys.length; start += GET_LIMIT) {
    let pending: Item[] = keys.slice(start, start + GET_LIMIT)
    await retryingUnprocessed(async () => {
      const { Responses, UnprocessedKeys } = await db.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: pending,
              ConsistentRead: true,
              ...(projection !== undefined && { ProjectionExpression: projection }),
            },
          },
        }),
      )
      found.push(...(Responses?.[tableName] ?? []))
      pending = (UnprocessedKeys?.[tableName]?.Keys ?? []) as Item[]
      if (pending.length > 0) throw new Unprocessed(`BatchGetItem left ${pending.length} keys unprocessed`)
    })
  }
  return found
}

export type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } }

/** Puts and deletes many items, unconditionally, in calls of 25, retrying what DynamoDB leaves unprocessed. */
export async function batchWriteAll(
  db: DynamoDBDocumentClient,
  tableName: string,
  requests: WriteRequest[],
): Promise<void> {
  for (let start = 0; start < requests.length; start += WRITE_LIMIT) {
    let pending = requests.slice(start, start + WRITE_LIMIT)
    await retryingUnprocessed(async () => {
      const { UnprocessedItems } = await db.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
      )
      pending = (UnprocessedItems?.[tableName] ?? []) as typeof pending
      if (pending.length > 0) throw new Unprocessed(`BatchWriteItem left ${pending.length} items unprocessed`)
    })
  }
}
