import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SESClient, type MessageTag } from '@aws-sdk/client-ses'
import type { SNSEvent } from 'aws-lambda'
import { describe, expect, inject, it } from 'vitest'
import { SesMailer } from '../../functions/adapters/ses/ses-mailer'
import type { FeedbackDeps } from '../../functions/core/feedback'
import { UNSUBSCRIBE_WINDOW_MS } from '../../functions/core/delivery-figures'
import { subscriberId } from '../../functions/core/subscriber'
import { buildFeedbackDeps } from '../../functions/ses-events/deps'
import { handleSnsEvent } from '../../functions/ses-events/handle-sns-event'
import { cliMessages } from '../../cli/messages'
import { replayDigest, replayFile } from '../../cli/ses-event'
import { sesEventNotification, type ReplayType } from '../../cli/ses-notification'
import { linkIn, readOutbox } from '../support/outbox'
import { drain } from '../support/queue-clock'
import { articleJson, createTestApp, FixedClock, MAIL_FROM, readJson, SITE_URL } from '../support/test-app'
import { confirmedSubscriber } from '../support/subscribers'

// A ceiling, not an expectation: a real digest run (MJML, dynalite, the SES emulator) on a busy machine.
const CEILING_MS = 120_000

type TestApp = Awaited<ReturnType<typeof createTestApp>>

const silent = { log: () => {} }

/** What SES took: each message's id and the tags SendRawEmail carried (read off the real SDK client). */
interface SentMessage {
  messageId: string
  to: string
  tags: MessageTag[]
}

/**
 * A real SesMailer on the SES emulator, whose client notes each SendRawEmail's Tags and the MessageId SES
 * answered: the emulator keeps no tags, and SES's events carry exactly these (mail.tags).
 */
function recordingMailer(t: TestApp): { mailer: SesMailer; sent: SentMessage[] } {
  const sent: SentMessage[] = []
  const client = new SESClient({
    region: 'us-east-1',
    endpoint: inject('sesEndpoint'),
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args)
      const input = args.input as { Tags?: MessageTag[]; Destinations?: string[] }
      const output = result.output as { MessageId?: string }
      sent.push({ messageId: output.MessageId!, to: input.Destinations![0]!, tags: input.Tags ?? [] })
      return result
    },
    { step: 'initialize', name: 'recordSentTags' },
  )
  return {
    mailer: new SesMailer({ region: 'us-east-1', from: MAIL_FROM, client, outboxDir: t.outboxDir }),
    sent,
  }
}

/** The SNS Lambda event SES's configuration set publishes for `type` about one sent message. */
function snsEventFor(type: ReplayType, message: SentMessage, at: string, snsMessageId: string): SNSEvent {
  const notification = sesEventNotification(type, {
    messageId: message.messageId,
    recipient: message.to,
    digestId: 'replaced-below',
    sentAt: at,
    at,
  }) as { mail: { tags: Record<string, string[]> } }
  // SES copies the message's own tags, every value as a list, next to the ones it adds (ses:*).
  notification.mail.tags = {
    'ses:configuration-set': ['pressroom'],
    ...Object.fromEntries(message.tags.map((tag) => [tag.Name!, [tag.Value!]])),
  }
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:pressroom-ses-events:2d4f1a83',
        Sns: {
          Type: 'Notification',
          MessageId: snsMessageId,
          TopicArn: 'arn:aws:sns:us-east-1:123456789012:pressroom-ses-events',
          Subject: null as unknown as string,
          Message: JSON.stringify(notification),
          Timestamp: at,
          SignatureVersion: '1',
          Signature: 'EXAMPLE',
          SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-example.pem',
          UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
          MessageAttributes: {},
        },
      },
    ],
  }
}

/** A daily digest sent to `addresses` by the real planner and sender; returns its id and what SES took. */
async function sendDigest(t: TestApp, addresses: string[]) {
  await t.admin('/api/articles', { method: 'POST', body: articleJson({ title: '반도체 수출' }) })
  t.clock.advance(3600_000)
  for (const address of addresses) await confirmedSubscriber(t, address)
  const { mailer, sent } = recordingMailer(t)
  const runtime = await t.digestRuntime('figures', { overrides: { mailer } })
  const summary = await runtime.plan('daily', false)
  await drain(runtime.queue, t.clock)
  await runtime.stop()
  const digestId = summary.digests[0]!
  const to = (address: string) => sent.find((message) => message.to === address)!
  return { digestId, sent, to }
}

