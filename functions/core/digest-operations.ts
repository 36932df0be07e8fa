import { z } from 'zod'
import { digestSubject, type Actor } from './audit'
import { TEST_DIGEST_ID, type Digest } from './digest'
import type { PlanSummary } from './plan-digest'
import type { AuditLog, Clock, DeadLetter, DeadLetterQueue, DigestTrigger } from './ports'
import { slugSchema } from './slug'

/**
 * What operators do to digests by hand, the same through the admin API and the desk: preview and test a
 * digest of chosen articles, send a dead-lettered batch again, and read a digest's progress.
 */

/** Plan a cadence now (the admin API's run): everyone on it when forced, else only those due this hour. */
export const digestRunSchema = z.object({
  cadence: z.enum(['daily', 'weekly', 'instant'], { error: 'must be "daily", "weekly" or "instant"' }),
  force: z.boolean({ error: 'must be true or false (false when absent)' }).default(false),
})

/**
 * Plans a cadence now, as `npm run digest` does, and writes who asked for it in each digest's log (the
 * desk's digest page shows it). Running again sends nothing twice: the ledger sees to that.
 */
export async function runDigestNow(
  deps: { digestTrigger: DigestTrigger; audit: AuditLog; clock: Clock },
  input: z.infer<typeof digestRunSchema>,
  actor: Actor,
): Promise<PlanSummary> {
  const summary = await deps.digestTrigger.run(input.cadence, input.force)
  const at = deps.clock.now().toISOString()
  const who = input.force ? 'everyone on it' : 'those due this hour'
  for (const id of summary.digests) {
    await deps.audit.record({
      subject: digestSubject(id),
      action: 'sent',
      actor,
      at,
      detail: `run now (${input.cadence}, ${who}): ${summary.planned} planned, ${summary.requeued} queued again`,
    })
  }
  return summary
}

/** A digest of chosen articles, in one language: what a preview and a test send take. */
export const digestPreviewSchema = z.object({
  articles: z.array(slugSchema).min(1, 'needs at least one article slug').max(50),
  // Absent: the caller's default (the admin API: the publication's language, the one its subscribers read).
  lang: z.enum(['ko', 'en']).optional(),
})
/**
 * A digest of one article as the editor has it now, not yet stored: its fields as the API takes them (the
 * planner parses them with the API's own rule, parseArticleInput).
 */
export const digestDraftPreviewSchema = z.object({
  draft: z.record(z.string(), z.unknown(), { error: 'must be the article as the API takes it' }),
  lang: z.enum(['ko', 'en']).optional(),
})
export const digestTestSchema = digestPreviewSchema.extend({
  to: z.email({ message: 'is not an email address' }),
})
export type DigestTestInput = z.infer<typeof digestTestSchema> & { lang: 'ko' | 'en' }

/**
 * Sends a test digest through the trigger (rendered exactly as the planner renders it, marked as a test) and
 * records it in the test sends' log; the log names the articles and the actor, never the address.
 */
export async function sendTestDigest(
  deps: { digestTrigger: DigestTrigger; audit: AuditLog; clock: Clock },
  input: DigestTestInput,
  actor: Actor,
): Promise<{ messageId: string }> {
  const sent = await deps.digestTrigger.test(input)
  await deps.audit.record({
    subject: digestSubject(TEST_DIGEST_ID),
    action: 'sent',
    actor,
    at: deps.clock.now().toISOString(),
    detail: `test (${input.lang}): ${input.articles.join(', ')}`,
  })
  return sent
}

/**
 * Sends a dead-lettered batch again: back on the send queue, where the sender claims each recipient in the
 * ledger, so whoever was sent meanwhile is not mailed twice. Recorded in the digest's log. Undefined when
 * there is no such dead letter (retried already, perhaps from another tab).
 */
export async function retryDeadLetter(
  deps: { deadLetters: Required<Pick<DeadLetterQueue, 'redrive'>>; audit: AuditLog; clock: Clock },
  id: string,
  actor: Actor,
): Promise<DeadLetter | undefined> {
  const letter = await deps.deadLetters.redrive(id)
  if (letter === undefined) return undefined
  await deps.audit.record({
    subject: digestSubject(letter.batch.digestId),
    action: 'sent',
    actor,
    at: deps.clock.now().toISOString(),
    detail: `retry of ${letter.batch.subscriberIds.length} recipient(s) from the dead letters`,
  })
  return letter
}

/** Where retries of every dead letter are logged: they belong to no one digest the desk can name. */
export const DEAD_LETTERS_SUBJECT = digestSubject('dead-letters')

/**
 * Sends every dead letter again, through the send queue and its ledger like a single retry; recorded with
 * how many went back. 0 when there were none (nothing is logged then).
 */
export async function retryAllDeadLetters(
  deps: { deadLetters: Pick<DeadLetterQueue, 'redriveAll'>; audit: AuditLog; clock: Clock },
  actor: Actor,
): Promise<number> {
  const moved = await deps.deadLetters.redriveAll()
  if (moved === 0) return 0
  await deps.audit.record({
    subject: DEAD_LETTERS_SUBJECT,
    action: 'sent',
    actor,
    at: deps.clock.now().toISOString(),
    detail: `retry of all ${moved} dead letter(s)`,
  })
  return moved
}

/** A digest's counters and how fast it goes. */
export interface DigestProgress {
  state: Digest['state']
  planned: number
  sent: number
  failed: number
  skipped: number
  /** Recipients not yet sent or skipped (failed ones wait for a retry). */
  waiting: number
  /** Messages sent per second since the digest was planned, while it sends; 0 otherwise. */
  ratePerSecond: number
}

/** The progress `npm run digest` prints, for one digest: sent over the seconds since it was planned. */
export function digestProgress(digest: Digest, now: Date): DigestProgress {
  const { planned, sent, failed, skipped } = digest.counts
  const seconds = (now.getTime() - Date.parse(digest.createdAt)) / 1000
  const sending = digest.state === 'sending' && seconds > 0
  return {
    state: digest.state,
    planned,
    sent,
    failed,
    skipped,
    waiting: Math.max(0, planned - sent - skipped),
    ratePerSecond: sending ? Math.round((sent / seconds) * 10) / 10 : 0,
  }
}
