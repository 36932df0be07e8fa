import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb'
import { CONDITION_FAILED, conditionally } from './conditional-write'
import type { Digest, DigestCounts, DigestState } from '../../core/digest'
import { NotFoundError } from '../../core/errors'
import type { Page } from '../../core/ports'
import { decodeCursor, encodeCursor } from './cursor'
import { keys, pageKeys, possibleKey } from './table-schema'
import type { Item } from './digest-partition'

const DIGESTS_INDEX = 'GSI2'
const COUNT_NAMES = ['planned', 'sent', 'failed', 'skipped'] as const satisfies (keyof DigestCounts)[]

/** The digest item (`DIGEST#<id>`, META): its state, counters and planning lease. */
export class DynamoDigestItems {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async ensureDigest(digest: Digest): Promise<Digest> {
    const outcome = await conditionally(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: digestItem(digest),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    )
    if (outcome !== CONDITION_FAILED) {
      return digest
    }
    const stored = await this.getDigest(digest.id)
    if (stored === undefined) throw new Error(`Digest ${digest.id} exists but could not be read back`)
    return stored
  }

  async leasePlanning(id: string, holder: string, until: Date, now: Date): Promise<boolean> {
    const outcome = await conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.digest(id),
          UpdateExpression: 'SET plannedBy = :holder, plannedUntil = :until',
          ConditionExpression:
            'attribute_exists(PK) AND (attribute_not_exists(plannedUntil) OR plannedUntil < :now OR plannedBy = :holder)',
          ExpressionAttributeValues: {
            ':holder': holder,
            ':until': until.toISOString(),
            ':now': now.toISOString(),
          },
        }),
      ),
    )
    if (outcome === CONDITION_FAILED) return false
    return true
  }

  async releasePlanning(id: string, holder: string): Promise<void> {
    await conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.digest(id),
          UpdateExpression: 'REMOVE plannedBy, plannedUntil',
          ConditionExpression: 'plannedBy = :holder',
          ExpressionAttributeValues: { ':holder': holder },
        }),
      ),
    )
    // Already taken over after it ran out: nothing of ours to release.
  }

  async getDigest(id: string): Promise<Digest | undefined> {
    const key = possibleKey(() => keys.digest(id))
    if (key === undefined) return undefined
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    )
    return Item === undefined ? undefined : toDigest(Item)
  }

  async listDigests({ limit, cursor }: { limit: number; cursor?: string }): Promise<Page<Digest>> {
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: DIGESTS_INDEX,
        KeyConditionExpression: 'GSI2PK = :all',
        ExpressionAttributeValues: { ':all': keys.allDigests('', '').GSI2PK },
        ScanIndexForward: false,
        Limit: limit,
        ...(cursor !== undefined && { ExclusiveStartKey: decodeCursor(cursor, pageKeys.allDigests) }),
      }),
    )
    return {
      items: Items.map(toDigest),
      ...(LastEvaluatedKey !== undefined && { cursor: encodeCursor(LastEvaluatedKey) }),
    }
  }

  async setDigestState(id: string, state: DigestState, now: Date, counts?: DigestCounts): Promise<void> {
    const names = counts === undefined ? [] : COUNT_NAMES
    const outcome = await conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.digest(id),
          UpdateExpression: ['SET #state = :state', 'updatedAt = :now']
            .concat(names.map((name) => `#${name} = :${name}`))
            .join(', '),
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: {
            '#state': 'state',
            ...Object.fromEntries(names.map((name) => [`#${name}`, name])),
          },
          ExpressionAttributeValues: {
            ':state': state,
            ':now': now.toISOString(),
            ...Object.fromEntries(names.map((name) => [`:${name}`, counts![name]])),
          },
        }),
      ),
    )
    if (outcome === CONDITION_FAILED) {
      throw new NotFoundError(`No digest has the id "${id}"`)
    }
  }

  async addCounts(id: string, delta: Partial<DigestCounts>): Promise<void> {
    const changed = COUNT_NAMES.filter((name) => (delta[name] ?? 0) !== 0)
    if (changed.length === 0) return
    const outcome = await conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.digest(id),
          UpdateExpression: `ADD ${changed.map((name) => `#${name} :${name}`).join(', ')}`,
          // Never let a stray increment create a digest item with nothing but a counter.
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: Object.fromEntries(changed.map((name) => [`#${name}`, name])),
          ExpressionAttributeValues: Object.fromEntries(changed.map((name) => [`:${name}`, delta[name]])),
        }),
      ),
    )
    if (outcome === CONDITION_FAILED) {
      throw new NotFoundError(`No digest has the id "${id}"`)
    }
  }
}

function digestItem(digest: Digest): Item {
  const { counts, ...rest } = digest
  // Counts are top-level numbers so that UpdateItem ADD can bump each one atomically.
  return { ...keys.digest(digest.id), ...keys.allDigests(digest.createdAt, digest.id), ...rest, ...counts }
}

function toDigest(item: Item): Digest {
  return {
    id: String(item.id),
    cadence: item.cadence as Digest['cadence'],
    period: String(item.period),
    state: item.state as DigestState,
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
    counts: {
      planned: Number(item.planned ?? 0),
      sent: Number(item.sent ?? 0),
      failed: Number(item.failed ?? 0),
      skipped: Number(item.skipped ?? 0),
    },
  }
}
