import type { DigestCadence } from './plan-digest'

/** The kinds of email Pressroom sends; each is its own stream for mailbox providers' feedback. */
export type MailStream = 'confirmation' | 'welcome' | 'test' | 'digest'

/**
 * SES owns the Feedback-ID header and puts these two message tags at its front, so Google Postmaster Tools
 * can group spam complaints by stream. Both values describe the stream, never the recipient: Gmail reports
 * per Feedback-ID, and a per-recipient value would make each group a single person.
 */
export const FEEDBACK_ID_TAGS = { stream: 'ses:feedback-id-a', cadence: 'ses:feedback-id-b' } as const

/** The tags every send carries: the stream, and the digest's cadence (`none` for a message with none). */
export function feedbackTags(stream: MailStream, cadence?: DigestCadence): Record<string, string> {
  return { [FEEDBACK_ID_TAGS.stream]: stream, [FEEDBACK_ID_TAGS.cadence]: cadence ?? 'none' }
}
