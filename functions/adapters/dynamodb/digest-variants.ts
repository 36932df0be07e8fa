import { gunzipSync, gzipSync } from 'node:zlib'
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { conditionally } from './conditional-write'
import type { DigestVariant } from '../../core/digest'
import { queryPrefix } from './digest-partition'
import { keys, possibleKey, TTL_ATTRIBUTE } from './table-schema'
import type { Item } from './digest-partition'

/** DynamoDB refuses items over 400 KB (names and values together). */
export const MAX_ITEM_BYTES = 400 * 1024

/** A rendered variant that cannot be stored even compressed; the planner should put fewer articles in it. */
export class VariantTooLargeError extends Error {
  override name = 'VariantTooLargeError'
}

/** A digest's rendered variants, stored gzip-compressed under the digest's partition. */
export class DynamoDigestVariants {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

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
    // First write wins: the variant id is a hash of its inputs, and a send in progress must never see
    // its HTML change under it.
    await conditionally(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    )
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
    const items = await queryPrefix(this.db, this.tableName, digestId, 'VARIANT#')
    return items.map(toVariant)
  }
}

/**
 * The compiled HTML of a digest runs to tens or hundreds of KB, and every sender reads it, so html and
 * text are stored gzipped (MJML output shrinks about tenfold). That keeps a variant with many articles
 * well under the item limit and makes each read cheaper.
 */
function variantItem(variant: DigestVariant): Item {
  const { html, text, webHtml, ...rest } = variant
  return {
    ...keys.digestVariant(variant.digestId, variant.id),
    ...rest,
    htmlGzip: gzipSync(Buffer.from(html, 'utf8'), { level: 9 }),
    textGzip: gzipSync(Buffer.from(text, 'utf8'), { level: 9 }),
    ...(webHtml !== undefined && { webHtmlGzip: gzipSync(Buffer.from(webHtml, 'utf8'), { level: 9 }) }),
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
    ...(item.webHtmlGzip !== undefined && {
      webHtml: gunzipSync(item.webHtmlGzip as Uint8Array).toString('utf8'),
    }),
    articleSlugs: (item.articleSlugs as string[] | undefined) ?? [],
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
