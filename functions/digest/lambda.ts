import type { Context } from 'aws-lambda'
import { loadConfig } from '../config'
import type { PlanSummary } from '../core/plan-digest'
import { useService } from '../log'
import { buildPlanDeps } from './deps'
import { handleSchedule } from './handle-schedule'

const logger = useService('pressroom-planner')
// Built once per cold start; every invocation reuses the clients.
const deps = buildPlanDeps(loadConfig())

/** Invoked every hour by EventBridge Scheduler, once per cadence, with `{ "cadence": "daily" | "weekly" }`. */
export async function handler(event: unknown, context?: Context): Promise<PlanSummary> {
  if (context !== undefined) logger.addContext(context)
  // The run's one summary line, as fields of a structured entry.
  return handleSchedule(deps, event, { log: (line) => logger.info('digest plan', JSON.parse(line)) })
}
