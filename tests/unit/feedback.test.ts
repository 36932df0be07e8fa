import type { SNSEvent } from 'aws-lambda'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EventFileError, loadEventFile, toSnsEvent } from '../../cli/ses-event'
import { ConflictError } from '../../functions/core/errors'
import {
  applyFeedback,
  MalformedNotificationError,
  parseSesNotification,
} from '../../functions/core/feedback'
import type { DeliveryFigureStore, SubscriberStore } from '../../functions/core/ports'
import { subscriberId, type Subscriber } from '../../functions/core/subscriber'
import { MemoryAuditLog } from '../support/memory-audit-log'

const fixture = (name: string) => join(import.meta.dirname, '../fixtures/ses', name)

/** The SES notification inside a fixture (an SNS Lambda event), parsed. */
async function notificationIn(name: string): Promise<unknown> {
  const event = JSON.parse(await readFile(fixture(name), 'utf8')) as SNSEvent
  return JSON.parse(event.Records[0]!.Sns.Message)
}

describe('parseSesNotification: feedback notifications (notificationType)', () => {
  it('reads a permanent bounce as a permanent bounce of the bounced recipient only', async () => {
    expect(parseSesNotification(await notificationIn('legacy-permanent-bounce.json'))).toMatchObject([
      { email: 'jane@example.com', kind: 'permanent-bounce', detail: 'Permanent/General' },
    ])
  })

  it('carries the bounced message’s SES id, so a redelivered notification is recognised', async () => {
    const [action] = parseSesNotification(await notificationIn('legacy-permanent-bounce.json'))
    expect(action!.messageId).toMatch(/\S{10,}/)
  })

  it('reads a transient bounce as a soft bounce with its subtype', async () => {
    expect(parseSesNotification(await notificationIn('legacy-transient-bounce.json'))).toMatchObject([
      { email: 'mary@example.com', kind: 'transient-bounce', detail: 'Transient/MailboxFull' },
    ])
  })

  it('reads a complaint with its feedback type', async () => {
    expect(parseSesNotification(await notificationIn('legacy-complaint.json'))).toMatchObject([
      { email: 'richard@example.com', kind: 'complaint', detail: 'abuse' },
    ])
  })

  it('ignores a delivery', async () => {
    expect(parseSesNotification(await notificationIn('legacy-delivery.json'))).toMatchObject([
      { email: 'jane@example.com', kind: 'ignore', detail: 'Delivery' },
    ])
  })

  it('treats an Undetermined bounce as a soft bounce', () => {
    const actions = parseSesNotification({
      notificationType: 'Bounce',
      bounce: {
        bounceType: 'Undetermined',
        bounceSubType: 'Undetermined',
        bouncedRecipients: [{ emailAddress: 'a@example.com' }],
      },
    })
    expect(actions).toEqual([
      { email: 'a@example.com', kind: 'transient-bounce', detail: 'Undetermined/Undetermined' },
    ])
  })

  it('returns one action per bounced recipient, addresses without display names', () => {
    const actions = parseSesNotification({
      notificationType: 'Bounce',
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'NoEmail',
        bouncedRecipients: [
          { emailAddress: 'jane@example.com' },
          { emailAddress: 'Richard <Richard@Example.com>' },
        ],
      },
    })
    expect(actions.map((action) => action.email)).toEqual(['jane@example.com', 'Richard@Example.com'])
    expect(actions.every((action) => action.kind === 'permanent-bounce')).toBe(true)
  })

  it('does not count a not-spam report as a complaint', () => {
    const actions = parseSesNotification({
      notificationType: 'Complaint',
      complaint: {
        complainedRecipients: [{ emailAddress: 'a@example.com' }],
        complaintFeedbackType: 'not-spam',
      },
    })
    expect(actions).toEqual([{ email: 'a@example.com', kind: 'ignore', detail: 'not-spam' }])
  })

  it('reads a complaint without a feedback report', () => {
    const actions = parseSesNotification({
      notificationType: 'Complaint',
      complaint: { complainedRecipients: [{ emailAddress: 'a@example.com' }], feedbackId: 'x' },
    })
    expect(actions).toEqual([{ email: 'a@example.com', kind: 'complaint', detail: 'unspecified' }])
  })

  it("has nothing to do for SES's subscription test message", () => {
    const actions = parseSesNotification({
      notificationType: 'AmazonSnsSubscriptionSucceeded',
      message: "You have successfully subscribed your Amazon SNS topic to receive 'Bounce' notifications",
    })
    expect(actions).toEqual([])
  })
})

