import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { DigestSkip } from '../../core/digest'
import { batchWriteAll } from './batch'
import { keys, TTL_ATTRIBUTE } from './table-schema'

/** What a run left out of a digest, beside its ledger (decision 005), kept until SKIP_RETENTION_MS. */
export class DynamoDigestSkips {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordSkips(digestId: string, skips: DigestSkip[], keepUntil: Date): Promise<void> {
    const expiresAt = Math.floor(keepUntil.getTime() / 1000)
    // Keyed by kind and id: the same article left out by two runs (or two senders) is one item.
    const unique = new Map(skips.map((skip) => [`${skip.kind}#${skip.id}`, skip]))
    await batchWriteAll(
      this.db,
      this.tableName,
      [...unique.values()].map((skip) => ({
        PutRequest: {
          Item: { ...keys.digestSkip(digestId, skip.kind, skip.id), ...skip, [TTL_ATTRIBUTE]: expiresAt },
        },
      })),
    )
  }

  async listSkips(digestId: string, { limit }: { limit: number }): Promise<DigestSkip[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.digest(digestId).PK, ':prefix': 'SKIP#' },
        Limit: limit,
      }),
    )
    return Items.map((item) => ({
      kind: item.kind as DigestSkip['kind'],
      id: String(item.id),
      reason: String(item.reason),
      at: String(item.at),
    }))
  }
}
