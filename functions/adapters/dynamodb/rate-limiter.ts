import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { createHash } from 'node:crypto'
import type { Clock, RateLimiter } from '../../core/ports'
import { CONDITION_FAILED, conditionally } from './conditional-write'
import { keys, TTL_ATTRIBUTE } from './table-schema'

/**
 * Fixed-window counters, one item per key and window, incremented with a conditional update so that
 * concurrent requests cannot both take the last slot. Keys are hashed: an address or IP never sits in a
 * table key. Items carry a TTL attribute so DynamoDB removes them (dynalite keeps them; they are tiny).
 */
export class DynamoRateLimiter implements RateLimiter {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  async hit(key: string, limit: number, windowSeconds: number): Promise<boolean> {
    const now = Math.floor(this.clock.now().getTime() / 1000)
    const windowStart = now - (now % windowSeconds)
    const hashed = createHash('sha256').update(key).digest('base64url').slice(0, 22)
    const outcome = await conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.rateCounter(hashed, windowStart),
          UpdateExpression: 'ADD hits :one SET #ttl = :expires',
          ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
          ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: {
            ':one': 1,
            ':limit': limit,
            ':expires': windowStart + windowSeconds * 2,
          },
        }),
      ),
    )
    // Refused on its condition: this window's limit is reached.
    return outcome !== CONDITION_FAILED
  }
}
