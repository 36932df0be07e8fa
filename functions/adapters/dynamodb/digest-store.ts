import { gunzipSync, gzipSync } from 'node:zlib'
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb'
import type {
  Delivery,
  DeliveryState,
  Digest,
  DigestCounts,
  DigestSkip,
  DigestState,
  DigestVariant,
} from '../../core/digest'
import { NotFoundError } from '../../core/errors'
import type { DigestStore, Page } from '../../core/ports'
import type { Cadence } from '../../core/subscriber'
import { batchGetAll, batchWriteAll } from './batch'
import { decodeCursor, encodeCursor } from './cursor'
import { keys, pageKeys, possibleKey, TTL_ATTRIBUTE } from './table-schema'

type Item = Record<string, unknown>

const DIGESTS_INDEX = 'GSI2'
const COUNT_NAMES = ['planned', 'sent', 'failed', 'skipped'] as const satisfies (keyof DigestCounts)[]

/** DynamoDB refuses items over 400 KB (names and values together). */
export const MAX_ITEM_BYTES = 400 * 1024

/** A rendered variant that cannot be stored even compressed; the planner should put fewer articles in it. */
export class VariantTooLargeError extends Error {
  override name = 'VariantTooLargeError'
}

/**
 * Digests, their variants and the delivery ledger, all under the digest's partition (`DIGEST#<id>`).
 *
 * The ledger is what makes sending once-only without transactions: every state change of a delivery is
 * one conditional UpdateItem on its own item. A sender first *claims* a delivery (only one claim can be
 * live at a time), sends, and then marks it sent *only while it still holds the claim*. Counters on the
 * digest item are separate ADDs made after a ledger write succeeds, so they can lag the ledger (a crash
 * between the two) but never count one recipient twice; the ledger is the truth.
 */
