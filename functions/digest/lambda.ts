import { SQSClient } from '@aws-sdk/client-sqs'
import type { Context } from 'aws-lambda'
import { realLeaseWaits } from '../adapters/lease-waits'
import { SqsBatchQueue } from '../adapters/queue/sqs-queue'
import { loadConfig } from '../config'
import type { PlanDeps, PlanSummary } from '../core/plan-digest'
import { getDeps } from '../deps'
import { useService } from '../log'
import { handleSchedule, sendQueueUrl } from './handle-schedule'
import { variantRenderer } from './render-variant'

const logger = useService('pressroom-planner')
const config = loadConfig()
// Checked before anything else, so a stack without the queue fails at cold start with the variable's name.
const queueUrl = sendQueueUrl(config)
// Built once per cold start; every invocation reuses the clients.
const deps = await getDeps(config)
const planDeps: PlanDeps = {
  ...deps,
  ...realLeaseWaits,
  queue: new SqsBatchQueue(new SQSClient({ region: config.AWS_REGION }), queueUrl),
  renderVariant: variantRenderer(deps.publication, config.POSTAL_ADDRESS),
}

/** Invoked every hour by EventBridge Scheduler, once per cadence, with `{ "cadence": "daily" | "weekly" }`. */
export async function handler(event: unknown, context?: Context): Promise<PlanSummary> {
  if (context !== undefined) logger.addContext(context)
  // The run's one summary line, as fields of a structured entry.
  return handleSchedule(planDeps, event, { log: (line) => logger.info('digest plan', JSON.parse(line)) })
}