const figuresOf = async (t: TestApp, digestId: string) =>
  (await readJson(t.admin(`/api/digests/${digestId}`))).figures

describe('delivery figures', { timeout: CEILING_MS }, () => {
  it('counts deliveries, bounces and complaints from SES events once each, and shows them in the digest status', async () => {
    // Prepare: a digest sent to three subscribers, Seoul 09:00
    const t = await createTestApp({ clock: new FixedClock(new Date('2026-11-26T23:00:00.000Z')) })
    const { digestId, sent, to } = await sendDigest(t, ['a@example.com', 'b@example.com', 'c@example.com'])
    expect(sent).toHaveLength(3)
    // Every message names its digest in a tag SES accepts (and no reader-tracking anything).
    for (const message of sent) {
      // The digest's own tag beside the two Feedback-ID streams (tags never name the recipient)
      expect(message.tags).toEqual([
        { Name: 'pressroom-digest', Value: digestId },
        { Name: 'ses:feedback-id-a', Value: 'digest' },
        { Name: 'ses:feedback-id-b', Value: 'daily' },
      ])
    }
    const deps: FeedbackDeps = buildFeedbackDeps(t.config, { overrides: { clock: t.clock } })
    const at = t.clock.now().toISOString()

    // Act: SES reports two deliveries and a permanent bounce, then SNS delivers one delivery again
    const deliveryToA = snsEventFor('delivery', to('a@example.com'), at, 'sns-1')
    const [first] = await handleSnsEvent(deps, deliveryToA, silent)
    await handleSnsEvent(deps, snsEventFor('delivery', to('b@example.com'), at, 'sns-2'), silent)
    await handleSnsEvent(deps, snsEventFor('bounce', to('c@example.com'), at, 'sns-3'), silent)
    const [again] = await handleSnsEvent(deps, deliveryToA, silent)

    // Assess
    expect(first).toMatchObject({
      status: 'applied',
      summary: { ignored: 1, figure: { digestId, figure: 'delivered', outcome: 'counted' } },
    })
    expect(again).toMatchObject({ summary: { figure: { outcome: 'already-counted' } } })
    expect(await figuresOf(t, digestId)).toEqual({
      sent: 3,
      delivered: 2,
      bounced: 1,
      complained: 0,
      unsubscribed: 0,
    })
    // The bounce still does what it always did.
    expect(await t.deps.subscribers.get(subscriberId('c@example.com'))).toMatchObject({ state: 'suppressed' })

    // Act: a complaint about a delivered message, delivered twice (a different SNS id: a second topic)
    const complaint = (snsId: string) => snsEventFor('complaint', to('a@example.com'), at, snsId)
    await handleSnsEvent(deps, complaint('sns-4'), silent)
    await handleSnsEvent(deps, complaint('sns-5'), silent)

    // Assess
    expect(await figuresOf(t, digestId)).toMatchObject({ delivered: 2, complained: 1 })
    expect(await t.deps.subscribers.get(subscriberId('a@example.com'))).toMatchObject({ state: 'suppressed' })
  })

  it('counts an event once even when SNS delivers it to two handlers at the same time', async () => {
    const t = await createTestApp({ clock: new FixedClock(new Date('2026-11-26T23:00:00.000Z')) })
    const { digestId, to } = await sendDigest(t, ['a@example.com'])
    const deps = buildFeedbackDeps(t.config, { overrides: { clock: t.clock } })
    const event = snsEventFor('delivery', to('a@example.com'), t.clock.now().toISOString(), 'sns-1')

    const outcomes = await Promise.all(Array.from({ length: 5 }, () => handleSnsEvent(deps, event, silent)))

    const counted = outcomes.flat().map((outcome) => outcome.status === 'applied' && outcome.summary.figure)
    expect(counted.filter((figure) => figure && figure.outcome === 'counted')).toHaveLength(1)
    expect(await figuresOf(t, digestId)).toMatchObject({ delivered: 1 })
  })

  it('leaves the figures alone for messages of no digest and for events about an unknown digest', async () => {
    const t = await createTestApp({ clock: new FixedClock(new Date('2026-11-26T23:00:00.000Z')) })
    const { digestId, to } = await sendDigest(t, ['a@example.com'])
    const deps = buildFeedbackDeps(t.config, { overrides: { clock: t.clock } })
    const at = t.clock.now().toISOString()
    const message = to('a@example.com')

    const [untagged] = await handleSnsEvent(
      deps,
      snsEventFor('delivery', { ...message, tags: [] }, at, 's1'),
      silent,
    )
    const [unknown] = await handleSnsEvent(
      deps,
      snsEventFor(
        'delivery',
        { ...message, tags: [{ Name: 'pressroom-digest', Value: 'daily-1999-01-01' }] },
        at,
        's2',
      ),
      silent,
    )

    expect(untagged).toMatchObject({ status: 'applied', summary: { ignored: 1 } })
    expect(untagged!.status === 'applied' && untagged!.summary.figure).toBeUndefined()
    expect(unknown).toMatchObject({ summary: { figure: { outcome: 'no-digest' } } })
    expect(await figuresOf(t, digestId)).toMatchObject({ delivered: 0 })
  })

  it("counts an unsubscribe through a digest's links within 7 days, once, and not after", async () => {
    // Prepare: one digest to three readers
    const t = await createTestApp({ clock: new FixedClock(new Date('2026-11-26T23:00:00.000Z')) })
    const { digestId } = await sendDigest(t, ['one@example.com', 'two@example.com', 'late@example.com'])
    const mails = await readOutbox(t.outboxDir)
    const mailTo = (address: string) =>
      mails.find((mail) => !Array.isArray(mail.to) && mail.to?.text === address)!
    const path = (url: string) => url.slice(SITE_URL.length)
    const oneClick = (url: string) =>
      t.app.request(path(url), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      })

    // Act: one-click from the email's link, twice (a mailbox provider retrying)
    const unsubscribeUrl = linkIn(mailTo('one@example.com'), `${SITE_URL}/unsubscribe?token=`)
    expect((await oneClick(unsubscribeUrl)).status).toBe(200)
    expect((await oneClick(unsubscribeUrl)).status).toBe(200)

    // Act: the preferences page reached from the email, then its unsubscribe button
    const preferencesUrl = linkIn(mailTo('two@example.com'), `${SITE_URL}/preferences?token=`)
    const page = await (await t.app.request(path(preferencesUrl))).text()
    const formToken = /action="\/unsubscribe"[\s\S]*?name="token" value="([^"]+)"/.exec(page)?.[1]
    expect(formToken).toBeDefined()
    const left = await t.app.request('/unsubscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: formToken! }).toString(),
    })
    expect(left.status).toBe(200)

    // Assess
    expect(await figuresOf(t, digestId)).toMatchObject({ sent: 3, unsubscribed: 2 })

    // Act: a week and a moment later, the third reader leaves from the same digest
    t.clock.advance(UNSUBSCRIBE_WINDOW_MS + 1)
    expect(
      (await oneClick(linkIn(mailTo('late@example.com'), `${SITE_URL}/unsubscribe?token=`))).status,
    ).toBe(200)

    // Assess: gone, but not counted against a digest from more than 7 days ago
    expect(await t.deps.subscribers.get(subscriberId('late@example.com'))).toMatchObject({
      state: 'unsubscribed',
    })
    expect(await figuresOf(t, digestId)).toMatchObject({ unsubscribed: 2 })
  })

  it('moves when `npm run ses-event -- --digest` replays deliveries and a bounce of the messages the ledger sent', async () => {
    // Prepare
    const t = await createTestApp({ clock: new FixedClock(new Date('2026-11-26T23:00:00.000Z')) })
    const { digestId, to } = await sendDigest(t, ['a@example.com', 'b@example.com'])
    const deps = buildFeedbackDeps(t.config, { overrides: { clock: t.clock } })
    const lines: string[] = []
    const errors: string[] = []
    const print = { line: (text: string) => lines.push(text), error: (text: string) => errors.push(text) }

    // Act: deliver everyone, bounce b, then deliver everyone again
    expect(await replayDigest(deps, t.deps.digests, { digestId, type: 'delivery', to: [] }, print)).toBe(0)
    const bounce = { digestId, type: 'bounce' as const, to: ['B@example.com'] }
    expect(await replayDigest(deps, t.deps.digests, bounce, print)).toBe(0)
    expect(await replayDigest(deps, t.deps.digests, { digestId, type: 'delivery', to: [] }, print)).toBe(0)

    // Assess
    expect(await figuresOf(t, digestId)).toMatchObject({ sent: 2, delivered: 2, bounced: 1 })
    expect(lines).toContain(
      `bounce of ${to('b@example.com').messageId} to b@example.com: suppressed ${subscriberId('b@example.com')}; counted in bounced of digest ${digestId}`,
    )
    expect(lines.slice(-2).every((line) => line.includes('already counted in delivered'))).toBe(true)
    expect(errors).toEqual([])

    // Act: a digest that does not exist, a recipient it never reached
    expect(
      await replayDigest(
        deps,
        t.deps.digests,
        { digestId: 'daily-1999-01-01', type: 'delivery', to: [] },
        print,
      ),
    ).toBe(1)
    expect(
      await replayDigest(deps, t.deps.digests, { digestId, type: 'delivery', to: ['c@example.com'] }, print),
    ).toBe(1)
    expect(errors).toEqual([
      'no digest daily-1999-01-01',
      `digest ${digestId} was not sent to c@example.com (or they were erased)`,
    ])
  })

  it('words every line of `npm run ses-event` in Korean when PUBLICATION_LANG is ko', async () => {
    // Prepare
    const t = await createTestApp({ clock: new FixedClock(new Date('2026-11-26T23:00:00.000Z')) })
    const { digestId, to } = await sendDigest(t, ['a@example.com'])
    const deps = buildFeedbackDeps(t.config, { overrides: { clock: t.clock } })
    const ko = cliMessages({ PUBLICATION_LANG: 'ko' }).sesEvent
    const lines: string[] = []
    const errors: string[] = []
    const print = { line: (text: string) => lines.push(text), error: (text: string) => errors.push(text) }
    const dir = await mkdtemp(join(tmpdir(), 'pressroom-ses-event-ko-'))
    const file = async (name: string, content: string) => {
      await writeFile(join(dir, name), content)
      return join(dir, name)
    }

    try {
      // Act
      await replayDigest(deps, t.deps.digests, { digestId, type: 'delivery', to: [] }, print, ko)
      await replayDigest(
        deps,
        t.deps.digests,
        { digestId: 'daily-1999-01-01', type: 'delivery', to: [] },
        print,
        ko,
      )
      const shapeless = await replayFile(deps, await file('a.json', '{"hello":"world"}'), ko)
      const noBounce = await replayFile(deps, await file('b.json', '{"notificationType":"Bounce"}'), ko)
      const missing = await replayFile(deps, join(dir, 'none.json'), ko)

      // Assess
      expect(lines).toEqual([
        `${to('a@example.com').messageId} (a@example.com) delivery 이벤트: 무시함 1개; 다이제스트 ${digestId}의 delivered에 집계함`,
      ])
      expect(errors).toEqual(['다이제스트 daily-1999-01-01이(가) 없습니다'])
      expect(shapeless).toEqual({
        ok: false,
        line: `${join(dir, 'a.json')}: SES 알림(notificationType/eventType)도, SNS 메시지(Type, Message)도, SNS Lambda 이벤트(Records)도 아닙니다`,
      })
      expect(noBounce).toEqual({
        ok: false,
        line: `${join(dir, 'b.json')}: Bounce 알림에 bounce 객체가 없습니다`,
      })
      expect(missing).toEqual({ ok: false, line: `${join(dir, 'none.json')}: 파일이 없습니다` })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
