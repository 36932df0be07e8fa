import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb'
import { createHash } from 'node:crypto'
import { sessionKeepUntil, type EditorSession } from '../../core/editor-session'
import type { EditorSessionStore } from '../../core/ports'
import { conditionally, CONDITION_FAILED } from './conditional-write'
import { keys, TTL_ATTRIBUTE } from './table-schema'

const hashed = (id: string) => createHash('sha256').update(id).digest('base64url')

/**
 * One item per session, keyed by a hash of its id (a table export holds no usable cookie). Expiry is
 * checked on every read (core/editor-session.ts); the TTL attribute only lets DynamoDB tidy up later
 * (dynalite never deletes). Each write touches one item, conditionally: no transactions needed.
 */
export class DynamoEditorSessionStore implements EditorSessionStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(session: EditorSession): Promise<void> {
    const { id, ...rest } = session
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.editorSession(hashed(id)),
          ...rest,
          [TTL_ATTRIBUTE]: Math.ceil(sessionKeepUntil(session).getTime() / 1000),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    )
  }

  async get(id: string): Promise<EditorSession | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.editorSession(hashed(id)),
        ConsistentRead: true,
      }),
    )
    if (Item === undefined) return undefined
    const { editor, csrfToken, createdAt, lastSeenAt } = Item as Record<string, string>
    return { id, editor: editor!, csrfToken: csrfToken!, createdAt: createdAt!, lastSeenAt: lastSeenAt! }
  }

  async touch(id: string, lastSeenAt: string): Promise<boolean> {
    const result = await conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.editorSession(hashed(id)),
          UpdateExpression: 'SET lastSeenAt = :at',
          // Never resurrect a session that sign-out ended meanwhile.
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':at': lastSeenAt },
        }),
      ),
    )
    return result !== CONDITION_FAILED
  }

  async end(id: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.editorSession(hashed(id)) }))
  }
}
