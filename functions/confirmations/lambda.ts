import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda'
import { loadConfig } from '../config'
import { useService } from '../log'
import { buildConfirmationDeps } from './deps'
import { handleConfirmationJobs } from './handle-sqs-event'

const logger = useService('pressroom-confirmations')
// Built once per cold start; every invocation reuses the clients.
const deps = await buildConfirmationDeps(loadConfig())

/** Triggered by the confirmation queue (SQS, ReportBatchItemFailures) that POST /subscribe writes to. */
export async function handler(event: SQSEvent, context?: Context): Promise<SQSBatchResponse> {
  if (context !== undefined) logger.addContext(context)
  return handleConfirmationJobs(deps, event, (message) => logger.warn(message))
}
