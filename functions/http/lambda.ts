import type { Context } from 'aws-lambda'
import { handle } from 'hono/aws-lambda'
import { loadConfig } from '../config'
import { useService } from '../log'
import { createApp } from './app'
import { buildHttpDeps } from './deps'

const logger = useService('pressroom-http')
// Built once per cold start; every invocation reuses the app, its clients and its feed cache.
const app = handle(createApp(await buildHttpDeps(loadConfig())))

/** Behind the HTTP API; each invocation's logs (functions/http/errors.ts) carry its request id. */
export const handler: typeof app = (event, context) => {
  // hono's LambdaContext lacks the deprecated done/fail/succeed; the runtime passes a full Context.
  if (context !== undefined) logger.addContext(context as Context)
  return app(event, context)
}