describe('parseSesNotification: event publishing (eventType)', () => {
  it('reads a Bounce record', async () => {
    expect(parseSesNotification(await notificationIn('event-bounce.json'))).toMatchObject([
      { email: 'recipient@example.com', kind: 'permanent-bounce', detail: 'Permanent/General' },
    ])
  })

  it('reads a Complaint record', async () => {
    expect(parseSesNotification(await notificationIn('event-complaint.json'))).toMatchObject([
      { email: 'recipient@example.com', kind: 'complaint', detail: 'abuse' },
    ])
  })

  it('ignores Send, Reject, Open, Click and DeliveryDelay records', () => {
    for (const eventType of ['Send', 'Reject', 'Open', 'Click', 'DeliveryDelay', 'Rendering Failure']) {
      const actions = parseSesNotification({ eventType, mail: { destination: ['recipient@example.com'] } })
      expect(actions).toEqual([{ email: 'recipient@example.com', kind: 'ignore', detail: eventType }])
    }
  })
})

describe('parseSesNotification: malformed notifications', () => {
  it.each([
    ['null', null],
    ['an array', []],
    ['a string', 'Bounce'],
    ['an object without a type', { mail: {} }],
    ['a bounce without its bounce object', { notificationType: 'Bounce', mail: {} }],
    ['a bounce without recipients', { eventType: 'Bounce', bounce: { bounceType: 'Permanent' } }],
    [
      'a bounced recipient without an address',
      {
        notificationType: 'Bounce',
        bounce: { bounceType: 'Permanent', bouncedRecipients: [{ status: '5.1.1' }] },
      },
    ],
    ['a complaint without recipients', { notificationType: 'Complaint', complaint: {} }],
  ])('refuses %s', (_name, input) => {
    expect(() => parseSesNotification(input)).toThrow(MalformedNotificationError)
  })
})

describe('applyFeedback: concurrent writes', () => {
  const subscriber = (email: string): Subscriber => ({
    id: subscriberId(email),
    email,
    topics: [],
    cadence: 'weekly',
    deliveryHour: 8,
    timezone: 'Asia/Seoul',
    lang: 'ko',
    state: 'confirmed',
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    confirmedAt: '2026-11-01T00:00:00.000Z',
    softBounces: 0,
    tokenVersion: 1,
    revision: 1,
  })

  /** A one-record store whose record another writer changes `races` times just before we write. */
  function racingStore(record: Subscriber, races: number) {
    let stored = record
    let racesLeft = races
    const store = {
      get: async () => stored,
      replace: async (next: Subscriber, expectedRevision: number) => {
        if (racesLeft > 0) {
          racesLeft--
          stored = { ...stored, softBounces: stored.softBounces + 1, revision: stored.revision + 1 }
        }
        if (stored.revision !== expectedRevision) throw new ConflictError('stale')
        stored = next
      },
    }
    return { store: store as unknown as SubscriberStore, current: () => stored }
  }
  const clock = { now: () => new Date('2026-11-27T09:00:00.000Z') }
  // These notifications name no digest, so nothing may be counted.
  const figures: DeliveryFigureStore = {
    countOnce: () => Promise.reject(new Error('an untagged notification was counted')),
    figures: () => Promise.resolve(undefined),
  }
  const softBounce = (email: string) => ({
    notificationType: 'Bounce',
    bounce: {
      bounceType: 'Transient',
      bounceSubType: 'General',
      bouncedRecipients: [{ emailAddress: email }],
    },
  })

  it('re-reads and counts on top of the write it lost to', async () => {
    const { store, current } = racingStore(subscriber('a@example.com'), 1)

    const audit = new MemoryAuditLog()

    const summary = await applyFeedback(
      { subscribers: store, figures, clock, audit },
      softBounce('a@example.com'),
    )

    expect(summary.softBounced).toEqual([subscriberId('a@example.com')])
    expect(current()).toMatchObject({ softBounces: 2, revision: 3, state: 'confirmed' })
    // The lost attempt wrote no line; the one that counted wrote one, by SES.
    expect(audit.entries).toEqual([
      expect.objectContaining({
        action: 'bounced',
        actor: { name: 'ses', via: 'ses' },
        detail: 'Transient/General (2)',
      }),
    ])
  })

  it('gives up after a few lost races, so SNS retries later', async () => {
    const { store } = racingStore(subscriber('a@example.com'), 100)

    const audit = new MemoryAuditLog()
    await expect(
      applyFeedback({ subscribers: store, figures, clock, audit }, softBounce('a@example.com')),
    ).rejects.toThrow(ConflictError)
  })
})

