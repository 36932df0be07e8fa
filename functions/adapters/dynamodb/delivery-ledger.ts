import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { CONDITION_FAILED, conditionally } from './conditional-write'
import type { Delivery, DeliveryState } from '../../core/digest'
import type { Page } from '../../core/ports'
import { batchGetAll, batchWriteAll } from './batch'
import { decodeCursor, encodeCursor } from './cursor'
import { keys, pageKeys, possibleKey, TTL_ATTRIBUTE } from './table-schema'
import type { Item } from './digest-partition'

/**
 * The delivery ledger: one item per recipient under the digest's partition (`DIGEST#<id>`).
 *
 * The ledger is what makes sending once-only without transactions: every state change of a delivery is
 * one conditional UpdateItem on its own item. A sender first *claims* a delivery (only one claim can be
 * live at a time), sends, and then marks it sent *only while it still holds the claim*. Counters on the
 * digest item are separate ADDs made after a ledger write succeeds, so they can lag the ledger (a crash
 * between the two) but never count one recipient twice; the ledger is the truth.
 */
export class DynamoDeliveryLedger {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async addDeliveries(deliveries: Delivery[], keepUntil: Date): Promise<void> {
    // DynamoDB's TTL deletes the entries (in seconds since the epoch) once nobody can still send that digest.
    const expiresAt = Math.floor(keepUntil.getTime() / 1000)
    await batchWriteAll(
      this.db,
      this.tableName,
      deliveries.map((delivery) => ({
        PutRequest: {
          Item: {
            ...keys.delivery(delivery.digestId, delivery.subscriberId),
            ...delivery,
            [TTL_ATTRIBUTE]: expiresAt,
          },
        },
      })),
    )
  }

  async getDeliveries(digestId: string, subscriberIds: string[]): Promise<Map<string, Delivery>> {
    const items = await batchGetAll(
      this.db,
      this.tableName,
      [...new Set(subscriberIds)].flatMap((id) => possibleKey(() => keys.delivery(digestId, id)) ?? []),
    )
    return new Map(items.map(toDelivery).map((delivery) => [delivery.subscriberId, delivery]))
  }

  async claimDelivery(
    digestId: string,
    subscriberId: string,
    worker: string,
    until: Date,
    now: Date,
  ): Promise<Delivery | undefined> {
    const outcome = await conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.delivery(digestId, subscriberId),
          UpdateExpression:
            'SET #state = :claimed, claimedBy = :worker, claimedUntil = :until ADD attempts :one',
          // ISO 8601 instants in UTC ("...Z") order as strings the way they order in time.
          ConditionExpression:
            'attribute_exists(PK) AND (#state IN (:planned, :failed) OR (#state = :claimed AND claimedUntil < :now))',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':claimed': 'claimed' satisfies DeliveryState,
            ':planned': 'planned' satisfies DeliveryState,
            ':failed': 'failed' satisfies DeliveryState,
            ':worker': worker,
            ':until': until.toISOString(),
            ':now': now.toISOString(),
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    )
    if (outcome === CONDITION_FAILED) return undefined
    const { Attributes } = outcome
    return Attributes === undefined ? undefined : toDelivery(Attributes)
  }

  markSent(digestId: string, subscriberId: string, worker: string, messageId: string, at: Date) {
    return this.release(digestId, subscriberId, worker, 'sent', {
      sentAt: at.toISOString(),
      messageId,
      updatedAt: at.toISOString(),
    })
  }

  markSkipped(digestId: string, subscriberId: string, worker: string, reason: string, at: Date) {
    // Delivery has no field of its own for why; lastError reads as "why this one was not sent".
    return this.release(digestId, subscriberId, worker, 'skipped', {
      lastError: reason,
      updatedAt: at.toISOString(),
    })
  }

  markFailed(digestId: string, subscriberId: string, worker: string, error: string, at: Date) {
    return this.release(digestId, subscriberId, worker, 'failed', {
      lastError: error.slice(0, 1000),
      updatedAt: at.toISOString(),
    })
  }

  async listDeliveries(
    digestId: string,
    { limit, cursor }: { limit: number; cursor?: string },
  ): Promise<Page<Delivery>> {
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.digest(digestId).PK, ':prefix': 'DELIVERY#' },
        Limit: limit,
        ...(cursor !== undefined && {
          ExclusiveStartKey: decodeCursor(cursor, pageKeys.deliveries(digestId)),
        }),
      }),
    )
    return {
      items: Items.map(toDelivery),
      ...(LastEvaluatedKey !== undefined && { cursor: encodeCursor(LastEvaluatedKey) }),
    }
  }

  /** Ends a claim: succeeds only while `worker` still holds it (false when an expired claim was taken over). */
  private async release(
    digestId: string,
    subscriberId: string,
    worker: string,
    state: Exclude<DeliveryState, 'planned' | 'claimed'>,
    fields: Item,
  ): Promise<boolean> {
    const names = Object.keys(fields)
    const outcome = await conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.delivery(digestId, subscriberId),
          UpdateExpression:
            `SET #state = :state, ${names.map((name) => `#${name} = :${name}`).join(', ')} ` +
            'REMOVE claimedBy, claimedUntil',
          ConditionExpression: '#state = :claimed AND claimedBy = :worker',
          ExpressionAttributeNames: {
            '#state': 'state',
            ...Object.fromEntries(names.map((name) => [`#${name}`, name])),
          },
          ExpressionAttributeValues: {
            ':state': state,
            ':claimed': 'claimed' satisfies DeliveryState,
            ':worker': worker,
            ...Object.fromEntries(names.map((name) => [`:${name}`, fields[name]])),
          },
        }),
      ),
    )
    if (outcome === CONDITION_FAILED) return false
    return true
  }
}

function toDelivery(item: Item): Delivery {
  const optional = (name: string) => (typeof item[name] === 'string' ? { [name]: item[name] } : {})
  return {
    digestId: String(item.digestId),
    subscriberId: String(item.subscriberId),
    variantId: String(item.variantId),
    state: item.state as DeliveryState,
    attempts: Number(item.attempts ?? 0),
    ...optional('claimedBy'),
    ...optional('claimedUntil'),
    ...optional('sentAt'),
    ...optional('messageId'),
    ...optional('lastError'),
    ...optional('updatedAt'),
  }
}
