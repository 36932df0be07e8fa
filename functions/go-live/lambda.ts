import type { Context } from 'aws-lambda'
import { loadConfig } from '../config'
import { useService } from '../log'
import { buildGoLiveDeps } from './deps'
import { handleGoLive, type GoLiveResult } from './handle-go-live'

const logger = useService('pressroom-go-live')
// Built once per cold start; every invocation reuses the clients.
const deps = buildGoLiveDeps(loadConfig())

/** Invoked by an article's one-time EventBridge Scheduler schedule, with `{ "slug", "publishedAt" }`. */
export async function handler(event: unknown, context?: Context): Promise<GoLiveResult> {
  if (context !== undefined) logger.addContext(context)
  const result = await handleGoLive(deps, event)
  logger.info('go-live', { requested: event, published: result.published })
  return result
}
