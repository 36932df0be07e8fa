import { createHash } from 'node:crypto'

/**
 * The one definition of the table's keys and indexes. The CDK stack and the local emulator both build
 * the table from this object, so "works on my laptop" and "works on AWS" share one schema.
 *
 * Item shapes (single-table design; every key is a string):
 *
 * | item                 | PK                  | SK                         | GSI1 (all articles)          | GSI2 (published)                  |
 * | -------------------- | ------------------- | -------------------------- | ---------------------------- | --------------------------------- |
 * | article              | ARTICLE#<slug>      | ARTICLE                    | ARTICLES / <createdAt>#<slug> | PUBLISHED / <publishedAt>#<slug> |
 * | tag index entry      | TAG#<tag>           | <publishedAt>#<slug>       | -                            | -                                 |
 * | publication version  | PUBLICATION         | VERSION                    | -                            | -                                 |
 * | subscriber           | SUBSCRIBER#<id>     | SUBSCRIBER                 | AUDIENCE#<cadence>#<shard> / <id> (confirmed only) | SUBSCRIBERS / <createdAt>#<id> |
 * | rate-limit counter   | RATE#<key>          | <window start>             | -                            | -                                 |
 * | digest               | DIGEST#<id>         | DIGEST                     | -                            | DIGESTS / <createdAt>#<id>        |
 * | digest variant       | DIGEST#<id>         | VARIANT#<variant id>       | -                            | -                                 |
 * | delivery (ledger)    | DIGEST#<id>         | DELIVERY#<subscriber id>   | -                            | -                                 |
 * | digest skip          | DIGEST#<id>         | SKIP#<kind>#<hash of id>   | -                            | -                                 |
 * | last digest cursor   | SUBSCRIBER#<id>     | LASTDIGEST#<cadence>       | -                            | -                                 |
 *
 * The audience index is sharded (16 partitions per cadence) so a million confirmed subscribers do not share
 * one hot index partition; a digest reads the shards one page at a time.
 * GSI2 is sparse: only published articles carry GSI2PK, so the feed query never sees a draft.
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

export const keys = {
  article: (slug: string) => ({ PK: `ARTICLE#${slug}`, SK: 'ARTICLE' }),
  allArticles: (createdAt: string, slug: string) => ({ GSI1PK: 'ARTICLES', GSI1SK: `${createdAt}#${slug}` }),
  published: (publishedAt: string, slug: string) => ({
    GSI2PK: 'PUBLISHED',
    GSI2SK: `${publishedAt}#${slug}`,
  }),
  tagEntry: (tag: string, publishedAt: string, slug: string) => ({
    PK: `TAG#${tag}`,
    SK: `${publishedAt}#${slug}`,
  }),
  tagPartition: (tag: string) => `TAG#${tag}`,
  publicationVersion: () => ({ PK: 'PUBLICATION', SK: 'VERSION' }),
  subscriber: (id: string) => ({ PK: `SUBSCRIBER#${id}`, SK: 'SUBSCRIBER' }),
  audience: (cadence: string, shard: number, id: string) => ({
    GSI1PK: `AUDIENCE#${cadence}#${String(shard).padStart(2, '0')}`,
    GSI1SK: id,
  }),
  allSubscribers: (createdAt: string, id: string) => ({
    GSI2PK: 'SUBSCRIBERS',
    GSI2SK: `${createdAt}#${id}`,
  }),
  rateCounter: (key: string, windowStart: number) => ({ PK: `RATE#${key}`, SK: String(windowStart) }),
  digest: (id: string) => ({ PK: `DIGEST#${id}`, SK: 'DIGEST' }),
  allDigests: (createdAt: string, id: string) => ({ GSI2PK: 'DIGESTS', GSI2SK: `${createdAt}#${id}` }),
  digestVariant: (digestId: string, variantId: string) => ({
    PK: `DIGEST#${digestId}`,
    SK: `VARIANT#${variantId}`,
  }),
  delivery: (digestId: string, subscriberId: string) => ({
    PK: `DIGEST#${digestId}`,
    SK: `DELIVERY#${subscriberId}`,
  }),
  /** What a digest left out; the id is hashed, as a bad slug can be longer than a sort key may be. */
  digestSkip: (digestId: string, kind: string, id: string) => ({
    PK: `DIGEST#${digestId}`,
    SK: `SKIP#${kind}#${createHash('sha256').update(id).digest('base64url').slice(0, 22)}`,
  }),
  lastDigest: (subscriberId: string, cadence: string) => ({
    PK: `SUBSCRIBER#${subscriberId}`,
    SK: `LASTDIGEST#${cadence}`,
  }),
}

export const AUDIENCE_INDEX = 'GSI1'
export const ALL_SUBSCRIBERS_INDEX = 'GSI2'
export const AUDIENCE_SHARDS = 16
/** Items that only matter for a while carry this attribute; DynamoDB's TTL deletes them (dynalite ignores it). */
export const TTL_ATTRIBUTE = 'expiresAt'
