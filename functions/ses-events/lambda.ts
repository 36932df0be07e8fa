import type { Context, SNSEvent } from 'aws-lambda'
import { loadConfig } from '../config'
import { getDeps } from '../deps'
import { logEntry, useService } from '../log'
import { handleSnsEvent } from './handle-sns-event'

const logger = useService('pressroom-ses-feedback')
// Built once per cold start; every invocation reuses the DynamoDB clients.
const deps = await getDeps(loadConfig())

/** Subscribed to the SNS topic(s) that SES publishes bounces and complaints to. */
export async function handler(event: SNSEvent, context?: Context): Promise<void> {
  if (context !== undefined) logger.addContext(context)
  await handleSnsEvent(deps, event, { log: logEntry })
}
