import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  waitUntilTableExists,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb'
import { TABLE_SCHEMA } from './table-schema'

/** The CreateTable request for TABLE_SCHEMA, as the local emulator needs it (CDK builds the same table on AWS). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const attributes = new Set<string>([TABLE_SCHEMA.partitionKey, TABLE_SCHEMA.sortKey])
  for (const index of TABLE_SCHEMA.globalSecondaryIndexes) {
    attributes.add(index.partitionKey)
    attributes.add(index.sortKey)
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: TABLE_SCHEMA.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_SCHEMA.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: TABLE_SCHEMA.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  }
}

/** Creates the table unless it exists; waits until it is ACTIVE. Used by `npm start` and the tests only. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }))
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error
    await client.send(new CreateTableCommand(createTableInput(tableName)))
  }
  // The SDK's own waiter polls DescribeTable with its backoff; an emulator's table is ACTIVE within
  // milliseconds, so it starts at 50 ms, and a minute is plenty even on a busy machine.
  try {
    await waitUntilTableExists(
      { client, minDelay: 0.05, maxDelay: 0.5, maxWaitTime: 60 },
      { TableName: tableName },
    )
  } catch (error) {
    throw new Error(`Table ${tableName} did not become ACTIVE`, { cause: error })
  }
}
