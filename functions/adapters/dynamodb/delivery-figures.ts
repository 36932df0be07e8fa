import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb'
import {
  FIGURE_NAMES,
  type CountOutcome,
  type DeliveryFigure,
  type DeliveryFigures,
} from '../../core/delivery-figures'
import type { DeliveryFigureStore } from '../../core/ports'
import { CONDITION_FAILED, conditionally } from './conditional-write'
import { keys, possibleKey, TTL_ATTRIBUTE } from './table-schema'

/**
 * How long an event's marker is kept. SNS hands an event to Lambda again for at most 6 hours after a failed
 * invocation (Lambda's asynchronous retries); a month also covers an operator replaying an old event file.
 */
const MARKER_RETENTION_SECONDS = 30 * 24 * 3600

/**
 * Delivery figures as top-level numbers on the digest item (`DIGEST#<id>`, DIGEST), next to its ledger
 * counters, so each is one atomic UpdateItem ADD; every counted event leaves a marker item of its own
 * (`COUNTED#<event id>`), written first with a conditional put, so a redelivered event adds nothing.
 *
 * Without a transaction the two writes can part: if the increment fails, the marker is deleted again and the
 * error goes up (SNS retries the event, and it counts then); only a process that dies between the two
 * writes loses that one count. A figure may fall one short; it never counts an event twice (decision 020).
 */
export class DynamoDeliveryFigures implements DeliveryFigureStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async countOnce(
    digestId: string,
    figure: DeliveryFigure,
    eventId: string,
    now: Date,
  ): Promise<CountOutcome> {
    const digestKey = possibleKey(() => keys.digest(digestId))
    if (digestKey === undefined) return 'no-digest'
    const marker = keys.countedEvent(eventId)
    const markerWritten = await conditionally(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...marker,
            digestId,
            figure,
            countedAt: now.toISOString(),
            [TTL_ATTRIBUTE]: Math.floor(now.getTime() / 1000) + MARKER_RETENTION_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    )
    if (markerWritten === CONDITION_FAILED) return 'already-counted'
    let added: unknown
    try {
      added = await conditionally(
        this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: digestKey,
            UpdateExpression: 'ADD #figure :one',
            // Never let an event about an unknown digest create a digest item with nothing but a counter.
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeNames: { '#figure': figure },
            ExpressionAttributeValues: { ':one': 1 },
          }),
        ),
      )
    } catch (error) {
      // Take the marker back, so the retry this error asks for counts the event.
      await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: marker })).catch(() => undefined)
      throw error
    }
    // The marker stays: the digest will not appear later (it exists before any of its mail is sent).
    return added === CONDITION_FAILED ? 'no-digest' : 'counted'
  }

  async figures(digestId: string): Promise<DeliveryFigures | undefined> {
    const key = possibleKey(() => keys.digest(digestId))
    if (key === undefined) return undefined
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: key,
        ConsistentRead: true,
        ProjectionExpression: ['PK', ...FIGURE_NAMES.map((name) => `#${name}`)].join(', '),
        ExpressionAttributeNames: Object.fromEntries(FIGURE_NAMES.map((name) => [`#${name}`, name])),
      }),
    )
    if (Item === undefined) return undefined
    const count = (name: DeliveryFigure) => Number(Item[name] ?? 0)
    return {
      delivered: count('delivered'),
      bounced: count('bounced'),
      complained: count('complained'),
      unsubscribed: count('unsubscribed'),
    }
  }
}
