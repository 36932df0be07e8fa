import { CloudFrontClient } from '@aws-sdk/client-cloudfront'
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda'
import { CloudFrontInvalidation } from '../adapters/cdn/cloudfront-invalidation'
import { HubPinger } from '../adapters/websub/hub-pinger'
import { loadConfig } from '../config'
import { logEntry, useService } from '../log'
import { handleFeedChanges } from './handle-feed-changes'

const logger = useService('pressroom-websub')
const config = loadConfig()
// Built once per cold start. Its own retries ride out a hub's short outage; SQS covers longer ones.
const pinger = new HubPinger(config.WEBSUB_HUBS, { log: logEntry })
// Behind CloudFront the edge's copies of a changed feed go before any hub is told (handle-feed-changes.ts).
const edge =
  config.CDN_DISTRIBUTION_ID === undefined
    ? undefined
    : new CloudFrontInvalidation(new CloudFrontClient({}), config.CDN_DISTRIBUTION_ID)

/** Triggered by the feed-change queue (SQS, ReportBatchItemFailures) that the HTTP function writes to. */
export async function handler(event: SQSEvent, context?: Context): Promise<SQSBatchResponse> {
  if (context !== undefined) logger.addContext(context)
  return handleFeedChanges(pinger, event, (message) => logger.warn(message), edge)
}
