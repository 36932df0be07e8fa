import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb'
import { isPublic, type Article } from '../../core/article'
import { ConflictError, NotFoundError } from '../../core/errors'
import type { ArticleStore, Page, PublicationVersion, PublishedEntry, PublishedQuery } from '../../core/ports'
import { batchGetAll, batchWriteAll } from './batch'
import { CONDITION_FAILED, conditionally } from './conditional-write'
import { decodeCursor, encodeCursor } from './cursor'
import { ALL_ARTICLES_INDEX, PUBLISHED_INDEX, keys, pageKeys, possibleKey } from './table-schema'

type Item = Record<string, unknown>

const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK']

/**
 * Articles in DynamoDB without transactions (dynalite has none): the article item is the truth, and
 * tag index entries are a derived index written *before* the article and cleaned up *after* it. A crash
 * in between can only leave a stale tag entry, which reads check against the article and skip; it can
 * never hide a published article from its tag feed.
 */
export class DynamoArticleStore implements ArticleStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(slug: string): Promise<Article | undefined> {
    const key = possibleKey(() => keys.article(slug))
    if (key === undefined) return undefined
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    )
    return Item === undefined ? undefined : toArticle(Item)
  }

  async create(article: Article): Promise<void> {
    // Every key is built (and so checked) before the first write: a refused article leaves nothing behind.
    const item = toItem(article)
    await this.writeTagEntries(article)
    const outcome = await conditionally(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    )
    if (outcome === CONDITION_FAILED) {
      throw new ConflictError(`An article with the slug "${article.slug}" already exists`)
    }
    await this.bumpVersion(article.updatedAt)
  }

  async replace(article: Article, expectedRevision: number): Promise<void> {
    const previous = await this.get(article.slug)
    if (previous === undefined) throw new NotFoundError(`No article has the slug "${article.slug}"`)
    const item = toItem(article)
    await this.writeTagEntries(article)
    const outcome = await conditionally(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_exists(PK) AND revision = :expected',
          ExpressionAttributeValues: { ':expected': expectedRevision },
        }),
      ),
    )
    if (outcome === CONDITION_FAILED) {
      throw new ConflictError(
        `The article "${article.slug}" was changed by someone else since revision ${expectedRevision}; reload it and try again`,
      )
    }
    await this.deleteTagEntries(staleTagEntries(previous, article))
    await this.bumpVersion(article.updatedAt)
  }

  async delete(slug: string): Promise<Article> {
    const key = possibleKey(() => keys.article(slug))
    if (key === undefined) throw new NotFoundError(`No article has the slug "${slug}"`)
    const deleted = await conditionally(
      this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: key,
          ConditionExpression: 'attribute_exists(PK)',
          ReturnValues: 'ALL_OLD',
        }),
      ),
    )
    if (deleted === CONDITION_FAILED) throw new NotFoundError(`No article has the slug "${slug}"`)
    const article = toArticle(deleted.Attributes!)
    await this.deleteTagEntries(tagEntries(article))
    await this.bumpVersion(new Date().toISOString())
    return article
  }

  async listAll({ limit, cursor }: { limit: number; cursor?: string }): Promise<Page<Article>> {
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: ALL_ARTICLES_INDEX,
        KeyConditionExpression: 'GSI1PK = :all',
        ExpressionAttributeValues: { ':all': 'ARTICLES' },
        ScanIndexForward: false,
        Limit: limit,
        ...(cursor !== undefined && { ExclusiveStartKey: decodeCursor(cursor, pageKeys.allArticles) }),
      }),
    )
    return {
      items: Items.map(toArticle),
      ...(LastEvaluatedKey !== undefined && { cursor: encodeCursor(LastEvaluatedKey) }),
    }
  }

  async listPublished(query: PublishedQuery): Promise<Article[]> {
    if (query.tag !== undefined) return this.listPublishedWithTag({ ...query, tag: query.tag })
    const range = sortKeyRange('GSI2SK', query)
    const items = await this.queryAll(
      {
        TableName: this.tableName,
        IndexName: PUBLISHED_INDEX,
        KeyConditionExpression: `GSI2PK = :published${range.condition}`,
        ExpressionAttributeValues: { ':published': 'PUBLISHED', ...range.values },
        ScanIndexForward: false,
      },
      query.limit,
    )
    return items.map(toArticle)
  }

  async listPublishedEntries(): Promise<PublishedEntry[]> {
    const entries: PublishedEntry[] = []
    let startKey: Item | undefined
    do {
      // Only the fields a link, its lastmod and navigation need: a page of the index then carries thousands of
      // articles. Built once per change (FeedCache, SitemapCache), so this is one paged Query per write.
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: PUBLISHED_INDEX,
          KeyConditionExpression: 'GSI2PK = :published',
          ExpressionAttributeValues: { ':published': 'PUBLISHED' },
          ProjectionExpression: '#slug, #title, #tags, #publishedAt, #updatedAt, #status, #canonicalUrl',
          ExpressionAttributeNames: {
            '#slug': 'slug',
            '#title': 'title',
            '#tags': 'tags',
            '#publishedAt': 'publishedAt',
            '#updatedAt': 'updatedAt',
            '#status': 'status',
            '#canonicalUrl': 'canonicalUrl',
          },
          ScanIndexForward: false,
          ExclusiveStartKey: startKey,
        }),
      )
      for (const item of page.Items ?? []) {
        if (item.status !== 'published') continue
        entries.push({
          slug: String(item.slug),
          title: String(item.title),
          tags: Array.isArray(item.tags) ? item.tags.map(String) : [],
          publishedAt: String(item.publishedAt),
          updatedAt: String(item.updatedAt),
          ...(typeof item.canonicalUrl === 'string' && { canonicalUrl: item.canonicalUrl }),
        })
      }
      startKey = page.LastEvaluatedKey
    } while (startKey !== undefined)
    return entries
  }

  async listScheduled({ limit, dueBy }: { limit: number; dueBy?: string }): Promise<Article[]> {
    // Every "<dueBy>#<slug>" sorts before "<dueBy>$" ('$' follows '#'), and every later instant after it.
    const due = dueBy === undefined ? undefined : `${dueBy}$`
    const items = await this.queryAll(
      {
        TableName: this.tableName,
        IndexName: PUBLISHED_INDEX,
        KeyConditionExpression: `GSI2PK = :scheduled${due === undefined ? '' : ' AND GSI2SK <= :due'}`,
        ExpressionAttributeValues: { ':scheduled': 'SCHEDULED', ...(due !== undefined && { ':due': due }) },
        ScanIndexForward: true,
      },
      limit,
    )
    return items.map(toArticle)
  }

  async publicationVersion(): Promise<PublicationVersion> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.publicationVersion() }),
    )
    return {
      version: Number(Item?.version ?? 0),
      ...(Item?.updatedAt && { updatedAt: String(Item.updatedAt) }),
    }
  }

  private async listPublishedWithTag(query: PublishedQuery & { tag: string }): Promise<Article[]> {
    const { tag, limit } = query
    const partition = possibleKey(() => keys.tagPartition(tag))
    if (partition === undefined) return [] // a tag too long for a key is on no article
    const range = sortKeyRange('SK', query)
    const found: Article[] = []
    let startKey: Item | undefined
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: `PK = :tag${range.condition}`,
          ExpressionAttributeValues: { ':tag': partition, ...range.values },
          ScanIndexForward: false,
          Limit: Math.min(limit - found.length + 5, 100),
          ExclusiveStartKey: startKey,
        }),
      )
      const entries = page.Items ?? []
      const articles = await this.getMany(entries.map((entry) => String(entry.slug)))
      for (const entry of entries) {
        const article = articles.get(String(entry.slug))
        // A stale entry (crash mid-write, tag removed, unpublished) no longer matches its article.
        if (article && isPublic(article) && article.tags.includes(tag) && entry.SK === tagSortKey(article)) {
          found.push(article)
        }
      }
      startKey = page.LastEvaluatedKey
    } while (startKey !== undefined && found.length < limit)
    return found.slice(0, limit)
  }

  /** Follows LastEvaluatedKey until `limit` items are read (a Query page stops at 1 MB). */
  private async queryAll(input: QueryCommandInput, limit: number): Promise<Item[]> {
    const items: Item[] = []
    let startKey: Item | undefined
    do {
      const page = await this.db.send(
        new QueryCommand({ ...input, Limit: limit - items.length, ExclusiveStartKey: startKey }),
      )
      items.push(...(page.Items ?? []))
      startKey = page.LastEvaluatedKey
    } while (startKey !== undefined && items.length < limit)
    return items
  }

  private async getMany(slugs: string[]): Promise<Map<string, Article>> {
    const items = await batchGetAll(
      this.db,
      this.tableName,
      [...new Set(slugs)].flatMap((slug) => possibleKey(() => keys.article(slug)) ?? []),
    )
    return new Map(items.map(toArticle).map((article) => [article.slug, article]))
  }

  private async writeTagEntries(article: Article): Promise<void> {
    const entries = tagEntries(article).map((entry) => ({
      PutRequest: { Item: { ...entry, slug: article.slug } },
    }))
    await batchWriteAll(this.db, this.tableName, entries)
  }

  private async deleteTagEntries(entries: Item[]): Promise<void> {
    await batchWriteAll(
      this.db,
      this.tableName,
      entries.map((Key) => ({ DeleteRequest: { Key } })),
    )
  }

  private async bumpVersion(updatedAt: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.publicationVersion(),
        UpdateExpression: 'ADD version :one SET updatedAt = :now',
        ExpressionAttributeValues: { ':one': 1, ':now': updatedAt },
      }),
    )
  }
}

