import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda'
import { loadConfig } from '../config'
import { useService } from '../log'
import { buildSendDeps } from './deps'
import { handleSqsEvent } from './handle-sqs-event'
import type { ProcessBatchOptions } from './process-batch'

const logger = useService('pressroom-sender')
const config = loadConfig()
// Built once per cold start; every invocation reuses the clients, the pacer and the worker name.
const deps = await buildSendDeps(config)
const options: ProcessBatchOptions = {
  warn: (message) => logger.warn(message),
  ...(config.LIST_UNSUBSCRIBE_MAILTO !== undefined && {
    listUnsubscribeMailto: config.LIST_UNSUBSCRIBE_MAILTO,
  }),
}

/** Triggered by the send queue (SQS, ReportBatchItemFailures); each message is one DeliveryBatch. */
export async function handler(event: SQSEvent, context?: Context): Promise<SQSBatchResponse> {
  if (context !== undefined) logger.addContext(context)
  return handleSqsEvent(deps, event, options)
}
