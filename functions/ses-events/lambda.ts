import type { Context, SNSEvent } from 'aws-lambda'
import { loadConfig } from '../config'
import { logEntry, useService } from '../log'
import { buildFeedbackDeps } from './deps'
import { handleSnsEvent } from './handle-sns-event'

const logger = useService('pressroom-ses-feedback')
// Built once per cold start; every invocation reuses the DynamoDB clients.
const deps = buildFeedbackDeps(loadConfig())

/** Subscribed to the SNS topic(s) that SES publishes bounces and complaints to. */
export async function handler(event: SNSEvent, context?: Context): Promise<void> {
  if (context !== undefined) logger.addContext(context)
  await handleSnsEvent(deps, event, { log: logEntry })
}
