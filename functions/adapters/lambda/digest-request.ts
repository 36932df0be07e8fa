import { z } from 'zod'
import {
  digestDraftPreviewSchema,
  digestPreviewSchema,
  digestRunSchema,
  digestTestSchema,
} from '../../core/digest-operations'
import type { FieldProblem } from '../../core/errors'
import type { PlanSummary } from '../../core/plan-digest'
import type { RenderedEmail } from '../../core/ports'

/**
 * What the HTTP function asks the planner function on AWS (a synchronous invoke), besides the schedule's
 * `{ "cadence": ... }`: run a cadence now, preview or test a digest of chosen articles. Parsed on both sides
 * with the schemas the admin API and the desk use (core/digest-operations.ts), so one rule holds at every door.
 */
export const digestRequestSchema = z.discriminatedUnion('kind', [
  digestRunSchema.extend({ kind: z.literal('run') }),
  digestPreviewSchema.extend({ kind: z.literal('preview') }),
  digestTestSchema.extend({ kind: z.literal('test') }),
  digestDraftPreviewSchema.extend({ kind: z.literal('preview-draft') }),
])
export type DigestRequest = z.infer<typeof digestRequestSchema>
export type DigestRequestKind = DigestRequest['kind']

/** What each kind answers when it succeeds: the DigestTrigger port's result types. */
export interface DigestResults {
  run: PlanSummary
  preview: RenderedEmail
  test: { messageId: string }
  'preview-draft': RenderedEmail
}

/**
 * The planner's answer. A refusal the editor can fix (a bad request, an unknown or unfit article) is an
 * answer, not a function error, so the HTTP side can show it as the 4xx it is; anything else is thrown and
 * becomes Lambda's FunctionError (a 502 on the HTTP side, never with its stack).
 */
export type DigestAnswer<K extends DigestRequestKind = DigestRequestKind> =
  | { ok: true; result: DigestResults[K] }
  | { ok: false; error: 'invalid_input'; message: string; problems: FieldProblem[] }
  | { ok: false; error: 'not_found'; message: string }

/** A planner event is a digest request when it names a kind; the schedule's input never does. */
export function isDigestRequest(event: unknown): boolean {
  return typeof event === 'object' && event !== null && 'kind' in event
}
