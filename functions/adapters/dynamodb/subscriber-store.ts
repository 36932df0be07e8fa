import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb'
import { ConflictError, ValidationError } from '../../core/errors'
import type { Page, SubscriberStore } from '../../core/ports'
import { type Cadence, type Subscriber, type SubscriberState } from '../../core/subscriber'
import {
  COUNTED_FIELDS,
  countSubscriber,
  emptyCounts,
  type CountedFields,
  type SubscriberCounts,
} from '../../core/subscriber-counts'
import { batchGetAll, batchWriteAll } from './batch'
import { CONDITION_FAILED, conditionally } from './conditional-write'
import { decodeCursor, encodeCursor } from './cursor'
import {
  ALL_SUBSCRIBERS_INDEX,
  AUDIENCE_INDEX,
  AUDIENCE_SHARDS,
  keys,
  pageKeys,
  possibleKey,
} from './table-schema'

type Item = Record<string, unknown>

const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK']

/**
 * One item per subscriber, keyed by the id derived from the address, so a conditional put is all it
 * takes for two concurrent subscribes of one address to end with one record. Confirmed subscribers carry
 * the sparse, sharded audience index keys; everyone carries the admin listing keys.
 */
export class DynamoSubscriberStore implements SubscriberStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<Subscriber | undefined> {
    const key = possibleKey(() => keys.subscriber(id))
    if (key === undefined) return undefined
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    )
    return Item === undefined ? undefined : toSubscriber(Item)
  }

  async getMany(ids: string[]): Promise<Map<string, Subscriber>> {
    const items = await batchGetAll(
      this.db,
      this.tableName,
      [...new Set(ids)].flatMap((id) => possibleKey(() => keys.subscriber(id)) ?? []),
    )
    return new Map(items.map(toSubscriber).map((subscriber) => [subscriber.id, subscriber]))
  }

  async create(subscriber: Subscriber): Promise<void> {
    const outcome = await conditionally(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(subscriber),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    )
    if (outcome === CONDITION_FAILED)
      throw new ConflictError('This address already has a subscription record')
  }

  async replace(subscriber: Subscriber, expectedRevision: number): Promise<void> {
    const outcome = await conditionally(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(subscriber),
          ConditionExpression: 'attribute_exists(PK) AND revision = :expected',
          ExpressionAttributeValues: { ':expected': expectedRevision },
        }),
      ),
    )
    if (outcome === CONDITION_FAILED) throw new ConflictError('The subscriber changed meanwhile; try again')
  }

  async erase(id: string): Promise<Subscriber | undefined> {
    const key = possibleKey(() => keys.subscriber(id))
    if (key === undefined) return undefined
    const { Attributes } = await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: key, ReturnValues: 'ALL_OLD' }),
    )
    // Everything else kept under the subscriber's partition (last-digest cursors) goes too. Rate-limit
    // counters are keyed by a hash of the address, never the address, and expire on their own.
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': key.PK },
        ProjectionExpression: 'PK, SK',
      }),
    )
    await batchWriteAll(
      this.db,
      this.tableName,
      Items.map((Key) => ({ DeleteRequest: { Key } })),
    )
    return Attributes === undefined ? undefined : toSubscriber(Attributes)
  }

  async list(options: {
    limit: number
    cursor?: string
    state?: SubscriberState
    query?: string
    emailPrefix?: string
  }): Promise<Page<Subscriber>> {
    const filters: string[] = []
    const values: Item = { ':all': 'SUBSCRIBERS' }
    const names: Record<string, string> = {}
    if (options.state !== undefined) {
      filters.push('#state = :state')
      names['#state'] = 'state'
      values[':state'] = options.state
    }
    if (options.query !== undefined && options.query !== '') {
      filters.push('contains(email, :query)')
      values[':query'] = options.query.toLowerCase()
    }
    if (options.emailPrefix !== undefined && options.emailPrefix !== '') {
      filters.push('begins_with(email, :prefix)')
      values[':prefix'] = options.emailPrefix
    }
    const items: Item[] = []
    let startKey: Item | undefined =
      options.cursor === undefined ? undefined : decodeCursor(options.cursor, pageKeys.allSubscribers)
    // A filter applies after the read, so a page may come back short; keep reading until it is full.
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: ALL_SUBSCRIBERS_INDEX,
          KeyConditionExpression: 'GSI2PK = :all',
          ...(filters.length > 0 && { FilterExpression: filters.join(' AND ') }),
          ...(Object.keys(names).length > 0 && { ExpressionAttributeNames: names }),
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: options.limit - items.length,
          ExclusiveStartKey: startKey,
        }),
      )
      items.push(...(page.Items ?? []))
      startKey = page.LastEvaluatedKey
    } while (startKey !== undefined && items.length < options.limit)
    return {
      items: items.map(toSubscriber),
      ...(startKey !== undefined && { cursor: encodeCursor(startKey) }),
    }
  }

  async counts(): Promise<SubscriberCounts> {
    const counts = emptyCounts()
    let startKey: Item | undefined
    // One pass over the listing index, page by page (no Scan of the whole table, no transaction needed).
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: ALL_SUBSCRIBERS_INDEX,
          KeyConditionExpression: 'GSI2PK = :all',
          ExpressionAttributeValues: { ':all': 'SUBSCRIBERS' },
          ProjectionExpression: COUNTED_FIELDS.map((field) => `#${field}`).join(', '),
          ExpressionAttributeNames: Object.fromEntries(COUNTED_FIELDS.map((field) => [`#${field}`, field])),
          ExclusiveStartKey: startKey,
        }),
      )
      for (const item of page.Items ?? []) countSubscriber(counts, item as CountedFields)
      startKey = page.LastEvaluatedKey
    } while (startKey !== undefined)
    return counts
  }

  async listAudience(options: {
    cadence: Cadence
    limit: number
    cursor?: string
  }): Promise<Page<Subscriber>> {
    // The cursor walks the shards in order: "<shard>.<LastEvaluatedKey in that shard, or nothing>".
    let { shard, key } =
      options.cursor === undefined
        ? { shard: 0, key: undefined }
        : decodeAudienceCursor(options.cursor, options.cadence)
    const items: Item[] = []
    while (shard < AUDIENCE_SHARDS && items.length < options.limit) {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: AUDIENCE_INDEX,
          KeyConditionExpression: 'GSI1PK = :audience',
          ExpressionAttributeValues: { ':audience': keys.audience(options.cadence, shard, '').GSI1PK },
          Limit: options.limit - items.length,
          ExclusiveStartKey: key,
        }),
      )
      items.push(...(page.Items ?? []))
      key = page.LastEvaluatedKey
      if (key === undefined) shard++
    }
    const more = shard < AUDIENCE_SHARDS
    return {
      items: items.map(toSubscriber),
      ...(more && {
        cursor: `${shard}.${key === undefined ? '' : encodeCursor(key)}`,
      }),
    }
  }
}

