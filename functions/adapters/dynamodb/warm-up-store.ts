import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { Page, WarmUpStore } from '../../core/ports'
import type { Cadence } from '../../core/subscriber'
import type { Carried } from '../../core/warm-up'
import { batchGetAll, batchWriteAll } from './batch'
import { CONDITION_FAILED, conditionally } from './conditional-write'
import { decodeCursor, encodeCursor } from './cursor'
import { AUDIENCE_INDEX, keys, pageKeys, possibleKey, TTL_ATTRIBUTE } from './table-schema'

type Item = Record<string, unknown>

// A day's counter only matters on that day; kept a month for operators, then left to DynamoDB's TTL.
const COUNTER_RETENTION_S = 31 * 24 * 3600
// Runs of several cadences may reserve at once; each lost race re-reads the counter and tries again.
const RESERVE_TRIES = 20

/**
 * The warm-up's daily counter (`WARMUP#<day>`) and its carry-over queue: one item per waiting subscriber
 * under their own partition (so erasing them erases it), listed in turn order through GSI1.
 */
export class DynamoWarmUpStore implements WarmUpStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async plannedOn(day: string): Promise<number> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.warmUpDay(day), ConsistentRead: true }),
    )
    return Number(Item?.planned ?? 0)
  }

  /**
   * One conditional ADD: it lands only while the counter still has room for what it adds, so runs that
   * reserve together never take more than the cap between them.
   */
  async reserve(day: string, count: number, cap: number): Promise<number> {
    for (let attempt = 0; attempt < RESERVE_TRIES; attempt++) {
      const grant = Math.min(count, cap - (await this.plannedOn(day)))
      if (grant <= 0) return 0
      const outcome = await conditionally(
        this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.warmUpDay(day),
            UpdateExpression: 'ADD planned :grant SET #ttl = :ttl',
            ConditionExpression: 'attribute_not_exists(planned) OR planned <= :limit',
            ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
            ExpressionAttributeValues: {
              ':grant': grant,
              ':limit': cap - grant,
              ':ttl': Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + COUNTER_RETENTION_S,
            },
          }),
        ),
      )
      if (outcome !== CONDITION_FAILED) return grant
    }
    // Still racing after this many tries: take nothing now; the waiting subscribers stay in the queue.
    return 0
  }

  async carry(cadence: Cadence, entries: Carried[]): Promise<void> {
    await batchWriteAll(
      this.db,
      this.tableName,
      entries.map((entry) => ({
        PutRequest: {
          Item: {
            ...keys.carried(entry.subscriberId, cadence),
            ...keys.carriedQueue(cadence, entry.order),
            subscriberId: entry.subscriberId,
            since: entry.since,
          },
        },
      })),
    )
  }

  async carriedOf(cadence: Cadence, subscriberIds: string[]): Promise<Map<string, Carried>> {
    const items = await batchGetAll(
      this.db,
      this.tableName,
      [...new Set(subscriberIds)].flatMap((id) => possibleKey(() => keys.carried(id, cadence)) ?? []),
    )
    return new Map(items.map(toCarried).map((entry) => [entry.subscriberId, entry]))
  }

  async listCarried(
    cadence: Cadence,
    { limit, cursor }: { limit: number; cursor?: string },
  ): Promise<Page<Carried>> {
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: AUDIENCE_INDEX,
        KeyConditionExpression: 'GSI1PK = :queue',
        ExpressionAttributeValues: { ':queue': keys.carriedQueue(cadence, '').GSI1PK },
        Limit: limit,
        ...(cursor !== undefined && {
          ExclusiveStartKey: decodeCursor(cursor, pageKeys.carriedQueue(cadence)),
        }),
      }),
    )
    return {
      items: Items.map(toCarried),
      ...(LastEvaluatedKey !== undefined && { cursor: encodeCursor(LastEvaluatedKey) }),
    }
  }

  async drop(cadence: Cadence, subscriberIds: string[]): Promise<void> {
    await batchWriteAll(
      this.db,
      this.tableName,
      [...new Set(subscriberIds)].map((id) => ({ DeleteRequest: { Key: keys.carried(id, cadence) } })),
    )
  }

  async countCarried(cadence: Cadence): Promise<number> {
    let count = 0
    let startKey: Item | undefined
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: AUDIENCE_INDEX,
          KeyConditionExpression: 'GSI1PK = :queue',
          ExpressionAttributeValues: { ':queue': keys.carriedQueue(cadence, '').GSI1PK },
          Select: 'COUNT',
          ExclusiveStartKey: startKey,
        }),
      )
      count += page.Count ?? 0
      startKey = page.LastEvaluatedKey
    } while (startKey !== undefined)
    return count
  }
}

function toCarried(item: Item): Carried {
  return { subscriberId: String(item.subscriberId), order: String(item.GSI1SK), since: String(item.since) }
}
