import type { SNSEvent } from 'aws-lambda'
import {
  applyFeedback,
  MalformedNotificationError,
  notificationProblemText,
  type FeedbackDeps,
  type FeedbackSummary,
  type NotificationProblem,
} from '../core/feedback'

/** What happened to one SNS record. */
export type RecordOutcome =
  | { messageId: string; status: 'applied'; summary: FeedbackSummary }
  | { messageId: string; status: 'skipped'; problem: NotificationProblem; reason: string }

export interface HandleOptions {
  softBounceLimit?: number
  /** Receives one structured entry per record; the default writes it as one JSON line. */
  log?: (entry: Record<string, unknown>) => void
}

const jsonLine = (entry: Record<string, unknown>) => console.log(JSON.stringify(entry))

/**
 * Applies every SES notification in an SNS event, in order. A message that is not a readable SES
 * notification is logged and skipped: throwing would make SNS retry it, and garbage never gets better.
 * Any other error (DynamoDB down, too many write conflicts) is thrown so SNS retries the event; records
 * already applied are safe to apply again.
 */
export async function handleSnsEvent(
  deps: FeedbackDeps,
  event: SNSEvent,
  options: HandleOptions = {},
): Promise<RecordOutcome[]> {
  const log = options.log ?? jsonLine
  const outcomes: RecordOutcome[] = []
  for (const record of event.Records) {
    const messageId = record.Sns.MessageId
    let summary: FeedbackSummary
    try {
      summary = await applyFeedback(deps, JSON.parse(record.Sns.Message), {
        ...(options.softBounceLimit !== undefined && { softBounceLimit: options.softBounceLimit }),
      })
    } catch (error) {
      if (!(error instanceof SyntaxError || error instanceof MalformedNotificationError)) throw error
      const problem: NotificationProblem =
        error instanceof MalformedNotificationError
          ? error.problem
          : { kind: 'not-json', detail: (error as SyntaxError).message }
      const reason = notificationProblemText(problem)
      // The message itself is not logged: it holds recipients' addresses.
      log({ level: 'warn', message: 'Skipped a malformed SES notification', messageId, reason })
      outcomes.push({ messageId, status: 'skipped', problem, reason })
      continue
    }
    // Subscriber ids only, never addresses, so the log holds no personal data.
    log({ level: 'info', message: 'Applied SES feedback', messageId, ...summary })
    outcomes.push({ messageId, status: 'applied', summary })
  }
  return outcomes
}
