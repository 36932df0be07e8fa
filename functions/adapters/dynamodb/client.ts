import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'

export interface DynamoClientOptions {
  region: string
  /** Only for local emulators (dynalite); on AWS the SDK resolves the regional endpoint. */
  endpoint?: string
}

export function createDynamoClients({ region, endpoint }: DynamoClientOptions) {
  const client = new DynamoDBClient({
    region,
    ...(endpoint !== undefined && {
      endpoint,
      // dynalite accepts any credentials; fixed ones keep a laptop without an AWS profile working.
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  })
  const document = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  })
  return { client, document }
}
