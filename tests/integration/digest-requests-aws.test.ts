import type { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { GetQueueAttributesCommand, StartMessageMoveTaskCommand, type SQSClient } from '@aws-sdk/client-sqs'
import { beforeEach, describe, expect, it } from 'vitest'
import { LambdaDigestTrigger } from '../../functions/adapters/lambda/lambda-digest-trigger'
import { SqsDeadLetterQueue } from '../../functions/adapters/queue/sqs-dead-letter-queue'
import { localSendQueue } from '../../infra/local/digest-runtime'
import { DEAD_LETTERS_SUBJECT } from '../../functions/core/digest-operations'
import { buildPlannerDeps } from '../../functions/digest/deps'
import { handleDigestRequest, type DigestRequestDeps } from '../../functions/digest/handle-request'
import { createApp } from '../../functions/http/app'
import { articleFields, DeskClient, csrfOf } from '../support/desk-client'
import { readOutbox } from '../support/outbox'
import { articleJson, createTestApp, FixedClock, readJson } from '../support/test-app'

// A ceiling, not an expectation: real MJML compiles, dynalite and the SES emulator on a busy machine.
const CEILING_MS = 120_000

type TestApp = Awaited<ReturnType<typeof createTestApp>>

/** The planner function's deps, built by its own builder on the test's table, clock and SES emulator. */
function plannerOf(t: TestApp): DigestRequestDeps {
  return buildPlannerDeps(t.config, {
    clients: { dynamo: { client: t.client, document: t.document } },
    // The schedule's send queue is not what these requests use; an in-process one spares SEND_QUEUE_URL.
    overrides: { clock: t.clock, queue: localSendQueue() },
  })
}

/**
 * A Lambda client whose invoke runs the planner's request handler on the JSON the HTTP side sends, and
 * answers as Lambda does: the handler's value as the payload, or a thrown error as FunctionError Unhandled.
 */
function lambdaRunning(planner: DigestRequestDeps): Pick<LambdaClient, 'send'> {
  const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value))
  return {
    send: (async (command: InvokeCommand) => {
      const event: unknown = JSON.parse(new TextDecoder().decode(command.input.Payload as Uint8Array))
      try {
        return { StatusCode: 200, Payload: encode(await handleDigestRequest(planner, event)) }
      } catch (error) {
        const { name, message, stack } = error as Error
        const payload = { errorType: name, errorMessage: message, trace: stack?.split('\n') }
        return { StatusCode: 200, FunctionError: 'Unhandled', Payload: encode(payload) }
      }
    }) as unknown as LambdaClient['send'],
  }
}

/** An SQS client with `waiting` dead letters that records the commands it gets (no local SQS exists). */
function sqsWith(waiting: number) {
  const sent: unknown[] = []
  const client = {
    send: async (command: unknown) => {
      sent.push(command)
      if (command instanceof GetQueueAttributesCommand)
        return { Attributes: { ApproximateNumberOfMessages: String(waiting) } }
      if (command instanceof StartMessageMoveTaskCommand) return { TaskHandle: 'task' }
      throw new Error('unexpected SQS call')
    },
  } as unknown as Pick<SQSClient, 'send'>
  return { client, sent }
}

const QUEUES = {
  deadLetterQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/dead',
  deadLetterQueueArn: 'arn:aws:sqs:us-east-1:123456789012:dead',
  sendQueueArn: 'arn:aws:sqs:us-east-1:123456789012:send',
}

