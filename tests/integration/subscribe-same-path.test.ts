import { beforeEach, describe, expect, it } from 'vitest'
import { subscriberId, type Subscriber, type SubscriberState } from '../../functions/core/subscriber'
import { startLocalConfirmations } from '../../functions/confirmations/local-worker'
import { readOutbox } from '../support/outbox'
import { createTestApp } from '../support/test-app'

type TestApp = Awaited<ReturnType<typeof createTestApp>>

const subscribeJson = (email: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email, name: 'Anyone', cadence: 'weekly' }),
})

/**
 * Whether an address is on the list must not show in how POST /subscribe does its work, or its timing tells
 * (issue 11, item 7). So the request path is asserted to be the very same for every state: the same
 * DynamoDB commands in the same order, one queued job, and no email; the worker sends afterwards.
 */
describe('POST /subscribe takes the same path for every address', () => {
  let t: TestApp
  beforeEach(async () => {
    // The worker starts only when the test says, so what the request itself did can be looked at first.
    t = await createTestApp({ confirmationWorker: false })
  })

  /** A subscriber in `state`, written as the flows leave one; `mailedAgoMs` ago its last confirmation went. */
  const plant = async (email: string, state: SubscriberState, mailedAgoMs = 3_600_000) => {
    const at = new Date(t.clock.now().getTime() - mailedAgoMs).toISOString()
    const subscriber: Subscriber = {
      id: subscriberId(email),
      email,
      topics: [],
      cadence: 'daily',
      deliveryHour: 8,
      timezone: 'UTC',
      lang: 'en',
      state,
      createdAt: at,
      updatedAt: at,
      confirmationSentAt: at,
      ...(state === 'confirmed' && { confirmedAt: at, consent: { source: 'form' as const, at } }),
      ...(state === 'unsubscribed' && { unsubscribedAt: at }),
      ...(state === 'suppressed' && { suppressedAt: at, suppressionReason: 'Permanent bounce' }),
      softBounces: 0,
      tokenVersion: 1,
      revision: 3,
    }
    await t.deps.subscribers.create(subscriber)
  }

  /** The DynamoDB commands the app sends from now on, recorded at the client, in order. */
  const recordCommands = () => {
    const commands: string[] = []
    t.client.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push(String(context.commandName))
        return next(args)
      },
      { step: 'initialize', name: 'recordSubscribeCommands' },
    )
    return commands
  }

  it('sends the same DynamoDB commands, queues one job and mails no one, whatever the address', async () => {
    // Prepare: one address in every state there is, and none at all for the new one.
    const addresses = {
      new: 'new@example.com',
      pendingRecent: 'pending-recent@example.com',
      pendingDue: 'pending-due@example.com',
      confirmed: 'confirmed@example.com',
      unsubscribed: 'unsubscribed@example.com',
      suppressed: 'suppressed@example.com',
    }
    await plant(addresses.pendingRecent, 'pending', 60_000)
    await plant(addresses.pendingDue, 'pending')
    await plant(addresses.confirmed, 'confirmed')
    await plant(addresses.unsubscribed, 'unsubscribed')
    await plant(addresses.suppressed, 'suppressed')
    const mailed: string[] = []
    const send = t.deps.mailer.send.bind(t.deps.mailer)
    t.deps.mailer.send = async (email) => {
      mailed.push(email.to)
      return send(email)
    }
    const commands = recordCommands()

    // Act: one subscribe per address, each recorded on its own.
    const paths: Record<string, string[]> = {}
    for (const [kind, email] of Object.entries(addresses)) {
      commands.length = 0
      const response = await t.app.request('/subscribe', subscribeJson(email))
      expect(response.status, kind).toBe(202)
      paths[kind] = [...commands]
    }

    // Assess: the very same commands for every address (two rate-limit counters, one put of the request),
    // no email yet, and one job each waiting for the worker.
    expect(paths.new).toEqual(['UpdateItemCommand', 'UpdateItemCommand', 'PutItemCommand'])
    for (const [kind, path] of Object.entries(paths)) expect(path, kind).toEqual(paths.new)
    expect(mailed).toEqual([])
    expect(await readOutbox(t.outboxDir)).toEqual([])
    expect(t.confirmations.size).toBe(Object.keys(addresses).length)
  })

  it('leaves it to the worker to mail who is due, as before: new, returning and pending past the interval', async () => {
    // Prepare
    await plant('pending-recent@example.com', 'pending', 60_000)
    await plant('pending-due@example.com', 'pending')
    await plant('confirmed@example.com', 'confirmed')
    await plant('unsubscribed@example.com', 'unsubscribed')
    await plant('suppressed@example.com', 'suppressed')
    const emails = [
      'new@example.com',
      'pending-recent@example.com',
      'pending-due@example.com',
      'confirmed@example.com',
      'unsubscribed@example.com',
      'suppressed@example.com',
    ]
    for (const email of emails) await t.app.request('/subscribe', subscribeJson(email))

    // Act
    startLocalConfirmations(t.deps)
    await t.confirmations.drained()

    // Assess: the emails each state got before the queue existed, and the states they leave.
    const to = (await readOutbox(t.outboxDir)).map((mail) => mail.to)
    const recipients = to.flatMap((address) => [address].flat()).map((address) => address!.text)
    expect(recipients.sort()).toEqual([
      'new@example.com',
      'pending-due@example.com',
      'unsubscribed@example.com',
    ])
    const states = await Promise.all(
      emails.map(async (email) => (await t.deps.subscribers.get(subscriberId(email)))?.state),
    )
    expect(states).toEqual(['pending', 'pending', 'pending', 'confirmed', 'pending', 'suppressed'])
    // The anonymous request changed no confirmed subscriber's settings, and every request was acted on.
    expect(await t.deps.subscribers.get(subscriberId('confirmed@example.com'))).toMatchObject({
      cadence: 'daily',
      revision: 3,
    })
    for (const email of emails)
      expect(await t.deps.subscribeRequests.get(subscriberId(email))).toBeUndefined()
    expect(t.confirmations.deadLetters()).toEqual([])
  })
})