export class DynamoDigestStore implements DigestStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async ensureDigest(digest: Digest): Promise<Digest> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: digestItem(digest),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      )
      return digest
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error
    }
    const stored = await this.getDigest(digest.id)
    if (stored === undefined) throw new Error(`Digest ${digest.id} exists but could not be read back`)
    return stored
  }

  async leasePlanning(id: string, holder: string, until: Date, now: Date): Promise<boolean> {
    try {
      await this.db.send(
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
      )
      return true
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false
      throw error
    }
  }

  async releasePlanning(id: string, holder: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.digest(id),
          UpdateExpression: 'REMOVE plannedBy, plannedUntil',
          ConditionExpression: 'plannedBy = :holder',
          ExpressionAttributeValues: { ':holder': holder },
        }),
      )
    } catch (error) {
      // Already taken over after it ran out: nothing of ours to release.
      if (!(error instanceof ConditionalCheckFailedException)) throw error
    }
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
    try {
      await this.db.send(
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
      )
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new NotFoundError(`No digest has the id "${id}"`, { cause: error })
      }
      throw error
    }
  }

  async addCounts(id: string, delta: Partial<DigestCounts>): Promise<void> {
    const changed = COUNT_NAMES.filter((name) => (delta[name] ?? 0) !== 0)
    if (changed.length === 0) return
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.digest(id),
          UpdateExpression: `ADD ${changed.map((name) => `#${name} :${name}`).join(', ')}`,
          // Never let a stray increment create a digest item with nothing but a counter.
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: Object.fromEntries(changed.map((name) => [`#${name}`, name])),
          ExpressionAttributeValues: Object.fromEntries(changed.map((name) => [`:${name}`, delta[name]])),
        }),
      )
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new NotFoundError(`No digest has the id "${id}"`, { cause: error })
      }
      throw error
    }
  }

  async putVariant(variant: DigestVariant, keepUntil?: Date): Promise<void> {
    const item = {
      ...variantItem(variant),
      ...(keepUntil !== undefined && { [TTL_ATTRIBUTE]: Math.floor(keepUntil.getTime() / 1000) }),
    }
    const size = itemSize(item)
    if (size > MAX_ITEM_BYTES) {
      throw new VariantTooLargeError(
        `Digest variant ${variant.id} of digest ${variant.digestId} takes ${Math.ceil(size / 1024)} KB ` +
          `even compressed; a DynamoDB item holds at most ${MAX_ITEM_BYTES / 1024} KB. ` +
          `Put fewer articles (or shorter excerpts) in one digest.`,
      )
    }
    try {
      // First write wins: the variant id is a hash of its inputs, and a send in progress must never see
      // its HTML change under it.
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      )
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error
    }
  }

  async getVariant(digestId: string, variantId: string): Promise<DigestVariant | undefined> {
    const key = possibleKey(() => keys.digestVariant(digestId, variantId))
    if (key === undefined) return undefined
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: key,
        // The planner writes the variant just before it enqueues the batches that need it.
        ConsistentRead: true,
      }),
    )
    return Item === undefined ? undefined : toVariant(Item)
  }

  async listVariants(digestId: string): Promise<DigestVariant[]> {
    const items = await this.queryPrefix(digestId, 'VARIANT#')
    return items.map(toVariant)
  }

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
    try {
      const { Attributes } = await this.db.send(
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
      )
      return Attributes === undefined ? undefined : toDelivery(Attributes)
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined
      throw error
    }
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

  /** Ends a claim: succeeds only while `worker` still holds it (false when an expired claim was taken over). */
  private async release(
    digestId: string,
    subscriberId: string,
    worker: string,
    state: Exclude<DeliveryState, 'planned' | 'claimed'>,
    fields: Item,
  ): Promise<boolean> {
    const names = Object.keys(fields)
    try {
      await this.db.send(
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
      )
      return true
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false
      throw error
    }
  }

  /** Every item of a digest's partition whose sort key starts with `prefix`, page after page. */
  private async queryPrefix(digestId: string, prefix: string): Promise<Item[]> {
    const key = possibleKey(() => keys.digest(digestId))
    if (key === undefined) return []
    const items: Item[] = []
    let startKey: Item | undefined
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': key.PK, ':prefix': prefix },
          ExclusiveStartKey: startKey,
        }),
      )
      items.push(...(page.Items ?? []))
      startKey = page.LastEvaluatedKey
    } while (startKey !== undefined)
    return items
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

/**
 * The compiled HTML of a digest runs to tens or hundreds of KB, and every sender reads it, so html and
 * text are stored gzipped (MJML output shrinks about tenfold). That keeps a variant with many articles
 * well under the item limit and makes each read cheaper.
 */
function variantItem(variant: DigestVariant): Item {
  const { html, text, ...rest } = variant
  return {
    ...keys.digestVariant(variant.digestId, variant.id),
    ...rest,
    htmlGzip: gzipSync(Buffer.from(html, 'utf8'), { level: 9 }),
    textGzip: gzipSync(Buffer.from(text, 'utf8'), { level: 9 }),
  }
}

function toVariant(item: Item): DigestVariant {
  return {
    digestId: String(item.digestId),
    id: String(item.id),
    lang: String(item.lang),
    subject: String(item.subject),
    html: gunzipSync(item.htmlGzip as Uint8Array).toString('utf8'),
    text: gunzipSync(item.textGzip as Uint8Array).toString('utf8'),
    articleSlugs: (item.articleSlugs as string[] | undefined) ?? [],
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

/** DynamoDB's item size: UTF-8 bytes of every attribute name plus its value (numbers count up to 21). */
export function itemSize(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8')
  if (value instanceof Uint8Array) return value.byteLength
  if (typeof value === 'number') return 21
  if (typeof value === 'boolean' || value === null || value === undefined) return 1
  if (Array.isArray(value)) return 3 + value.reduce<number>((sum, entry) => sum + 1 + itemSize(entry), 0)
  if (typeof value === 'object') {
    return (
      3 +
      Object.entries(value).reduce(
        (sum, [name, entry]) => sum + Buffer.byteLength(name, 'utf8') + 1 + itemSize(entry),
        0,
      )
    )
  }
  return 0
}