describe('digests on AWS: the planner answers the HTTP function', { timeout: CEILING_MS }, () => {
  let t: TestApp
  beforeEach(async () => {
    t = await createTestApp({ clock: new FixedClock(new Date('2026-11-26T23:00:00.000Z')) })
    await t.admin('/api/articles', {
      method: 'POST',
      body: articleJson({ title: '반도체 수출', slug: 'chips' }),
    })
    t.clock.advance(3600_000)
  })

  it('mails a test digest for a test request, and answers its message id', async () => {
    // Act
    const answer = await handleDigestRequest(plannerOf(t), {
      kind: 'test',
      articles: ['chips'],
      lang: 'ko',
      to: 'editor@example.com',
    })

    // Assess
    expect(answer).toEqual({ ok: true, result: { messageId: expect.any(String) } })
    const mails = await readOutbox(t.outboxDir)
    expect(mails.map((mail) => [mail.subject?.startsWith('[TEST]'), mail.to])).toEqual([
      [true, expect.objectContaining({ text: 'editor@example.com' })],
    ])
  })

  it('answers a bad request with the fields at fault and an unknown article with not_found, mailing nobody', async () => {
    const planner = plannerOf(t)
    const bad = await handleDigestRequest(planner, { kind: 'test', articles: [], lang: 'fr', to: 'nope' })
    const unknownKind = await handleDigestRequest(planner, { kind: 'erase' })
    const missing = await handleDigestRequest(planner, { kind: 'preview', articles: ['gone'], lang: 'en' })

    expect(bad).toMatchObject({ ok: false, error: 'invalid_input' })
    const fields = bad.ok ? [] : 'problems' in bad ? bad.problems.map((p) => p.field) : []
    expect(fields.sort()).toEqual(['articles', 'lang', 'to'])
    expect(unknownKind).toMatchObject({ ok: false, error: 'invalid_input', problems: [{ field: 'kind' }] })
    expect(missing).toEqual({ ok: false, error: 'not_found', message: 'No article has the slug "gone"' })
    expect(await readOutbox(t.outboxDir)).toEqual([])
  })

  it('previews and tests on the desk, and sends every dead letter back, through the AWS adapters', async () => {
    // Prepare: the HTTP app as deps.ts wires it on AWS, its clients answering as Lambda and SQS would
    const sqs = sqsWith(2)
    const app = createApp({
      ...t.deps,
      digestTrigger: new LambdaDigestTrigger(lambdaRunning(plannerOf(t)), 'pressroom-planner'),
      deadLetters: new SqsDeadLetterQueue(sqs.client, QUEUES),
    })
    const desk = new DeskClient(app)
    await desk.signIn()

    // Act
    const preview = await desk.get('/admin/digests/preview?articles=chips&lang=ko')
    const previewHtml = await preview.text()
    const test = await desk.post('/admin/digests/test', {
      _csrf: csrfOf(previewHtml),
      articles: 'chips',
      lang: 'ko',
      to: 'editor@example.com',
    })
    const deadPage = await (await desk.get('/admin/digests/dead-letters')).text()
    const retry = await desk.post('/admin/digests/dead-letters/retry-all', { _csrf: csrfOf(deadPage) })
    const after = await (await desk.get(retry.headers.get('location')!)).text()

    // Assess
    expect(preview.status).toBe(200)
    expect([...previewHtml.matchAll(/<iframe[^>]*width="(\d+)"/g)].map((m) => m[1])).toEqual(['390', '600'])
    expect(previewHtml).toContain('반도체 수출')
    expect(test.status).toBe(303)
    expect((await readOutbox(t.outboxDir)).map((mail) => mail.subject?.startsWith('[TEST]'))).toEqual([true])
    expect(deadPage).toContain('action="/admin/digests/dead-letters/retry-all"')
    expect(deadPage).toContain('약 2개')
    expect(retry.status).toBe(303)
    expect(retry.headers.get('location')).toBe('/admin/digests/dead-letters?moved=2')
    const moves = sqs.sent.filter((c) => c instanceof StartMessageMoveTaskCommand)
    expect(moves.map((c) => c.input)).toEqual([
      { SourceArn: QUEUES.deadLetterQueueArn, DestinationArn: QUEUES.sendQueueArn },
    ])
    expect(after).toContain('묶음 2개를 발송 대기열에 되돌리고 있습니다')
    const log = await t.deps.audit.list(DEAD_LETTERS_SUBJECT, { limit: 5 })
    expect(log.map((entry) => [entry.action, entry.actor.name, entry.detail])).toEqual([
      ['sent', '김편집', 'retry of all 2 dead letter(s)'],
    ])
  })

  it('draws the desk editor’s article, not yet saved, as its digest card through the planner', async () => {
    // Prepare
    const app = createApp({
      ...t.deps,
      digestTrigger: new LambdaDigestTrigger(lambdaRunning(plannerOf(t)), 'pressroom-planner'),
    })
    const desk = new DeskClient(app)
    await desk.signIn()
    const csrf = await desk.csrf('/admin/articles/new')
    const fields = articleFields(csrf, {
      title: '아직 저장 안 한 기사',
      body: '## 핵심\r\n\r\n카드에 나올 본문입니다.\r\n',
    })
    const stored = async () =>
      ((await (await t.admin('/api/articles')).json()) as { items: unknown[] }).items.length
    const before = await stored()

    // Act
    const card = await desk.post('/admin/preview?as=card', fields)
    const untitled = await desk.post('/admin/preview?as=card', { ...fields, title: '' })
    const wrongKind = await handleDigestRequest(plannerOf(t), { kind: 'preview-draft', draft: 'text' })

    // Assess
    expect(card.status).toBe(200)
    const html = await card.text()
    expect([...html.matchAll(/<iframe[^>]*width="(\d+)"/g)].map((m) => m[1])).toEqual(['390', '600'])
    expect(html).toContain('아직 저장 안 한 기사')
    expect(await stored()).toBe(before) // a preview stores nothing
    expect(untitled.status).toBe(422)
    expect(await untitled.text()).toContain('title: is required')
    expect(wrongKind).toMatchObject({ ok: false, error: 'invalid_input', problems: [{ field: 'draft' }] })
  })

  it('answers the admin API through the planner: 422 for what the editor can fix, 502 without a stack when it fails', async () => {
    // Prepare: a planner whose article store fails on the second slug
    const planner = plannerOf(t)
    const failing: DigestRequestDeps = {
      ...planner,
      articles: {
        ...planner.articles,
        get: async (slug: string) => {
          if (slug === 'boom') throw new Error('DynamoDB exploded at /var/task/index.mjs:1:2')
          return planner.articles.get(slug)
        },
      },
    }
    const app = createApp({
      ...t.deps,
      digestTrigger: new LambdaDigestTrigger(lambdaRunning(failing), 'pressroom-planner'),
    })
    const post = (path: string, body: unknown) =>
      app.request(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.config.ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })

    // Act
    const ok = await post('/api/digests/preview', { articles: ['chips'], lang: 'en' })
    const missing = await post('/api/digests/preview', { articles: ['gone'], lang: 'en' })
    const failed = await post('/api/digests/preview', { articles: ['boom'], lang: 'en' })

    // Assess
    expect(ok.status).toBe(200)
    expect(await readJson(ok)).toMatchObject({
      subject: expect.any(String),
      html: expect.stringContaining('<'),
    })
    expect(missing.status).toBe(404)
    expect(failed.status).toBe(502)
    const body = await readJson(failed)
    expect(body).toEqual({
      error: 'planner_failed',
      message: 'The digest planner failed (Unhandled); it has been logged.',
    })
  })
})
