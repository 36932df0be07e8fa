import type { SNSEvent } from 'aws-lambda'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeEach, describe, expect, inject, it } from 'vitest'
import { DEFAULT_SOFT_BOUNCE_LIMIT } from '../../functions/core/feedback'
import type { SubscriberStore } from '../../functions/core/ports'
import { normaliseEmail, subscriberId, type Subscriber } from '../../functions/core/subscriber'
import { handleSnsEvent } from '../../functions/ses-events/handle-sns-event'
import { createTestApp } from '../support/test-app'

type TestApp = Awaited<ReturnType<typeof createTestApp>>

const loadFixture = async (name: string): Promise<SNSEvent> =>
  JSON.parse(await readFile(join(import.meta.dirname, '../fixtures/ses', name), 'utf8')) as SNSEvent

/** An SNS Lambda event around one message, as SNS delivers it. */
const snsEvent = (message: string, messageId = 'a8f3c1d2-0b4e-5f6a-9c7d-1e2f3a4b5c6d'): SNSEvent => ({
  Records: [
    {
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:pressroom-ses-feedback:2d4f1a83',
      Sns: {
        Type: 'Notification',
        MessageId: messageId,
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:pressroom-ses-feedback',
        Message: message,
        Timestamp: '2026-11-27T09:00:00.000Z',
        SignatureVersion: '1',
        Signature: 'EXAMPLE',
        SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-example.pem',
        UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
        MessageAttributes: {},
      },
    },
  ],
})

const transientBounce = (email: string, feedbackId: string) =>
  snsEvent(
    JSON.stringify({
      notificationType: 'Bounce',
      bounce: {
        bounceType: 'Transient',
        bounceSubType: 'MailboxFull',
        bouncedRecipients: [{ emailAddress: email, action: 'failed', status: '5.2.2' }],
        timestamp: '2026-11-27T08:59:00.000Z',
        feedbackId,
      },
      mail: { timestamp: '2026-11-27T08:58:00.000Z', messageId: `m-${feedbackId}`, destination: [email] },
    }),
    `sns-${feedbackId}`,
  )

async function seedConfirmed(t: TestApp, email: string): Promise<Subscriber> {
  const at = '2026-11-01T00:00:00.000Z'
  const subscriber: Subscriber = {
    id: subscriberId(normaliseEmail(email)),
    email: normaliseEmail(email),
    topics: [],
    cadence: 'weekly',
    deliveryHour: 8,
    timezone: 'Asia/Seoul',
    lang: 'ko',
    state: 'confirmed',
    createdAt: at,
    updatedAt: at,
    confirmedAt: at,
    consent: { source: 'form', at },
    softBounces: 0,
    tokenVersion: 1,
    revision: 1,
  }
  await t.deps.subscribers.create(subscriber)
  return subscriber
}

const silent = { log: () => {} }

