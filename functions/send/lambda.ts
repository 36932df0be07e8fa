import type { SQSBatchResponse, SQSEvent } from 'aws-lambda'
import { loadConfig } from '../config'
import { handleSqsEvent } from './handle-sqs-event'
import { buildSendDeps } from './send-deps'

// Built once per cold start; every invocation reuses the clients, the pacer and the worker name.
const deps = await buildSendDeps(loadConfig())

/** Triggered by the send queue (SQS, ReportBatchItemFailures); each message is one DeliveryBatch. */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  return handleSqsEvent(deps, event)
}
