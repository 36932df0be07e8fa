import { z } from 'zod'
import { ConfigError, type Config } from '../config'
import { planDigests, type DigestCadence, type PlanDeps, type PlanSummary } from '../core/plan-digest'

/** Thrown when the schedule's input is not `{ "cadence": "daily" | "weekly" | "instant" }`; nothing was planned. */
export class ScheduleInputError extends Error {
  override name = 'ScheduleInputError'
}

// A record, so adding a cadence to DigestCadence fails to compile here until the planner accepts it.
const cadences: Record<DigestCadence, true> = { daily: true, weekly: true, instant: true }
/** The cadences the planner's schedules run: every DigestCadence. */
export const SCHEDULED_CADENCES = Object.keys(cadences) as [DigestCadence, ...DigestCadence[]]

const scheduleInput = z.object({ cadence: z.enum(SCHEDULED_CADENCES) })
const EXPECTED = SCHEDULED_CADENCES.map((cadence) => JSON.stringify({ cadence })).join(' or ')

/** The EventBridge Scheduler input of the planner, e.g. `{ "cadence": "daily" }`. */
export function parseScheduleInput(event: unknown): { cadence: DigestCadence } {
  const result = scheduleInput.safeParse(event)
  if (!result.success) {
    throw new ScheduleInputError(`Planner input must be ${EXPECTED}, got ${describe(event)}`)
  }
  return { cadence: result.data.cadence }
}

/** The send queue's URL, which only the planner needs, so config.ts cannot require it of every function. */
export function sendQueueUrl(config: Pick<Config, 'SEND_QUEUE_URL'>): string {
  if (config.SEND_QUEUE_URL === undefined) {
    throw new ConfigError(
      'Invalid configuration: SEND_QUEUE_URL: the digest planner needs the URL of the SQS send queue',
    )
  }
  return config.SEND_QUEUE_URL
}

export interface HandleScheduleOptions {
  /** Hears the one JSON line that sums up the run; console.log (CloudWatch Logs) by default. */
  log?: (line: string) => void
  now?: () => number
}

/**
 * One hourly run of the planner: plans only the daily or weekly subscribers whose local delivery hour it
 * is (force: false), or every instant subscriber's new articles, queues their batches and logs what it did
 * as one JSON line. Running it twice in the same hour is harmless: the delivery ledger plans nobody twice.
 */
export async function handleSchedule(
  deps: PlanDeps,
  event: unknown,
  options: HandleScheduleOptions = {},
): Promise<PlanSummary> {
  const { cadence } = parseScheduleInput(event)
  const now = options.now ?? Date.now
  const started = now()
  const summary = await planDigests(deps, { cadence, force: false })
  const log = options.log ?? ((line: string) => console.log(line))
  log(JSON.stringify({ event: 'digest-plan', cadence, ...summary, durationMs: now() - started }))
  return summary
}

function describe(value: unknown): string {
  try {
    const text = JSON.stringify(value)
    if (text === undefined) return String(value)
    return text.length > 200 ? `${text.slice(0, 200)}…` : text
  } catch {
    return String(value)
  }
}