describe('loadEventFile: the files `npm run ses-event` accepts', () => {
  async function writeTemp(content: string): Promise<string> {
    const file = join(await mkdtemp(join(tmpdir(), 'ses-event-')), 'notification.json')
    await writeFile(file, content)
    return file
  }

  it('takes an SNS Lambda event as it is', async () => {
    const event = await loadEventFile(fixture('legacy-complaint.json'))

    expect(event.Records).toHaveLength(1)
    expect(event.Records[0]!.Sns.MessageId).toBe('3c7a9d2e-41b8-5e6f-a0c4-3e4f5a6b7c03')
  })

  it('wraps an SNS message envelope (as SNS posts it over HTTP) in a Lambda event', async () => {
    const notification = await notificationIn('legacy-permanent-bounce.json')
    const envelope = {
      Type: 'Notification',
      MessageId: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:pressroom-ses-feedback',
      Message: JSON.stringify(notification),
      Timestamp: '2016-01-27T14:59:38.807Z',
      SignatureVersion: '1',
      Signature: 'EXAMPLE',
      SigningCertURL: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-example.pem',
      UnsubscribeURL: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=example',
    }

    const event = await loadEventFile(await writeTemp(JSON.stringify(envelope)))

    expect(event.Records).toHaveLength(1)
    expect(event.Records[0]!.Sns).toMatchObject({
      Type: 'Notification',
      MessageId: envelope.MessageId,
      SigningCertUrl: envelope.SigningCertURL,
    })
    expect(JSON.parse(event.Records[0]!.Sns.Message)).toEqual(notification)
  })

  it('wraps a bare SES notification in a Lambda event', async () => {
    const notification = await notificationIn('event-bounce.json')

    const event = await loadEventFile(await writeTemp(JSON.stringify(notification, null, 2)))

    expect(event.Records).toHaveLength(1)
    expect(event.Records[0]!.EventSource).toBe('aws:sns')
    expect(JSON.parse(event.Records[0]!.Sns.Message)).toEqual(notification)
  })

  it.each([
    ['text that is not JSON', 'not json', /not JSON/],
    ['JSON of some other kind', '{"hello":"world"}', /neither an SES notification/],
    [
      'an SNS subscription confirmation',
      '{"Type":"SubscriptionConfirmation","Message":"confirm"}',
      /not a Notification/,
    ],
    ['an empty Records list', '{"Records":[]}', /Records is empty/],
  ])('refuses %s, saying why', async (_name, content, reason) => {
    await expect(loadEventFile(await writeTemp(content))).rejects.toThrow(reason)
    await expect(loadEventFile(await writeTemp(content))).rejects.toThrow(EventFileError)
  })

  it('does not parse the message itself (the handler judges it)', () => {
    const event = toSnsEvent({ Type: 'Notification', Message: 'garbage' })
    expect(event.Records[0]!.Sns.Message).toBe('garbage')
  })
})
