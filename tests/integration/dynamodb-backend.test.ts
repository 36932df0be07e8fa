import { BatchGetCommand, BatchWriteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { createDynamoClients } from '../../functions/clients'
import { ensureTable } from '../../functions/adapters/dynamodb/ensure-table'

/**
 * The behaviours of DynamoDB the stores rely on, checked on whichever backend the suite runs on (dynalite
 * or DynamoDB Local: docs/decisions/005-dynamodb-local-second-backend.md). Error names, never messages:
 * the two backends word them differently.
 */
describe('the DynamoDB backend', () => {
  const tableName = `backend-${randomUUID()}`
  const { client, document } = createDynamoClients({
    region: 'us-east-1',
    endpoint: inject('dynamoEndpoint'),
  })
  beforeAll(() => ensureTable(client, tableName))

  const errorName = (promise: Promise<unknown>) =>
    promise.then(
      () => 'no error',
      (error: Error) => error.name,
    )

  it('refuses a conditional write whose condition fails with ConditionalCheckFailedException', async () => {
    await document.send(new PutCommand({ TableName: tableName, Item: { PK: 'c', SK: 'c' } }))
    const refused = document.send(
      new PutCommand({
        TableName: tableName,
        Item: { PK: 'c', SK: 'c' },
        ConditionExpression: 'attribute_not_exists(PK)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    )
    expect(await errorName(refused)).toBe('ConditionalCheckFailedException')
  })

  it('refuses table keys over 2,048 bytes (partition) and 1,024 bytes (sort), and takes them at the limit', async () => {
    const put = (PK: string, SK: string) =>
      document.send(new PutCommand({ TableName: tableName, Item: { PK, SK } }))
    // ASCII, where bytes and characters agree: dynalite counts characters, DynamoDB counts UTF-8 bytes (005).
    expect(await errorName(put('x'.repeat(2049), 's'))).toBe('ValidationException')
    expect(await errorName(put('p', 'x'.repeat(1025)))).toBe('ValidationException')
    expect(await errorName(put('x'.repeat(2048), 'x'.repeat(1024)))).toBe('no error')
  })

  it('refuses a bare reserved word, an unused value, duplicate keys in a batch and an item over 400 KB', async () => {
    const refusals = await Promise.all([
      errorName(
        document.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { PK: 'c', SK: 'c' },
            UpdateExpression: 'SET status = :s',
            ExpressionAttributeValues: { ':s': 'x' },
          }),
        ),
      ),
      errorName(
        document.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { PK: 'c', SK: 'c' },
            UpdateExpression: 'SET #s = :s',
            ExpressionAttributeNames: { '#s': 'state' },
            ExpressionAttributeValues: { ':s': 'x', ':unused': 'y' },
          }),
        ),
      ),
      errorName(
        document.send(
          new BatchWriteCommand({
            RequestItems: { [tableName]: [1, 2].map(() => ({ PutRequest: { Item: { PK: 'd', SK: 'd' } } })) },
          }),
        ),
      ),
      errorName(
        document.send(
          new BatchGetCommand({
            RequestItems: { [tableName]: { Keys: [1, 2].map(() => ({ PK: 'd', SK: 'd' })) } },
          }),
        ),
      ),
      errorName(
        document.send(
          new PutCommand({ TableName: tableName, Item: { PK: 'b', SK: 'b', v: 'x'.repeat(401 * 1024) } }),
        ),
      ),
    ])
    expect(refusals).toEqual(Array(5).fill('ValidationException'))
  })

  it('refuses a batch of more than 25 writes or 100 reads', async () => {
    const writes = await errorName(
      document.send(
        new BatchWriteCommand({
          RequestItems: {
            [tableName]: Array.from({ length: 26 }, (_, i) => ({
              PutRequest: { Item: { PK: 'w', SK: String(i) } },
            })),
          },
        }),
      ),
    )
    const reads = await errorName(
      document.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: { Keys: Array.from({ length: 101 }, (_, i) => ({ PK: 'r', SK: String(i) })) },
          },
        }),
      ),
    )
    expect([writes, reads]).toEqual(['ValidationException', 'ValidationException'])
  })
})
