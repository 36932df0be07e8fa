import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { keys, possibleKey } from './table-schema'

/** An item as the document client reads it. */
export type Item = Record<string, unknown>

/** Every item of one digest's partition whose sort key starts with `prefix`, all pages. */
/** Every item of a digest's partition whose sort key starts with `prefix`, page after page. */
export async function queryPrefix(
  db: DynamoDBDocumentClient,
  tableName: string,
  digestId: string,
  prefix: string,
): Promise<Item[]> {
  const key = possibleKey(() => keys.digest(digestId))
  if (key === undefined) return []
  const items: Item[] = []
  let startKey: Item | undefined
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
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