describe('SES bounce and complaint handling', () => {
  let t: TestApp

  beforeEach(async () => {
    t = await createTestApp()
  })

  it('suppresses an address at once on a permanent bounce', async () => {
    const jane = await seedConfirmed(t, 'jane@example.com')
    const mary = await seedConfirmed(t, 'mary@example.com')

    const [outcome] = await handleSnsEvent(t.deps, await loadFixture('legacy-permanent-bounce.json'), silent)

    expect(outcome).toMatchObject({ status: 'applied', summary: { suppressed: [jane.id] } })
    expect(await t.deps.subscribers.get(jane.id)).toMatchObject({
      state: 'suppressed',
      suppressedAt: '2026-11-27T09:00:00.000Z',
      suppressionReason: 'bounce: Permanent/General',
      updatedAt: '2026-11-27T09:00:00.000Z',
      revision: 2,
    })
    // Mary was a recipient of the same mail but did not bounce.
    expect(await t.deps.subscribers.get(mary.id)).toEqual(mary)
  })

  it('suppresses an address that complained', async () => {
    const richard = await seedConfirmed(t, 'richard@example.com')

    await handleSnsEvent(t.deps, await loadFixture('legacy-complaint.json'), silent)

    expect(await t.deps.subscribers.get(richard.id)).toMatchObject({
      state: 'suppressed',
      suppressionReason: 'complaint: abuse',
    })
  })

  it('suppresses after transient bounces only when they reach the limit', async () => {
    const mary = await seedConfirmed(t, 'mary@example.com')

    for (let bounce = 1; bounce < DEFAULT_SOFT_BOUNCE_LIMIT; bounce++) {
      const [outcome] = await handleSnsEvent(
        t.deps,
        transientBounce('mary@example.com', `fb-${bounce}`),
        silent,
      )
      expect(outcome).toMatchObject({ summary: { softBounced: [mary.id], suppressed: [] } })
      expect(await t.deps.subscribers.get(mary.id)).toMatchObject({ state: 'confirmed', softBounces: bounce })
    }
    const [last] = await handleSnsEvent(t.deps, transientBounce('mary@example.com', 'fb-last'), silent)

    expect(last).toMatchObject({ summary: { softBounced: [], suppressed: [mary.id] } })
    expect(await t.deps.subscribers.get(mary.id)).toMatchObject({
      state: 'suppressed',
      softBounces: DEFAULT_SOFT_BOUNCE_LIMIT,
      suppressionReason: `bounce: Transient/MailboxFull (${DEFAULT_SOFT_BOUNCE_LIMIT} soft bounces)`,
    })
  })

  it('counts the transient bounce in the legacy fixture once', async () => {
    const mary = await seedConfirmed(t, 'mary@example.com')

    await handleSnsEvent(t.deps, await loadFixture('legacy-transient-bounce.json'), silent)

    expect(await t.deps.subscribers.get(mary.id)).toMatchObject({
      state: 'confirmed',
      softBounces: 1,
      revision: 2,
    })
  })

  it('counts a transient bounce delivered twice by SNS once', async () => {
    const mary = await seedConfirmed(t, 'mary@example.com')

    await handleSnsEvent(t.deps, transientBounce('mary@example.com', 'fb-1'), silent)
    const [again] = await handleSnsEvent(t.deps, transientBounce('mary@example.com', 'fb-1'), silent)

    expect(again).toMatchObject({ summary: { softBounced: [], unchanged: 1 } })
    expect(await t.deps.subscribers.get(mary.id)).toMatchObject({ softBounces: 1, revision: 2 })
  })

  it('changes nothing when SNS delivers the same permanent bounce again', async () => {
    const jane = await seedConfirmed(t, 'jane@example.com')
    const event = await loadFixture('legacy-permanent-bounce.json')
    await handleSnsEvent(t.deps, event, silent)
    const afterFirst = await t.deps.subscribers.get(jane.id)
    t.clock.advance(60_000)

    const [replay] = await handleSnsEvent(t.deps, event, silent)

    expect(replay).toMatchObject({ status: 'applied', summary: { suppressed: [], unchanged: 1 } })
    expect(await t.deps.subscribers.get(jane.id)).toEqual(afterFirst)
  })

  it('ignores addresses with no subscriber record, and says so', async () => {
    const [outcome] = await handleSnsEvent(t.deps, await loadFixture('legacy-permanent-bounce.json'), silent)

    expect(outcome).toMatchObject({
      status: 'applied',
      summary: { suppressed: [], softBounced: [], unknown: 1, ignored: 0 },
    })
    expect(await t.deps.subscribers.get(subscriberId('jane@example.com'))).toBeUndefined()
  })

  it('leaves subscribers alone on a delivery', async () => {
    const jane = await seedConfirmed(t, 'jane@example.com')

    const [outcome] = await handleSnsEvent(t.deps, await loadFixture('legacy-delivery.json'), silent)

    expect(outcome).toMatchObject({ summary: { ignored: 1, suppressed: [], softBounced: [] } })
    expect(await t.deps.subscribers.get(jane.id)).toEqual(jane)
  })

  it('skips a malformed message without throwing, logs it as one JSON line, and applies the rest', async () => {
    const jane = await seedConfirmed(t, 'jane@example.com')
    const good = await loadFixture('legacy-permanent-bounce.json')
    const event: SNSEvent = {
      Records: [
        snsEvent('this is not JSON', 'garbage-1').Records[0]!,
        snsEvent('{"notificationType":"Bounce"}', 'garbage-2').Records[0]!,
        good.Records[0]!,
      ],
    }
    const lines: string[] = []

    const outcomes = await handleSnsEvent(t.deps, event, {
      log: (entry) => lines.push(JSON.stringify(entry)),
    })

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['skipped', 'skipped', 'applied'])
    const warnings = lines.map((line) => JSON.parse(line)).filter((entry) => entry.level === 'warn')
    expect(warnings).toEqual([
      expect.objectContaining({ messageId: 'garbage-1', reason: expect.stringContaining('not JSON') }),
      expect.objectContaining({ messageId: 'garbage-2', reason: expect.stringContaining('bounce') }),
    ])
    expect(await t.deps.subscribers.get(jane.id)).toMatchObject({ state: 'suppressed' })
  })

  it('handles event publishing records (eventType) the same way', async () => {
    const recipient = await seedConfirmed(t, 'recipient@example.com')
    const other = await seedConfirmed(t, 'other@example.com')

    await handleSnsEvent(t.deps, await loadFixture('event-bounce.json'), silent)

    expect(await t.deps.subscribers.get(recipient.id)).toMatchObject({
      state: 'suppressed',
      suppressionReason: 'bounce: Permanent/General',
    })
    expect(await t.deps.subscribers.get(other.id)).toEqual(other)
  })

  it('suppresses on an event publishing complaint', async () => {
    const recipient = await seedConfirmed(t, 'recipient@example.com')

    await handleSnsEvent(t.deps, await loadFixture('event-complaint.json'), silent)

    expect(await t.deps.subscribers.get(recipient.id)).toMatchObject({
      state: 'suppressed',
      suppressionReason: 'complaint: abuse',
    })
  })

  it('matches the address whatever its case in the notification', async () => {
    const jane = await seedConfirmed(t, 'jane@example.com')
    const bounce = {
      notificationType: 'Bounce',
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'NoEmail',
        bouncedRecipients: [{ emailAddress: ' Jane@Example.COM' }],
      },
    }

    await handleSnsEvent(t.deps, snsEvent(JSON.stringify(bounce)), silent)

    expect(await t.deps.subscribers.get(jane.id)).toMatchObject({ state: 'suppressed' })
  })

  it('throws (so SNS retries) when the store fails', async () => {
    const failing = {
      clock: t.clock,
      audit: t.deps.audit,
      figures: t.deps.figures,
      subscribers: {
        get: async () => {
          throw new Error('DynamoDB is unavailable')
        },
      } as unknown as SubscriberStore,
    }

    await expect(
      handleSnsEvent(failing, await loadFixture('legacy-permanent-bounce.json'), silent),
    ).rejects.toThrow('DynamoDB is unavailable')
  })
})

describe('the SES events Lambda handler', () => {
  it('builds its deps from the environment and applies the notifications it is given', async () => {
    const t = await createTestApp()
    const recipient = await seedConfirmed(t, 'recipient@example.com')
    // The environment the stack would set, with the local endpoint instead of AWS.
    Object.assign(process.env, {
      TABLE_NAME: t.tableName,
      SITE_URL: 'https://news.example.com',
      ADMIN_TOKEN: 'ses-events-test-token-0123456789',
      TOKEN_SECRET: 'ses-events-test-link-secret-0123456789ab',
      DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
      AWS_REGION: 'us-east-1',
    })
    const { handler } = await import('../../functions/ses-events/lambda')

    await handler(await loadFixture('event-complaint.json'))

    expect(await t.deps.subscribers.get(recipient.id)).toMatchObject({ state: 'suppressed' })
  })
})
