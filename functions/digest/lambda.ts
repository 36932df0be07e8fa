import { SQSClient } from '@aws-sdk/client-sqs'
import { SqsBatchQueue } from '../adapters/queue/sqs-queue'
import { loadConfig } from '../config'
import type { PlanDeps, PlanSummary } from '../core/plan-digest'
import { getDeps } from '../deps'
import { handleSchedule, sendQueueUrl } from './handle-schedule'
import { variantRenderer } from './render-variant'

const config = loadConfig()
// Checked before anything else, so a stack without the queue fails at cold start with the variable's name.
const queueUrl = sendQueueUrl(config)
// Built once per cold start; every invocation reuses the clients.
const deps = await getDeps(config)
const planDeps: PlanDeps = {
  ...deps,
  queue: new SqsBatchQueue(new SQSClient({ region: config.AWS_REGION }), queueUrl),
  renderVariant: variantRenderer(deps.publication, config.POSTAL_ADDRESS),
}

/** Invoked every hour by EventBridge Scheduler, once per cadence, with `{ "cadence": "daily" | "weekly" }`. */
export async function handler(event: unknown): Promise<PlanSummary> {
  return handleSchedule(planDeps, event)
}