const tagSortKey = (article: Article) => `${article.publishedAt}#${article.slug}`

/** Narrows a Query on a `<publishedAt>#<slug>` sort key to a period prefix or to before an instant. */
function sortKeyRange(attribute: string, query: PublishedQuery) {
  if (query.period !== undefined) {
    return { condition: ` AND begins_with(${attribute}, :period)`, values: { ':period': query.period } }
  }
  if (query.before !== undefined) {
    return { condition: ` AND ${attribute} < :before`, values: { ':before': query.before } }
  }
  return { condition: '', values: {} }
}

function tagEntries(article: Article): Item[] {
  if (!isPublic(article)) return []
  return article.tags.map((tag) => keys.tagEntry(tag, article.publishedAt!, article.slug))
}

function staleTagEntries(previous: Article, next: Article): Item[] {
  const keep = new Set(tagEntries(next).map((entry) => `${entry.PK}|${entry.SK}`))
  return tagEntries(previous).filter((entry) => !keep.has(`${entry.PK}|${entry.SK}`))
}

function toItem(article: Article): Item {
  return {
    ...keys.article(article.slug),
    ...keys.allArticles(article.createdAt, article.slug),
    ...(isPublic(article) && keys.published(article.publishedAt!, article.slug)),
    ...(article.status === 'scheduled' && keys.scheduled(article.publishedAt!, article.slug)),
    ...article,
  }
}

function toArticle(item: Item): Article {
  const article = { ...item }
  for (const key of KEY_ATTRIBUTES) delete article[key]
  return article as unknown as Article
}
