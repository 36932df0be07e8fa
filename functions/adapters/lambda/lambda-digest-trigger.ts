import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda'
import { NotFoundError, ValidationError } from '../../core/errors'
import type { DigestCadence } from '../../core/plan-digest'
import type { DigestTrigger } from '../../core/ports'
import type { DigestAnswer, DigestRequest, DigestRequestKind, DigestResults } from './digest-request'

/**
 * The planner failed, or did not answer in time: a 502 on the HTTP side (functions/http/errors.ts). The
 * message is ours, never the function's error text or stack, which go to the log with the `cause`.
 */
export class DigestPlannerError extends Error {
  override name = 'DigestPlannerError'
}

/**
 * How long the HTTP function waits for the planner. Under the HTTP function's 10 s timeout (http-api.ts),
 * so a slow planner is a clear 502 rather than a killed request; a preview or test takes a second or two,
 * a cold planner a few more. A forced run of a long list may take longer: the invocation goes on after
 * we stop waiting, and its digests appear in the list.
 */
export const PLANNER_WAIT_MS = 8_000

/**
 * The admin API's and the desk's DigestTrigger on AWS: a synchronous invoke of the planner function, which
 * renders with MJML (the HTTP function's bundle leaves MJML out on purpose) and answers a DigestAnswer.
 */
export class LambdaDigestTrigger implements DigestTrigger {
  constructor(
    private readonly client: Pick<LambdaClient, 'send'>,
    private readonly functionName: string,
    private readonly waitMs = PLANNER_WAIT_MS,
  ) {}

  run(cadence: DigestCadence, force: boolean) {
    return this.ask('run', { kind: 'run', cadence, force })
  }

  preview(input: { articles: string[]; lang: 'ko' | 'en' }) {
    return this.ask('preview', { kind: 'preview', ...input })
  }

  test(input: { articles: string[]; lang: 'ko' | 'en'; to: string }) {
    return this.ask('test', { kind: 'test', ...input })
  }

  previewDraft(input: { draft: Record<string, unknown>; lang: 'ko' | 'en' }) {
    return this.ask('preview-draft', { kind: 'preview-draft', ...input })
  }

  private async ask<K extends DigestRequestKind>(
    kind: K,
    request: DigestRequest & { kind: K },
  ): Promise<DigestResults[K]> {
    const answer = (await this.invoke(request)) as DigestAnswer<K>
    if (answer.ok) return answer.result
    if (answer.error === 'not_found') throw new NotFoundError(answer.message)
    throw new ValidationError(answer.problems)
  }

  private async invoke(request: DigestRequest): Promise<unknown> {
    const command = new InvokeCommand({
      FunctionName: this.functionName,
      InvocationType: 'RequestResponse',
      Payload: new TextEncoder().encode(JSON.stringify(request)),
    })
    let output
    try {
      output = await this.client.send(command, { abortSignal: AbortSignal.timeout(this.waitMs) })
    } catch (cause) {
      const timedOut =
        cause instanceof Error && (cause.name === 'AbortError' || cause.name === 'TimeoutError')
      throw new DigestPlannerError(
        timedOut
          ? `The digest planner did not answer within ${this.waitMs / 1000} s`
          : 'The digest planner could not be invoked',
        { cause },
      )
    }
    const text = output.Payload === undefined ? '' : new TextDecoder().decode(output.Payload)
    if (output.FunctionError !== undefined) {
      // The payload is Lambda's { errorType, errorMessage, trace }: logged by the planner, not shown here.
      throw new DigestPlannerError(`The digest planner failed (${output.FunctionError})`, {
        cause: new Error(text.slice(0, 1000)),
      })
    }
    const answer = parseJson(text)
    if (
      typeof answer !== 'object' ||
      answer === null ||
      typeof (answer as { ok?: unknown }).ok !== 'boolean'
    ) {
      throw new DigestPlannerError('The digest planner answered something that is not a digest answer')
    }
    return answer
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
