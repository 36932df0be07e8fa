import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import type { SQSEvent, SQSRecord } from 'aws-lambda'
import { beforeEach, describe, expect, it } from 'vitest'
import { SqsConfirmationQueue } from '../../functions/adapters/queue/sqs-confirmation-queue'
import { ThrottledError } from '../../functions/core/errors'
import { subscriberId } from '../../functions/core/subscriber'
import { handleConfirmationJobs } from '../../functions/confirmations/handle-sqs-event'
import { messageTags, readOutbox } from '../support/outbox'
import { createTestApp } from '../support/test-app'

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/confirmations'

/** An SQS client that keeps what the app sends; SQS has no local emulator in this project. */
const recordingSqs = () => {
  const sent: { QueueUrl?: string; MessageBody?: string }[] = []
  const client = new SQSClient({ region: 'us-east-1' })
  client.send = (async (command: unknown) => {
    if (!(command instanceof SendMessageCommand)) throw new Error('unexpected SQS call')
    sent.push(command.input)
    return { MessageId: `m-${sent.length}` }
  }) as SQSClient['send']
  return { client, sent }
}

/** The event Lambda's SQS event source hands the confirmations function. */
const sqsEvent = (...bodies: string[]): SQSEvent => ({
  Records: bodies.map(
    (body, i) =>
      ({
        messageId: `msg-${i}`,
        receiptHandle: `rh-${i}`,
        body,
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: '1764230400000',
          SenderId: 'AROAEXAMPLE',
          ApproximateFirstReceiveTimestamp: '1764230400001',
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:confirmations',
        awsRegion: 'us-east-1',
      }) satisfies SQSRecord,
  ),
})

describe('the confirmation queue on AWS', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let sent: ReturnType<typeof recordingSqs>['sent']
  const warnings: string[] = []
  const warn = (message: string) => warnings.push(message)

  beforeEach(async () => {
    t = await createTestApp({ confirmationWorker: false })
    const sqs = recordingSqs()
    sent = sqs.sent
    // As the HTTP function has it on AWS (CONFIRMATION_QUEUE_URL set).
    t.deps.confirmations = new SqsConfirmationQueue(sqs.client, QUEUE_URL)
    warnings.length = 0
  })

  const subscribe = (email: string) =>
    t.app.request('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, lang: 'en' }),
    })

  it('queues one message naming only ids, and mails nothing while answering', async () => {
    // Act
    const response = await subscribe('reader@example.com')

    // Assess
    expect(response.status).toBe(202)
    expect(sent).toHaveLength(1)
    expect(sent[0]!.QueueUrl).toBe(QUEUE_URL)
    const job = JSON.parse(sent[0]!.MessageBody!)
    expect(job).toEqual({ subscriberId: subscriberId('reader@example.com'), requestId: expect.any(String) })
    // The address stays in the table (erase() finds it there), never in a queue or a dead-letter queue.
    expect(sent[0]!.MessageBody).not.toContain('reader')
    expect(await readOutbox(t.outboxDir)).toEqual([])
  })

  it('sends the confirmation from the consumer, once however often SQS delivers the message', async () => {
    // Prepare
    await subscribe('reader@example.com')
    const event = sqsEvent(sent[0]!.MessageBody!)

    // Act
    const first = await handleConfirmationJobs(t.deps, event, warn)
    const again = await handleConfirmationJobs(t.deps, event, warn)

    // Assess
    expect(first).toEqual({ batchItemFailures: [] })
    expect(again).toEqual({ batchItemFailures: [] })
    const mails = await readOutbox(t.outboxDir)
    expect(mails).toHaveLength(1)
    expect(mails[0]!.to).toMatchObject({ text: 'reader@example.com' })
    expect(messageTags(mails[0]!)).toEqual({
      'ses:feedback-id-a': 'confirmation',
      'ses:feedback-id-b': 'none',
    })
    expect((await t.deps.subscribers.get(subscriberId('reader@example.com')))?.state).toBe('pending')
    expect(warnings).toEqual([])
  })

  it('reports a job whose email failed, and the redelivery sends the email that request decided on', async () => {
    // Prepare: SES throttles the first send.
    await subscribe('throttled@example.com')
    const event = sqsEvent(sent[0]!.MessageBody!)
    const send = t.deps.mailer.send.bind(t.deps.mailer)
    let calls = 0
    t.deps.mailer.send = async (email) => {
      calls++
      if (calls === 1) throw new ThrottledError('Maximum sending rate exceeded', 'rate')
      return send(email)
    }

    // Act
    const failed = await handleConfirmationJobs(t.deps, event, warn)
    const retried = await handleConfirmationJobs(t.deps, event, warn)

    // Assess: the first delivery is reported failed; the second sends, though the record already says
    // "pending, mailed just now" (which would otherwise mean "nothing due within the interval").
    expect(failed).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-0' }] })
    expect(warnings).toEqual([expect.stringContaining('Maximum sending rate exceeded')])
    expect(retried).toEqual({ batchItemFailures: [] })
    expect(await readOutbox(t.outboxDir)).toHaveLength(1)
  })

  it('drops a message that is not a job, with a warning, and still handles the others', async () => {
    // Prepare
    await subscribe('fine@example.com')

    // Act
    const result = await handleConfirmationJobs(
      t.deps,
      sqsEvent('not json', JSON.stringify({ subscriberId: 'x' }), sent[0]!.MessageBody!),
      warn,
    )

    // Assess
    expect(result).toEqual({ batchItemFailures: [] })
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toMatch(/^Message msg-0 is not a confirmation job; dropped/)
    expect(warnings[1]).toMatch(/^Message msg-1 is not a confirmation job; dropped/)
    expect(await readOutbox(t.outboxDir)).toHaveLength(1)
  })

  it('acts only on the latest request of an address; the older job finds it replaced', async () => {
    // Prepare: two requests before the consumer runs; the second chose weekly digests.
    await subscribe('twice@example.com')
    await t.app.request('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'twice@example.com', lang: 'en', cadence: 'weekly' }),
    })

    // Act
    const result = await handleConfirmationJobs(t.deps, sqsEvent(...sent.map((m) => m.MessageBody!)), warn)

    // Assess
    expect(result).toEqual({ batchItemFailures: [] })
    expect(await readOutbox(t.outboxDir)).toHaveLength(1)
    expect(await t.deps.subscribers.get(subscriberId('twice@example.com'))).toMatchObject({
      state: 'pending',
      cadence: 'weekly',
    })
  })

  it('erases the waiting request with the subscriber, so the job then does nothing', async () => {
    // Prepare: a subscriber, then a new request for the address, then an erasure before the job runs.
    await subscribe('gone@example.com')
    await handleConfirmationJobs(t.deps, sqsEvent(sent[0]!.MessageBody!), warn)
    t.clock.advance(3600_000)
    await subscribe('gone@example.com')
    await t.deps.subscribers.erase(subscriberId('gone@example.com'))

    // Act
    const result = await handleConfirmationJobs(t.deps, sqsEvent(sent[1]!.MessageBody!), warn)

    // Assess
    expect(result).toEqual({ batchItemFailures: [] })
    expect(await t.deps.subscribeRequests.get(subscriberId('gone@example.com'))).toBeUndefined()
    expect(await t.deps.subscribers.get(subscriberId('gone@example.com'))).toBeUndefined()
    expect(await readOutbox(t.outboxDir)).toHaveLength(1)
  })
})
