import { toFieldProblems } from '../core/articles'
import { NotFoundError, ValidationError } from '../core/errors'
import { planDigests, type PlanDeps } from '../core/plan-digest'
import type { Mailer } from '../core/ports'
import type { Publication } from '../core/publication'
import { subscriberLang } from '../core/subscriber'
import { digestRequestSchema, type DigestAnswer, type DigestRequest } from '../adapters/lambda/digest-request'
import { previewDigest, previewDraftDigest, sendTestDigest } from './preview'

/** What the planner needs for the HTTP function's requests: its plan deps, and a mailer for test sends. */
export interface DigestRequestDeps extends PlanDeps {
  publication: Publication
  mailer: Mailer
}

/**
 * One request from the HTTP function (LambdaDigestTrigger): run a cadence now, preview or test a digest.
 * The request is parsed again here, with the same schemas as the HTTP side, since anyone allowed to invoke
 * the function could send anything. What the editor can fix is answered (invalid_input, not_found); any
 * other error is thrown, and Lambda reports it as a function error.
 */
export async function handleDigestRequest(deps: DigestRequestDeps, event: unknown): Promise<DigestAnswer> {
  const parsed = digestRequestSchema.safeParse(event)
  if (!parsed.success) {
    const problems = toFieldProblems(parsed.error)
    return { ok: false, error: 'invalid_input', message: 'The digest request is not valid', problems }
  }
  try {
    return { ok: true, result: await perform(deps, parsed.data) }
  } catch (error) {
    if (error instanceof ValidationError) {
      return { ok: false, error: 'invalid_input', message: error.message, problems: error.problems }
    }
    if (error instanceof NotFoundError) return { ok: false, error: 'not_found', message: error.message }
    throw error
  }
}

async function perform(deps: DigestRequestDeps, request: DigestRequest) {
  // The HTTP side names the language; absent, the publication's (as the admin API's default).
  const publicationLang = subscriberLang(deps.publication.lang)
  switch (request.kind) {
    case 'run':
      return planDigests(deps, { cadence: request.cadence, force: request.force })
    case 'preview':
      return previewDigest(deps, { articles: request.articles, lang: request.lang ?? publicationLang })
    case 'test':
      return sendTestDigest(deps, {
        articles: request.articles,
        lang: request.lang ?? publicationLang,
        to: request.to,
      })
    case 'preview-draft':
      return previewDraftDigest(deps, { draft: request.draft, lang: request.lang ?? publicationLang })
  }
}
