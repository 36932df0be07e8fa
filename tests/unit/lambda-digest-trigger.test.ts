import { InvokeCommand, type InvokeCommandOutput, type LambdaClient } from '@aws-sdk/client-lambda'
import { describe, expect, it } from 'vitest'
import {
  DigestPlannerError,
  LambdaDigestTrigger,
} from '../../functions/adapters/lambda/lambda-digest-trigger'
import { NotFoundError, ValidationError } from '../../functions/core/errors'

/** A Lambda client that records each command and answers as the planner function would (no local Lambda). */
function lambdaAnswering(answer: (payload: unknown) => Partial<InvokeCommandOutput> | Promise<never>) {
  const sent: InvokeCommand[] = []
  const client = {
    send: async (command: InvokeCommand) => {
      sent.push(command)
      const payload: unknown = JSON.parse(new TextDecoder().decode(command.input.Payload as Uint8Array))
      return { StatusCode: 200, $metadata: {}, ...(await answer(payload)) }
    },
  } as unknown as Pick<LambdaClient, 'send'>
  return { client, sent }
}

// The SDK types the payload as its blob adapter; the bytes are what the trigger reads.
const json = (value: unknown) =>
  new TextEncoder().encode(JSON.stringify(value)) as unknown as InvokeCommandOutput['Payload']

describe('LambdaDigestTrigger', () => {
  it('invokes the planner synchronously with a typed request, and returns its result', async () => {
    // Prepare
    const { client, sent } = lambdaAnswering(() => ({
      Payload: json({ ok: true, result: { subject: 'S', html: '<p>h</p>', text: 'h' } }),
    }))
    const trigger = new LambdaDigestTrigger(client, 'pressroom-planner')

    // Act
    const preview = await trigger.preview({ articles: ['chips'], lang: 'ko' })

    // Assess
    expect(preview).toEqual({ subject: 'S', html: '<p>h</p>', text: 'h' })
    expect(sent).toHaveLength(1)
    expect(sent[0]).toBeInstanceOf(InvokeCommand)
    expect(sent[0]!.input.FunctionName).toBe('pressroom-planner')
    expect(sent[0]!.input.InvocationType).toBe('RequestResponse')
    expect(JSON.parse(new TextDecoder().decode(sent[0]!.input.Payload as Uint8Array))).toEqual({
      kind: 'preview',
      articles: ['chips'],
      lang: 'ko',
    })
  })

  it('sends run and test requests in the same shape', async () => {
    const { client, sent } = lambdaAnswering((payload) => ({
      Payload: json({
        ok: true,
        result: (payload as { kind: string }).kind === 'test' ? { messageId: 'm' } : {},
      }),
    }))
    const trigger = new LambdaDigestTrigger(client, 'planner')
    await trigger.run('weekly', true)
    expect(await trigger.test({ articles: ['a'], lang: 'en', to: 'ed@example.com' })).toEqual({
      messageId: 'm',
    })
    const payloads = sent.map((c) => JSON.parse(new TextDecoder().decode(c.input.Payload as Uint8Array)))
    expect(payloads).toEqual([
      { kind: 'run', cadence: 'weekly', force: true },
      { kind: 'test', articles: ['a'], lang: 'en', to: 'ed@example.com' },
    ])
  })

  it("turns the planner's refusals into the core's errors, which the HTTP side answers as 4xx", async () => {
    const problems = [{ field: 'articles', problem: '"x" cannot go in a digest: no body' }]
    const refusing = new LambdaDigestTrigger(
      lambdaAnswering(() => ({
        Payload: json({ ok: false, error: 'invalid_input', message: 'bad', problems }),
      })).client,
      'planner',
    )
    const error = await refusing.preview({ articles: ['x'], lang: 'en' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).problems).toEqual(problems)

    const missing = new LambdaDigestTrigger(
      lambdaAnswering(() => ({ Payload: json({ ok: false, error: 'not_found', message: 'No article "y"' }) }))
        .client,
      'planner',
    )
    await expect(missing.preview({ articles: ['y'], lang: 'en' })).rejects.toThrow(NotFoundError)
  })

  it("makes a function error a DigestPlannerError that carries none of the planner's text", async () => {
    const { client } = lambdaAnswering(() => ({
      FunctionError: 'Unhandled',
      Payload: json({
        errorType: 'Error',
        errorMessage: 'secret detail',
        trace: ['at plan (/var/task/x.js)'],
      }),
    }))
    const error = await new LambdaDigestTrigger(client, 'planner')
      .preview({ articles: ['a'], lang: 'en' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DigestPlannerError)
    expect((error as Error).message).toBe('The digest planner failed (Unhandled)')
    expect((error as Error).message).not.toContain('secret detail')
  })

  it('gives up waiting after its deadline, with a DigestPlannerError', async () => {
    // A planner that never answers: only the abort signal can end the wait.
    const client = {
      send: (_command: InvokeCommand, options: { abortSignal: AbortSignal }) =>
        new Promise((_resolve, reject) =>
          options.abortSignal.addEventListener('abort', () => reject(options.abortSignal.reason as Error)),
        ),
    } as unknown as Pick<LambdaClient, 'send'>
    await expect(
      new LambdaDigestTrigger(client, 'planner', 10).preview({ articles: ['a'], lang: 'en' }),
    ).rejects.toThrow('did not answer within 0.01 s')
  })
})
