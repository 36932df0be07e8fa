import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { SubscribeRequest } from '../../core/confirmation'
import type { SubscribeRequestStore } from '../../core/ports'
import { conditionally } from './conditional-write'
import { keys, TTL_ATTRIBUTE } from './table-schema'

/**
 * As long as the dead-letter queue keeps a job (14 days, infra/constructs/work-queue.ts), so a redriven job
 * still finds its request; then DynamoDB's TTL removes a request nobody acted on.
 */
const KEEP_SECONDS = 14 * 24 * 3600

/**
 * One item per address beside the subscriber's record (same partition, so erase() deletes it with the
 * rest). record() is a plain put whether or not the address is known: POST /subscribe must cost the same
 * for everyone.
 */
export class DynamoSubscribeRequestStore implements SubscribeRequestStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(request: SubscribeRequest): Promise<void> {
    const expiresAt = Math.floor(Date.parse(request.requestedAt) / 1000) + KEEP_SECONDS
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.subscribeRequest(request.subscriberId), ...request, [TTL_ATTRIBUTE]: expiresAt },
      }),
    )
  }

  async get(subscriberId: string): Promise<SubscribeRequest | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.subscribeRequest(subscriberId),
        ConsistentRead: true,
      }),
    )
    if (Item === undefined) return undefined
    const { PK: _pk, SK: _sk, [TTL_ATTRIBUTE]: _ttl, ...request } = Item
    return request as SubscribeRequest
  }

  async finish(subscriberId: string, requestId: string): Promise<void> {
    // Refused on its condition when a newer request replaced this one (its own job will finish it), or it is
    // gone already: either way there is nothing left to do.
    await conditionally(
      this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.subscribeRequest(subscriberId),
          ConditionExpression: 'requestId = :id',
          ExpressionAttributeValues: { ':id': requestId },
        }),
      ),
    )
  }
}
