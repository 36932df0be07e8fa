import { createHash } from 'node:crypto'
import { ValidationError } from '../../core/errors'

/**
 * The one definition of the table's keys and indexes. The CDK stack and the local emulator both build
 * the table from this object, so "works on my laptop" and "works on AWS" share one schema.
 *
 * Item shapes (single-table design; every key is a string):
 *
 * | item                 | PK                  | SK                         | GSI1 (all articles)          | GSI2 (published)                  |
 * | -------------------- | ------------------- | -------------------------- | ---------------------------- | --------------------------------- |
 * | article              | ARTICLE#<slug>      | ARTICLE                    | ARTICLES / <createdAt>#<slug> | PUBLISHED / <publishedAt>#<slug> |
 * | scheduled article    | ARTICLE#<slug>      | ARTICLE                    | ARTICLES / <createdAt>#<slug> | SCHEDULED / <publishedAt>#<slug> |
 * | tag index entry      | TAG#<tag>           | <publishedAt>#<slug>       | -                            | -                                 |
 * | publication version  | PUBLICATION         | VERSION                    | -                            | -                                 |
 * | subscriber           | SUBSCRIBER#<id>     | SUBSCRIBER                 | AUDIENCE#<cadence>#<shard> / <id> (confirmed only) | SUBSCRIBERS / <createdAt>#<id> |
 * | rate-limit counter   | RATE#<key>          | <window start>             | -                            | -                                 |
 * | digest               | DIGEST#<id>         | DIGEST                     | -                            | DIGESTS / <createdAt>#<id>        |
 * | digest variant       | DIGEST#<id>         | VARIANT#<variant id>       | -                            | -                                 |
 * | delivery (ledger)    | DIGEST#<id>         | DELIVERY#<subscriber id>   | -                            | -                                 |
 * | digest skip          | DIGEST#<id>         | SKIP#<kind>#<hash of id>   | -                            | -                                 |
 * | last digest cursor   | SUBSCRIBER#<id>     | LASTDIGEST#<cadence>       | -                            | -                                 |
 * | carried over (warm-up) | SUBSCRIBER#<id>   | CARRIED#<cadence>          | CARRIED#<cadence> / <order>  | -                                 |
 * | warm-up day counter  | WARMUP#<day>        | COUNT                      | -                            | -                                 |
 * | subscribe request    | SUBSCRIBER#<id>     | REQUEST                    | -                            | -                                 |
 * | audit entry          | AUDIT#<subject>     | <at>#<rev>#<n>#<random>          | -                            | -                                 |
 * | desk session         | DESKSESSION#<hash>  | SESSION                    | -                            | -                                 |
 * | counted event        | COUNTED#<event id>  | COUNTED                    | -                            | -                                 |
 *
 * The audience index is sharded (16 partitions per cadence) so a million confirmed subscribers do not share
 * one hot index partition; a digest reads the shards one page at a time.
 * GSI2 is sparse: only published articles carry GSI2PK PUBLISHED, so the feed query never sees a draft or a
 * scheduled article (which carries SCHEDULED until go-live publishes it: decision 013).
 */
