import type { Context } from 'aws-lambda'
import { isDigestRequest, type DigestAnswer } from '../adapters/lambda/digest-request'
import { loadConfig } from '../config'
import type { PlanSummary } from '../core/plan-digest'
import { useService } from '../log'
import { buildPlannerDeps } from './deps'
import { handleDigestRequest } from './handle-request'
import { handleSchedule } from './handle-schedule'

const logger = useService('pressroom-planner')
// Built once per cold start; every invocation reuses the clients.
const deps = buildPlannerDeps(loadConfig())

/**
 * Invoked every hour by EventBridge Scheduler, once per cadence, with `{ "cadence": "daily" | "weekly" }`;
 * and by the HTTP function, synchronously, with a digest request (`{ "kind": "run" | "preview" | "test" }`).
 */
export async function handler(event: unknown, context?: Context): Promise<PlanSummary | DigestAnswer> {
  if (context !== undefined) logger.addContext(context)
  if (isDigestRequest(event)) return handleDigestRequest(deps, event)
  // The run's one summary line, as fields of a structured entry.
  return handleSchedule(deps, event, { log: (line) => logger.info('digest plan', JSON.parse(line)) })
}
