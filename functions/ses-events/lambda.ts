import type { SNSEvent } from 'aws-lambda'
import { loadConfig } from '../config'
import { getDeps } from '../deps'
import { handleSnsEvent } from './handle-sns-event'

// Built once per cold start; every invocation reuses the DynamoDB clients.
const deps = await getDeps(loadConfig())

/** Subscribed to the SNS topic(s) that SES publishes bounces and complaints to. */
export async function handler(event: SNSEvent): Promise<void> {
  await handleSnsEvent(deps, event)
}