function decodeAudienceCursor(cursor: string, cadence: Cadence): { shard: number; key: Item | undefined } {
  const [, digits, rest] = /^(\d{1,2})\.(.*)$/s.exec(cursor) ?? []
  const shard = Number(digits)
  if (digits === undefined || rest === undefined || shard >= AUDIENCE_SHARDS) {
    throw new ValidationError([{ field: 'cursor', problem: 'is not a cursor this listing returned' }])
  }
  return { shard, key: rest === '' ? undefined : decodeCursor(rest, pageKeys.audience(cadence, shard)) }
}

/** Spreads subscribers over the audience shards by their id (already a uniform hash). */
export function audienceShard(id: string): number {
  return id.charCodeAt(0) % AUDIENCE_SHARDS
}

function toItem(subscriber: Subscriber): Item {
  return {
    ...keys.subscriber(subscriber.id),
    ...keys.allSubscribers(subscriber.createdAt, subscriber.id),
    ...(subscriber.state === 'confirmed' &&
      keys.audience(subscriber.cadence, audienceShard(subscriber.id), subscriber.id)),
    ...subscriber,
  }
}

function toSubscriber(item: Item): Subscriber {
  const subscriber = { ...item }
  for (const key of KEY_ATTRIBUTES) delete subscriber[key]
  return subscriber as unknown as Subscriber
}
