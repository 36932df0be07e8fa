import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda'
import { loadConfig } from '../config'
import { useService } from '../log'
import { buildWebSubDeps } from './deps'
import { handleFeedChanges } from './handle-feed-changes'

const logger = useService('pressroom-websub')
// Built once per cold start; every invocation reuses the pinger and the CloudFront client.
const deps = buildWebSubDeps(loadConfig())

/** Triggered by the feed-change queue (SQS, ReportBatchItemFailures) that the HTTP function writes to. */
export async function handler(event: SQSEvent, context?: Context): Promise<SQSBatchResponse> {
  if (context !== undefined) logger.addContext(context)
  return handleFeedChanges(deps.pinger, event, (message) => logger.warn(message), deps.edge, deps.indexNow)
}