export const TABLE_SCHEMA = {
  partitionKey: 'PK',
  sortKey: 'SK',
  globalSecondaryIndexes: [
    { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    { indexName: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
  ],
} as const

export const ALL_ARTICLES_INDEX = 'GSI1'
export const PUBLISHED_INDEX = 'GSI2'

/** DynamoDB's limits on one key attribute, in UTF-8 bytes (tables and indexes alike). */
export const MAX_PARTITION_KEY_BYTES = 2048
export const MAX_SORT_KEY_BYTES = 1024

/**
 * A value that makes a key longer than DynamoDB takes: no item can have it, so a lookup finds nothing and a
 * write is refused as the named field's fault, before the SDK is called (DynamoDB would answer with a
 * ValidationException, a 500 here).
 */
export class KeyTooLongError extends ValidationError {
  constructor(
    readonly field: string,
    bytes: number,
    limit: number,
  ) {
    super([{ field, problem: `is too long to be stored (${bytes} bytes in its key; at most ${limit})` }])
  }
}

const checked = (limit: number) => (value: string, field: string) => {
  const bytes = Buffer.byteLength(value, 'utf8')
  if (bytes > limit) throw new KeyTooLongError(field, bytes, limit)
  return value
}
/** A partition key attribute; `field` names the input that makes it up when it is too long. */
const partition = checked(MAX_PARTITION_KEY_BYTES)
/** A sort key attribute; `field` names the input that makes it up when it is too long. */
const sort = checked(MAX_SORT_KEY_BYTES)

/** Every key the stores use. Each throws KeyTooLongError rather than build a key DynamoDB would refuse. */
export const keys = {
  article: (slug: string) => ({ PK: partition(`ARTICLE#${slug}`, 'slug'), SK: 'ARTICLE' }),
  allArticles: (createdAt: string, slug: string) => ({
    GSI1PK: 'ARTICLES',
    GSI1SK: sort(`${createdAt}#${slug}`, 'slug'),
  }),
  published: (publishedAt: string, slug: string) => ({
    GSI2PK: 'PUBLISHED',
    GSI2SK: sort(`${publishedAt}#${slug}`, 'slug'),
  }),
  /** A scheduled article waits in GSI2 under its own partition, soonest first, for go-live to find it. */
  scheduled: (publishedAt: string, slug: string) => ({
    GSI2PK: 'SCHEDULED',
    GSI2SK: sort(`${publishedAt}#${slug}`, 'slug'),
  }),
  tagEntry: (tag: string, publishedAt: string, slug: string) => ({
    PK: partition(`TAG#${tag}`, 'tags'),
    SK: sort(`${publishedAt}#${slug}`, 'slug'),
  }),
  tagPartition: (tag: string) => partition(`TAG#${tag}`, 'tag'),
  publicationVersion: () => ({ PK: 'PUBLICATION', SK: 'VERSION' }),
  subscriber: (id: string) => ({ PK: partition(`SUBSCRIBER#${id}`, 'id'), SK: 'SUBSCRIBER' }),
  audience: (cadence: string, shard: number, id: string) => ({
    GSI1PK: partition(`AUDIENCE#${cadence}#${String(shard).padStart(2, '0')}`, 'cadence'),
    GSI1SK: sort(id, 'id'),
  }),
  allSubscribers: (createdAt: string, id: string) => ({
    GSI2PK: 'SUBSCRIBERS',
    GSI2SK: sort(`${createdAt}#${id}`, 'id'),
  }),
  rateCounter: (key: string, windowStart: number) => ({
    PK: partition(`RATE#${key}`, 'key'),
    SK: String(windowStart),
  }),
  digest: (id: string) => ({ PK: partition(`DIGEST#${id}`, 'id'), SK: 'DIGEST' }),
  allDigests: (createdAt: string, id: string) => ({
    GSI2PK: 'DIGESTS',
    GSI2SK: sort(`${createdAt}#${id}`, 'id'),
  }),
  digestVariant: (digestId: string, variantId: string) => ({
    PK: partition(`DIGEST#${digestId}`, 'id'),
    SK: sort(`VARIANT#${variantId}`, 'variant'),
  }),
  delivery: (digestId: string, subscriberId: string) => ({
    PK: partition(`DIGEST#${digestId}`, 'id'),
    SK: sort(`DELIVERY#${subscriberId}`, 'subscriberId'),
  }),
  /** What a digest left out; the id is hashed, as a bad slug can be longer than a sort key may be. */
  digestSkip: (digestId: string, kind: string, id: string) => ({
    PK: partition(`DIGEST#${digestId}`, 'id'),
    SK: `SKIP#${kind}#${createHash('sha256').update(id).digest('base64url').slice(0, 22)}`,
  }),
  lastDigest: (subscriberId: string, cadence: string) => ({
    PK: partition(`SUBSCRIBER#${subscriberId}`, 'subscriberId'),
    SK: sort(`LASTDIGEST#${cadence}`, 'cadence'),
  }),
  /** A subscriber carried over to a later run by the warm-up cap, under their partition (erased with them). */
  carried: (subscriberId: string, cadence: string) => ({
    PK: partition(`SUBSCRIBER#${subscriberId}`, 'subscriberId'),
    SK: sort(`CARRIED#${cadence}`, 'cadence'),
  }),
  /** The carry-over queue of one cadence, in the order they get their turn (core/warm-up.ts carriedOrder). */
  carriedQueue: (cadence: string, order: string) => ({
    GSI1PK: partition(`CARRIED#${cadence}`, 'cadence'),
    GSI1SK: sort(order, 'order'),
  }),
  /** How many digest messages a warm-up day has planned. */
  warmUpDay: (day: string) => ({ PK: `WARMUP#${day}`, SK: 'COUNT' }),
  subscribeRequest: (subscriberId: string) => ({
    PK: partition(`SUBSCRIBER#${subscriberId}`, 'subscriberId'),
    SK: 'REQUEST',
  }),
  /** One line of a subject's audit log; the tail orders lines of one instant (see audit-log.ts). */
  auditEntry: (subject: string, at: string, tail: string) => ({
    PK: partition(`AUDIT#${subject}`, 'subject'),
    SK: `${at}#${tail}`,
  }),
  auditPartition: (subject: string) => partition(`AUDIT#${subject}`, 'subject'),
  /** A desk session, keyed by a hash of its id: the table never holds a usable cookie value. */
  editorSession: (idHash: string) => ({ PK: `DESKSESSION#${idHash}`, SK: 'SESSION' }),
  /**
   * The marker of an event counted in a digest's figures (an SES event, an unsubscribe): one partition per
   * event, so a digest's deliveries do not all write to one partition besides its counter.
   */
  countedEvent: (eventId: string) => ({ PK: partition(`COUNTED#${eventId}`, 'eventId'), SK: 'COUNTED' }),
}

/** The attributes of one listing's LastEvaluatedKey, each with its exact value or the pattern it matches. */
export type PageKeyShape = Readonly<Record<string, string | RegExp>>

/**
 * The key shape of every paged listing, which its cursors must have (cursor.ts): DynamoDB refuses, with a
 * ValidationException, an ExclusiveStartKey that lacks the index's key attributes or is outside its partition.
 */
export const pageKeys = {
  allArticles: { PK: /^ARTICLE#./, SK: 'ARTICLE', GSI1PK: 'ARTICLES', GSI1SK: /^[^#]+#./ },
  allSubscribers: { PK: /^SUBSCRIBER#./, SK: 'SUBSCRIBER', GSI2PK: 'SUBSCRIBERS', GSI2SK: /^[^#]+#./ },
  allDigests: { PK: /^DIGEST#./, SK: 'DIGEST', GSI2PK: 'DIGESTS', GSI2SK: /^[^#]+#./ },
  deliveries: (digestId: string) => ({ PK: keys.digest(digestId).PK, SK: /^DELIVERY#./ }),
  carriedQueue: (cadence: string) => ({
    PK: /^SUBSCRIBER#./,
    SK: keys.carried('', cadence).SK,
    GSI1PK: keys.carriedQueue(cadence, '').GSI1PK,
    GSI1SK: /./,
  }),
  audience: (cadence: string, shard: number) => ({
    PK: /^SUBSCRIBER#./,
    SK: 'SUBSCRIBER',
    GSI1PK: keys.audience(cadence, shard, '').GSI1PK,
    GSI1SK: /./,
  }),
} satisfies Record<string, PageKeyShape | ((...args: never[]) => PageKeyShape)>

/** Partition key attributes (the table's and every index's): the others are sort keys. */
export const PARTITION_KEY_ATTRIBUTES: ReadonlySet<string> = new Set([
  TABLE_SCHEMA.partitionKey,
  ...TABLE_SCHEMA.globalSecondaryIndexes.map((index) => index.partitionKey),
])

/**
 * The key `build` makes, or undefined when a value is too long for any key: then no such item exists, and
 * a read can answer "not found" without asking DynamoDB.
 */
export function possibleKey<T>(build: () => T): T | undefined {
  try {
    return build()
  } catch (error) {
    if (error instanceof KeyTooLongError) return undefined
    throw error
  }
}

export const AUDIENCE_INDEX = 'GSI1'
export const ALL_SUBSCRIBERS_INDEX = 'GSI2'
export const AUDIENCE_SHARDS = 16
/** Items that only matter for a while carry this attribute; DynamoDB's TTL deletes them (dynalite ignores it). */
export const TTL_ATTRIBUTE = 'expiresAt'
