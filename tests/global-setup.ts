import type { TestProject } from 'vitest/node'
import { startDynalite, startSesEmulator, type RunningServer } from '../infra/local/emulators'
import { startDynamoDbLocal } from '../infra/local/dynamodb-local'

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string
    sesEndpoint: string
  }
}

/**
 * One in-memory DynamoDB and one SES emulator for the whole run, on free ports; each test file makes its
 * own table. PRESSROOM_TEST_DYNAMODB picks the DynamoDB: dynalite (the default, as under `npm start`) or
 * dynamodb-local (AWS's own emulator; `npm run test:dynamodb-local`).
 */
export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
  const dynamo = await startDynamo(process.env.PRESSROOM_TEST_DYNAMODB ?? 'dynalite')
  const ses = await startSesEmulator({ port: 0, host: '127.0.0.1' })
  project.provide('dynamoEndpoint', dynamo.url)
  project.provide('sesEndpoint', ses.url)
  return async () => {
    await ses.close()
    await dynamo.close()
  }
}

function startDynamo(backend: string): Promise<RunningServer> {
  const where = { port: 0, host: '127.0.0.1' }
  if (backend === 'dynalite') return startDynalite(where)
  if (backend === 'dynamodb-local') return startDynamoDbLocal(where)
  throw new Error(`PRESSROOM_TEST_DYNAMODB must be dynalite or dynamodb-local, not "${backend}"`)
}
