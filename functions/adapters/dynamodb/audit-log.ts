import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { batchWriteAll } from './batch'
import { randomBytes } from 'node:crypto'
import type { AnyAuditAction, AuditAction, AuditEntry } from '../../core/audit'
import type { AuditLog } from '../../core/ports'
import { keys, possibleKey } from './table-schema'

/**
 * Within one instant (one request records "changed" and "published"; a test's clock stands still), lines
 * keep the order of the history: by revision, then by what comes first in one write; a deletion last.
 */
const ACTION_RANK: Record<AnyAuditAction, number> = {
  created: 0,
  changed: 1,
  scheduled: 2,
  published: 2,
  unpublished: 2,
  deleted: 3,
  sent: 2,
  subscribed: 0,
  imported: 0,
  confirmed: 1,
  'preferences-changed': 1,
  bounced: 1,
  complained: 1,
  suppressed: 2,
  unsuppressed: 2,
  unsubscribed: 2,
  erased: 3,
}

const sortKeyTail = (entry: AuditEntry<AnyAuditAction>) =>
  `${String(entry.revision ?? 9_999_999_999).padStart(10, '0')}#${ACTION_RANK[entry.action]}#` +
  randomBytes(6).toString('base64url')

/** One partition per subject, sorted by time: a subject's log is one Query, newest first. */
export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(entry: AuditEntry<AnyAuditAction>): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.auditEntry(entry.subject, entry.at, sortKeyTail(entry)), ...entry },
      }),
    )
  }

  async list<A extends AnyAuditAction = AuditAction>(
    subject: string,
    options: { limit: number },
  ): Promise<AuditEntry<A>[]> {
    const partition = possibleKey(() => keys.auditPartition(subject))
    if (partition === undefined) return []
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
        Limit: options.limit,
      }),
    )
    return Items.map(({ PK: _pk, SK: _sk, ...entry }) => entry as AuditEntry<A>)
  }

  async forget(subject: string, keep: AnyAuditAction[]): Promise<void> {
    const partition = possibleKey(() => keys.auditPartition(subject))
    if (partition === undefined) return
    let startKey: Record<string, unknown> | undefined
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': partition },
          ProjectionExpression: 'PK, SK, #action',
          ExpressionAttributeNames: { '#action': 'action' },
          ExclusiveStartKey: startKey,
        }),
      )
      const doomed = (page.Items ?? []).filter((item) => !keep.includes(item.action as AnyAuditAction))
      await batchWriteAll(
        this.db,
        this.tableName,
        doomed.map(({ PK, SK }) => ({ DeleteRequest: { Key: { PK, SK } } })),
      )
      startKey = page.LastEvaluatedKey
    } while (startKey !== undefined)
  }
}
