import { type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { Cadence } from '../../core/subscriber'
import { batchGetAll, batchWriteAll } from './batch'
import { keys, possibleKey } from './table-schema'

/** Each subscriber's cursor per cadence: where their next digest starts. */
export class DynamoDigestCursors {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async lastDigestsAt(subscriberIds: string[], cadence: Cadence): Promise<Map<string, string>> {
    const items = await batchGetAll(
      this.db,
      this.tableName,
      [...new Set(subscriberIds)].flatMap((id) => possibleKey(() => keys.lastDigest(id, cadence)) ?? []),
    )
    const prefix = keys.lastDigest('', cadence).PK
    const cursors = new Map<string, string>()
    for (const item of items) {
      if (typeof item.at === 'string') cursors.set(String(item.PK).slice(prefix.length), item.at)
    }
    return cursors
  }

  /**
   * One BatchGetItem per 100 subscribers and one BatchWriteItem per 25 instead of a conditional write
   * each: batch writes take no condition, so "only forwards" is checked on a read just before. A cursor
   * moved back would need another sender to move the same subscriber's cursor of the same cadence
   * between that read and this write, and would only repeat articles in their next digest, never skip one.
   */
  async moveLastDigestAt(subscriberIds: string[], cadence: Cadence, at: string): Promise<void> {
    if (subscriberIds.length === 0) return
    const current = await this.lastDigestsAt(subscriberIds, cadence)
    const behind = [...new Set(subscriberIds)].filter((id) => (current.get(id) ?? '') < at)
    await batchWriteAll(
      this.db,
      this.tableName,
      behind.map((subscriberId) => ({
        PutRequest: { Item: { ...keys.lastDigest(subscriberId, cadence), at } },
      })),
    )
  }
}
