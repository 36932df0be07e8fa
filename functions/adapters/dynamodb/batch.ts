import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'

type Item = Record<string, unknown>

// DynamoDB's limits per call: 100 keys to read, 25 items to write.
const GET_LIMIT = 100
const WRITE_LIMIT = 25
// DynamoDB may hand back part of a batch when a partition is busy; the SDK's own retries do not cover that.
const MAX_ROUNDS = 8

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
    for (let round = 0; pending.length > 0; round++) {
      if (round === MAX_ROUNDS) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed`)
      if (round > 0) await backoff(round)
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
    }
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
    for (let round = 0; pending.length > 0; round++) {
      if (round === MAX_ROUNDS) throw new Error(`BatchWriteItem left ${pending.length} items unprocessed`)
      if (round > 0) await backoff(round)
      const { UnprocessedItems } = await db.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
      )
      pending = (UnprocessedItems?.[tableName] ?? []) as typeof pending
    }
  }
}

function backoff(round: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(1_000, 25 * 2 ** round)))
}
