import type { TestProject } from 'vitest/node'
import { startDynalite, startSesEmulator } from '../infra/local/emulators'

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string
    sesEndpoint: string
  }
}

/** One in-memory dynalite and one SES emulator for the whole run, on free ports; each test file makes its own table. */
export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
  const dynamo = await startDynalite({ port: 0, host: '127.0.0.1' })
  const ses = await startSesEmulator({ port: 0, host: '127.0.0.1' })
  project.provide('dynamoEndpoint', dynamo.url)
  project.provide('sesEndpoint', ses.url)
  return async () => {
    await ses.close()
    await dynamo.close()
  }
}
