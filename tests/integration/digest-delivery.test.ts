import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { SQSEvent, SQSRecord } from 'aws-lambda'
import { simpleParser } from 'mailparser'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { DynamoDigestStore } from '../../functions/adapters/dynamodb/digest-store'
import { DynamoWarmUpStore } from '../../functions/adapters/dynamodb/warm-up-store'
import { dynamoClients } from '../../functions/clients'
import { planDigests, type PlanDeps } from '../../functions/core/plan-digest'
import { buildPlanDeps } from '../../functions/digest/deps'
import { TokenBucketPacer } from '../../functions/adapters/pacing/token-bucket'
import { InProcessQueue, type ReceivedMessage } from '../../functions/adapters/queue/in-process-queue'
import type { Delivery, DeliveryBatch, Digest, DigestVariant } from '../../functions/core/digest'
import { ThrottledError } from '../../functions/core/errors'
import { contentText } from '../../functions/core/filled-text'
import {
  type DigestStore,
  type Mailer,
  type OutgoingEmail,
  type SendPacer,
  type SubscriberStore,
} from '../../functions/core/ports'
import { subscriberId, type Subscriber } from '../../functions/core/subscriber'
import { subscriberLinks, unsubscribe } from '../../functions/core/subscriptions'
import { handleSqsEvent } from '../../functions/send/handle-sqs-event'
import { processBatch, type ProcessBatchOptions, type SendDeps } from '../../functions/send/process-batch'
import { drain } from '../support/queue-clock'
import { articleJson, createTestApp, FixedClock } from '../support/test-app'

// A ceiling, not an expectation: these tests wait for runs and queues to finish (real MJML compiles, real
// dynalite and SES emulator), which takes a few seconds on a quiet machine and many times that with both
// cores busy; nothing in them depends on how fast that is.
const DIGEST_TEST_CEILING_MS = 120_000

// ---------------------------------------------------------------------------------------------------------
// Deterministic randomness: every fault decision is a hash of the seed and what it is about (an address
// and its attempt number, a batch and its receive count), so the same run makes the same decisions however
// the concurrent handlers interleave.

const SEED = 20261127
const DAY = 24 * 3600_000

function chance(key: string): number {
  // FNV-1a, then mulberry32's finaliser: a uniform number in [0, 1) per key.
  let hash = 2166136261 ^ SEED
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619)
  let t = (hash + 0x6d2b79f5) | 0
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/** mulberry32: a seeded stream for the backoff jitter. */
function seededRandom(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), state | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// ---------------------------------------------------------------------------------------------------------
// The fault injector. Each handler invocation gets its own wrapped deps; a "crash" throws CrashError and
// kills that invocation's deps, so nothing it does afterwards (not even releasing its claim) reaches the
// store, SES or the pacer, as when a Lambda dies.

class CrashError extends Error {
  override name = 'CrashError'
}

type CrashPoint = 'before-send' | 'after-send' | 'after-mark' | 'after-record'
const CRASH_POINTS: CrashPoint[] = ['before-send', 'after-send', 'after-mark', 'after-record']

interface Faults {
  throttleRate: number
  /** Chance that an invocation crashes (at a random point, at its 1st to 6th occurrence). */
  crashRate: number
  /** Chance that SES accepts a message but the answer is lost (a timeout): the sender sees an error. */
  lostResponseRate: number
  /**
   * Chance that a send outlasts its claim: SES answers only after the claim has run out, and meanwhile
   * another sender has taken the recipient over (and sent).
   */
  slowSendRate?: number
  /** Addresses SES always rejects. */
  rejected?: Set<string>
}

interface Accepted {
  to: string
  subscriberId: string
  messageId: string
  html: string
}

class FaultySendWorld {
  seq = 0
  readonly accepted: Accepted[] = []
  readonly crashes: Record<CrashPoint, number> = {
    'before-send': 0,
    'after-send': 0,
    'after-mark': 0,
    'after-record': 0,
  }
  /** Per subscriber: the moments a message of theirs may have reached SES without the ledger knowing. */
  readonly duplicateWindows = new Map<string, number>()
  lostResponses = 0
  slowSends = 0
  throttled = 0
  readonly warnings: string[] = []
  /**
   * Ledger changes made by invocations that died before their batch's counter write: the counters are
   * short by exactly these.
   */
  readonly uncounted = { sent: 0, skipped: 0 }
  /** Subscriber reads by the senders: id -> [seq at the call, state read]. */
  readonly reads = new Map<string, { seq: number; state: string }[]>()
  private readonly attemptsPerAddress = new Map<string, number>()
  private readonly invocationsPerBatch = new Map<string, number>()
  /** Runs once, when SES has accepted this many messages (the mid-run unsubscribes). */
  private trigger: { after: number; run: () => Promise<void> } | undefined
  /** Plays a slow send: moves the clock past the claim and lets another sender take the recipient over. */
  private slowSend: ((subscriberId: string) => Promise<void>) | undefined

  constructor(
    private readonly base: Omit<SendDeps, 'worker'>,
    private readonly faults: Faults,
  ) {}

  onAccepted(after: number, run: () => Promise<void>): void {
    this.trigger = { after, run }
  }

  onSlowSend(play: (subscriberId: string) => Promise<void>): void {
    this.slowSend = play
  }

  windowAt(subscriberId: string): void {
    this.duplicateWindows.set(subscriberId, (this.duplicateWindows.get(subscriberId) ?? 0) + 1)
  }

  /**
   * The deps one handler invocation runs with, crashing where the dice say; a `faultless` one (the sender
   * that takes a slow send's recipient over) meets no fault but is counted all the same.
   */
  invocation(batch: DeliveryBatch, message: ReceivedMessage, faultless = false): SendDeps {
    const batchKey = `${batch.digestId}:${batch.subscriberIds.join(',')}`
    const ordinal = (this.invocationsPerBatch.get(batchKey) ?? 0) + 1
    this.invocationsPerBatch.set(batchKey, ordinal)
    const key = `${batchKey}:${message.receiveCount}:${ordinal}`
    const point = CRASH_POINTS[Math.floor(chance(`point?${key}`) * CRASH_POINTS.length)]!
    const crash =
      !faultless && chance(`crash?${key}`) < this.faults.crashRate
        ? {
            point,
            // Cursors are recorded once per batch, at its end; the other points come once per recipient.
            occurrence: point === 'after-record' ? 1 : 1 + Math.floor(chance(`when?${key}`) * 6),
          }
        : undefined
    // Ledger changes of this invocation not yet in a counter write.
    const sinceCounted = { sent: 0, skipped: 0 }
    const seen: Record<CrashPoint, number> = {
      'before-send': 0,
      'after-send': 0,
      'after-mark': 0,
      'after-record': 0,
    }
    let dead = false
    const alive = () => {
      if (dead) throw new CrashError('this invocation has crashed')
    }
    /** True when this is the occurrence of `point` at which this invocation dies. */
    const crashesAt = (point: CrashPoint) => {
      seen[point] += 1
      return crash?.point === point && crash.occurrence === seen[point]
    }
    const die = (point: CrashPoint, subscriberId?: string): never => {
      dead = true
      this.crashes[point] += 1
      this.uncounted.sent += sinceCounted.sent
      this.uncounted.skipped += sinceCounted.skipped
      if (point === 'after-send' && subscriberId !== undefined) this.windowAt(subscriberId)
      throw new CrashError(`crashed ${point}`)
    }

    const store = this.base.digests
    const digests: DigestStore = {
      ensureDigest: (d) => (alive(), store.ensureDigest(d)),
      getDigest: (id) => (alive(), store.getDigest(id)),
      listDigests: (o) => (alive(), store.listDigests(o)),
      setDigestState: (id, s, n) => (alive(), store.setDigestState(id, s, n)),
      addCounts: async (id, d) => {
        alive()
        await store.addCounts(id, d)
        alive()
        sinceCounted.sent -= d.sent ?? 0
        sinceCounted.skipped -= d.skipped ?? 0
      },
      putVariant: (v) => (alive(), store.putVariant(v)),
      getVariant: (d, v) => (alive(), store.getVariant(d, v)),
      listVariants: (d) => (alive(), store.listVariants(d)),
      leasePlanning: (id, h, u, n) => (alive(), store.leasePlanning(id, h, u, n)),
      releasePlanning: (id, h) => (alive(), store.releasePlanning(id, h)),
      addDeliveries: (d, k) => (alive(), store.addDeliveries(d, k)),
      getDeliveries: (d, s) => (alive(), store.getDeliveries(d, s)),
      claimDelivery: (d, s, w, u, n) => (alive(), store.claimDelivery(d, s, w, u, n)),
      markSent: async (d, s, w, m, at) => {
        alive()
        // SES has the message and the ledger does not know yet.
        if (crashesAt('after-send')) die('after-send', s)
        const marked = await store.markSent(d, s, w, m, at)
        if (marked) sinceCounted.sent += 1
        // The claim ran out while SES had the message and someone else took the recipient over: they may
        // send again (the warning "after its claim ran out" says so).
        else this.windowAt(s)
        alive()
        if (crashesAt('after-mark')) die('after-mark')
        return marked
      },
      markSkipped: async (d, s, w, r, at) => {
        alive()
        const marked = await store.markSkipped(d, s, w, r, at)
        if (marked) sinceCounted.skipped += 1
        alive()
        return marked
      },
      markFailed: (d, s, w, e, at) => (alive(), store.markFailed(d, s, w, e, at)),
      listDeliveries: (d, o) => (alive(), store.listDeliveries(d, o)),
      recordSkips: (d, s, k) => (alive(), store.recordSkips(d, s, k)),
      listSkips: (d, o) => (alive(), store.listSkips(d, o)),
      lastDigestsAt: (s, c) => (alive(), store.lastDigestsAt(s, c)),
      moveLastDigestAt: async (s, c, at) => {
        alive()
        await store.moveLastDigestAt(s, c, at)
        alive()
        if (crashesAt('after-record')) die('after-record')
      },
    }
    const base = this.base.subscribers
    const subscribers: SubscriberStore = {
      get: (id) => base.get(id),
      create: (subscriber) => base.create(subscriber),
      replace: (subscriber, revision) => base.replace(subscriber, revision),
      erase: (id) => base.erase(id),
      list: (options) => base.list(options),
      counts: () => base.counts(),
      listAudience: (options) => base.listAudience(options),
      getMany: async (ids) => {
        alive()
        const seq = ++this.seq
        const found = await base.getMany(ids)
        for (const id of ids) {
          const reads = this.reads.get(id) ?? []
          reads.push({ seq, state: found.get(id)?.state ?? 'erased' })
          this.reads.set(id, reads)
        }
        alive()
        return found
      },
    }
    const pacer: SendPacer = {
      acquire: async () => {
        alive()
        if (crashesAt('before-send')) die('before-send')
        await this.base.pacer.acquire()
        alive()
      },
    }
    const mailer: Mailer = {
      send: async (email) => {
        alive()
        const attempt = (this.attemptsPerAddress.get(email.to) ?? 0) + 1
        this.attemptsPerAddress.set(email.to, attempt)
        const dice = (what: string, rate = 0) => !faultless && chance(`${what}?${email.to}#${attempt}`) < rate
        if (dice('throttle', this.faults.throttleRate)) {
          this.throttled += 1
          throw new ThrottledError('SES throttled the send: Maximum sending rate exceeded.', 'rate')
        }
        if (this.faults.rejected?.has(email.to)) throw new Error('MessageRejected: Address blacklisted.')
        const result = await this.base.mailer.send(email)
        const id = subscriberId(email.to)
        this.accepted.push({
          to: email.to,
          subscriberId: id,
          messageId: result.messageId,
          html: contentText(email.html),
        })
        if (this.trigger !== undefined && this.accepted.length >= this.trigger.after) {
          const { run } = this.trigger
          this.trigger = undefined
          await run()
        }
        if (dice('slow', this.faults.slowSendRate) && this.slowSend !== undefined) {
          this.slowSends += 1
          await this.slowSend(id)
        } else if (dice('lost', this.faults.lostResponseRate)) {
          this.lostResponses += 1
          this.windowAt(id)
          throw new Error('socket hang up (SES had accepted the message)')
        }
        alive()
        return result
      },
    }
    return { ...this.base, digests, subscribers, pacer, mailer, worker: `test-worker` }
  }

  /** Messages SES accepted, per address. */
  receivedPerAddress(): Map<string, number> {
    const counts = new Map<string, number>()
    for (const { to } of this.accepted) counts.set(to, (counts.get(to) ?? 0) + 1)
    return counts
  }
}

// ---------------------------------------------------------------------------------------------------------
// A digest ready to send: confirmed subscribers, one variant, a planned delivery for each.

const DIGEST: Digest = {
  id: 'daily-2026-11-27',
  cadence: 'daily',
  period: '2026-11-27',
  state: 'sending',
  createdAt: '2026-11-27T08:00:00.000Z',
  updatedAt: '2026-11-27T08:00:00.000Z',
  counts: { planned: 0, sent: 0, failed: 0, skipped: 0 },
}

const VARIANT: DigestVariant = {
  digestId: DIGEST.id,
  id: 'ko-3a7f',
  lang: 'ko',
  subject: '오늘의 분석: 반도체 수출 전망 외 2편',
  html:
    '<p>{{greetingName}}님, 오늘의 분석입니다.</p>' +
    '<p><a href="{{preferencesUrl}}">설정</a> · <a href="{{unsubscribeUrl}}">구독 해지</a></p>',
  text: '{{greetingName}}님, 오늘의 분석입니다.\n\n설정: {{preferencesUrl}}\n구독 해지: {{unsubscribeUrl}}\n',
  articleSlugs: ['semiconductor-exports', 'housing', 'rates'],
}

const confirmedSubscriber = (email: string, index: number): Subscriber => ({
  id: subscriberId(email),
  email,
  name: `독자 ${index}`,
  topics: [],
  cadence: 'daily',
  deliveryHour: 8,
  timezone: 'Asia/Seoul',
  lang: 'ko',
  state: 'confirmed',
  createdAt: '2026-10-01T00:00:00.000Z',
  updatedAt: '2026-10-01T00:00:00.000Z',
  confirmedAt: '2026-10-01T00:00:00.000Z',
  consent: { source: 'form', at: '2026-10-01T00:00:00.000Z' },
  softBounces: 0,
  tokenVersion: 1,
  revision: 1,
})

/**
 * Claims, claim margins and visibility timeouts all run on this clock, which moves only when a test moves
 * it: whether a claim runs out never depends on how fast a busy machine runs the test.
 */
async function plannedDigest(
  count: number,
  domain: string,
  clock = new FixedClock(new Date('2026-11-27T08:00:00.000Z')),
) {
  const digest = DIGEST
  const variant = VARIANT
  const t = await createTestApp()
  const digests = new DynamoDigestStore(t.document, t.tableName)
  const subscribers = Array.from({ length: count }, (_, i) => confirmedSubscriber(`reader${i}@${domain}`, i))
  for (let i = 0; i < subscribers.length; i += 25) {
    await Promise.all(subscribers.slice(i, i + 25).map((s) => t.deps.subscribers.create(s)))
  }
  await digests.ensureDigest(digest)
  await digests.putVariant(variant)
  await digests.addDeliveries(
    subscribers.map((s) => ({
      digestId: digest.id,
      subscriberId: s.id,
      variantId: variant.id,
      state: 'planned',
      attempts: 0,
    })),
    new Date('2027-05-26T08:00:00.000Z'),
  )
  await digests.addCounts(digest.id, { planned: subscribers.length })
  const batches: DeliveryBatch[] = []
  for (let i = 0; i < subscribers.length; i += 25) {
    batches.push({
      digestId: digest.id,
      variantId: variant.id,
      subscriberIds: subscribers.slice(i, i + 25).map((s) => s.id),
    })
  }
  const base: Omit<SendDeps, 'worker'> = {
    digests,
    subscribers: t.deps.subscribers,
    mailer: t.deps.mailer,
    pacer: new TokenBucketPacer({ ratePerSecond: 2_000, burst: 100 }),
    clock,
    publication: t.deps.publication,
    tokenSecret: t.deps.tokenSecret,
  }
  return { t, digests, subscribers, batches, base, clock }
}

async function allDeliveries(store: DigestStore, digestId: string): Promise<Delivery[]> {
  const all: Delivery[] = []
  let cursor: string | undefined
  do {
    const page = await store.listDeliveries(digestId, { limit: 100, ...(cursor !== undefined && { cursor }) })
    all.push(...page.items)
    cursor = page.cursor
  } while (cursor !== undefined)
  return all
}

interface StoredEmail {
  messageId: string
  destination: { to: string[] }
  subject: string
  at: number
}

async function sesEmulatorMessages(domain: string): Promise<StoredEmail[]> {
  const store = (await (await fetch(`${inject('sesEndpoint')}/store`)).json()) as { emails: StoredEmail[] }
  return store.emails.filter((email) => email.destination.to.some((to) => to.endsWith(`@${domain}`)))
}

const quiet = () => undefined

// ---------------------------------------------------------------------------------------------------------

describe('digest delivery under faults', { timeout: DIGEST_TEST_CEILING_MS }, () => {
  it('reaches every eligible subscriber once (twice only where SES took a message the ledger had not recorded), nobody who left, with counts that add up', async () => {
    // Prepare
    const domain = 'faults.pressroom.test'
    const { t, digests, subscribers, batches, base, clock } = await plannedDigest(200, domain)
    const world = new FaultySendWorld(base, {
      throttleRate: 0.2,
      crashRate: 0.3,
      lostResponseRate: 0.02,
      slowSendRate: 0.02,
    })
    const unexpected: unknown[] = []
    // As on AWS: a message comes back only after the claims its handler took have run out.
    const claimDurationMs = 5 * 60_000
    const queue = new InProcessQueue({
      visibilityTimeoutMs: claimDurationMs + 60_000,
      maxReceiveCount: 20,
      concurrency: 4,
      now: () => clock.now().getTime(),
      onError: (error) => {
        if (!(error instanceof CrashError)) unexpected.push(error)
      },
    })
    const options: ProcessBatchOptions = {
      claimDurationMs,
      claimMarginMs: 60_000,
      random: seededRandom(SEED),
      // The backoff is computed as ever; waiting it out would only make the test slower.
      sleep: () => new Promise((resolve) => setImmediate(resolve)),
      warn: (message) => world.warnings.push(message),
    }
    // (e) A send outlasts its claim: SES answers after the claim ran out, and meanwhile another sender has
    // taken the recipient over and sent it too (the README's third way to receive a digest twice).
    world.onSlowSend(async (id) => {
      clock.advance(claimDurationMs + 1) // a claim is live up to and including its last millisecond
      const rival = { digestId: DIGEST.id, variantId: VARIANT.id, subscriberIds: [id] }
      await processBatch(
        world.invocation(rival, { messageId: 'rival', receiveCount: 1 }, true),
        rival,
        options,
      )
    })
    // (d) After SES has accepted 60 messages, 15 subscribers not yet reached unsubscribe (one-click).
    const leavers = new Map<string, number>()
    world.onAccepted(60, async () => {
      try {
        const waiting = (await allDeliveries(digests, DIGEST.id)).filter((d) => d.state === 'planned')
        const chosen = waiting
          .map((d) => d.subscriberId)
          .sort((a, b) => chance(`leave?${a}`) - chance(`leave?${b}`))
          .slice(0, 15)
        await Promise.all(
          chosen.map(async (id) => {
            const subscriber = subscribers.find((s) => s.id === id)!
            const { unsubscribeUrl } = subscriberLinks(t.deps, subscriber)
            const token = new URL(unsubscribeUrl).searchParams.get('token')!
            expect(await unsubscribe(t.deps, token)).toMatchObject({ outcome: 'done' })
            leavers.set(id, ++world.seq)
          }),
        )
      } catch (error) {
        unexpected.push(error)
      }
    })
    queue.start((batch, message) => processBatch(world.invocation(batch, message), batch, options))

    // Act: (c) every batch is on the queue twice.
    const started = Date.now()
    await queue.send(batches)
    await queue.send(batches)
    await drain(queue, clock)
    await queue.stop()
    const elapsed = Date.now() - started

    // Assess
    expect(unexpected).toEqual([])
    expect(queue.deadLetters().map((d) => `${d.batch.subscriberIds.length} ${d.lastError}`)).toEqual([])
    expect(world.throttled).toBeGreaterThan(20)
    expect(Object.values(world.crashes).every((n) => n > 0)).toBe(true)
    expect(world.slowSends).toBeGreaterThan(0)
    expect(leavers.size).toBe(15)

    const received = world.receivedPerAddress()
    const ledger = await allDeliveries(digests, DIGEST.id)
    const byId = new Map(ledger.map((d) => [d.subscriberId, d]))

    // Everyone who stayed got it; the ledger says sent, with the message id SES gave.
    for (const subscriber of subscribers.filter((s) => !leavers.has(s.id))) {
      expect(received.get(subscriber.email) ?? 0, subscriber.email).toBeGreaterThanOrEqual(1)
      const delivery = byId.get(subscriber.id)!
      expect(delivery.state).toBe('sent')
      expect(world.accepted.some((a) => a.messageId === delivery.messageId)).toBe(true)
    }

    // Nobody got it after they had left: every message to a leaver follows a read that found them confirmed
    // before the unsubscribe was written.
    for (const [id, leftAt] of leavers) {
      const email = subscribers.find((s) => s.id === id)!.email
      const confirmedReads = (world.reads.get(id) ?? []).filter(
        (r) => r.state === 'confirmed' && r.seq < leftAt,
      )
      const messages = world.accepted.filter((a) => a.to === email)
      expect(messages.length <= confirmedReads.length, email).toBe(true)
      if (byId.get(id)!.state === 'skipped') {
        // Skipped, yet reached: only when a crash after SES accepted left the ledger unaware.
        expect(messages.length).toBeLessThanOrEqual(world.duplicateWindows.get(id) ?? 0)
      }
    }
    const skipped = ledger.filter((d) => d.state === 'skipped')
    expect(skipped.length).toBeGreaterThan(0)
    expect(skipped.every((d) => leavers.has(d.subscriberId))).toBe(true)
    expect(skipped.every((d) => d.lastError === 'subscriber unsubscribed before sending')).toBe(true)

    // Duplicates only where a message may have reached SES without the ledger knowing (the README's three
    // ways: a crash after SES accepted, a lost answer, a send that outlasted its claim), at most one per
    // window, for each address and in total.
    const windows =
      world.crashes['after-send'] +
      world.lostResponses +
      world.warnings.filter((w) => w.includes('claim ran out')).length
    expect([...world.duplicateWindows.values()].reduce((a, b) => a + b, 0)).toBe(windows)
    let duplicates = 0
    for (const [to, count] of received) {
      const extra = count - (byId.get(subscriberId(to))?.state === 'sent' ? 1 : 0)
      if (extra > 0) {
        duplicates += extra
        expect(extra, to).toBeLessThanOrEqual(world.duplicateWindows.get(subscriberId(to)) ?? 0)
      }
    }
    expect(duplicates).toBeLessThanOrEqual(windows)
    expect(world.warnings.filter((w) => w.includes('claim ran out'))).toHaveLength(world.slowSends)

    // The SES emulator saw exactly what the mailer reported accepted.
    const emulator = await sesEmulatorMessages(domain)
    expect(emulator.map((e) => e.messageId).sort()).toEqual(world.accepted.map((a) => a.messageId).sort())
    expect(emulator.every((e) => e.subject === VARIANT.subject)).toBe(true)

    // Ledger and counters: every planned recipient is sent or skipped; the counters agree with the ledger,
    // short exactly by what invocations did before they died ahead of their batch's counter write.
    const sent = ledger.filter((d) => d.state === 'sent').length
    expect(sent + skipped.length).toBe(200)
    const { counts } = (await digests.getDigest(DIGEST.id))!
    expect(counts.planned).toBe(200)
    expect(counts.sent).toBe(sent - world.uncounted.sent)
    expect(counts.skipped).toBe(skipped.length - world.uncounted.skipped)
    expect(world.uncounted.sent).toBeGreaterThan(0)
    const crashes = Object.values(world.crashes).reduce((a, b) => a + b, 0)
    expect(counts.failed).toBeGreaterThanOrEqual(0)
    expect(counts.failed).toBeLessThanOrEqual(crashes)

    // Each recipient's next digest starts where this one's articles ended.
    const sentIds = ledger.filter((d) => d.state === 'sent').map((d) => d.subscriberId)
    const cursors = await digests.lastDigestsAt(sentIds, 'daily')
    expect(sentIds.every((id) => cursors.get(id) === DIGEST.createdAt)).toBe(true)

    // Every message is personal: its own unsubscribe link, no placeholder left.
    const one = world.accepted.find((a) => a.to === subscribers[7]!.email)!
    // Its links name this digest, so leaving through them counts against it (delivery figures).
    const links = subscriberLinks(t.deps, subscribers[7]!, { digestId: DIGEST.id })
    expect(one.html).toContain(links.unsubscribeUrl.replace(/&/g, '&amp;'))
    expect(one.html).toContain('독자 7님')
    expect(world.accepted.every((a) => !a.html.includes('{{'))).toBe(true)

    console.info(
      `digest delivery: ${world.accepted.length} accepted for ${sent} sent + ${skipped.length} skipped; ` +
        `${world.throttled} throttled; crashes ${JSON.stringify(world.crashes)}; ` +
        `${world.lostResponses} lost responses; ${world.slowSends} slow sends; ${duplicates} duplicates; ` +
        `${elapsed} ms`,
    )
    // A generous ceiling: the test waits for the queue to empty, and nothing in it depends on speed.
  }, 180_000)

  it('dead-letters a batch that always fails, and only the recipients that cannot be sent', async () => {
    // Prepare
    const domain = 'dlq.pressroom.test'
    const { digests, subscribers, batches, base } = await plannedDigest(30, domain)
    const poisoned = subscribers[3]!
    const world = new FaultySendWorld(base, {
      throttleRate: 0,
      crashRate: 0,
      lostResponseRate: 0,
      rejected: new Set([poisoned.email]),
    })
    const queue = new InProcessQueue({ visibilityTimeoutMs: 20, maxReceiveCount: 3, onError: quiet })
    queue.start((batch, message) =>
      processBatch(world.invocation(batch, message), batch, { warn: quiet, claimDurationMs: 1_000 }),
    )
    const noDigest: DeliveryBatch = { ...batches[1]!, digestId: 'no-such-digest' }

    // Act
    await queue.send([batches[0]!, noDigest])
    await queue.idle()
    await queue.stop()

    // Assess
    const dead = queue.deadLetters()
    expect(dead).toHaveLength(2)
    expect(dead.find((d) => d.batch.digestId === DIGEST.id)).toMatchObject({
      batch: { subscriberIds: [poisoned.id] },
      receiveCount: 3,
    })
    expect(dead.find((d) => d.batch.digestId === 'no-such-digest')).toMatchObject({
      batch: { subscriberIds: noDigest.subscriberIds },
      receiveCount: 3,
      lastError: 'Error: Digest no-such-digest does not exist',
    })
    const ledger = await allDeliveries(digests, DIGEST.id)
    expect(ledger.find((d) => d.subscriberId === poisoned.id)).toMatchObject({
      state: 'failed',
      attempts: 3,
      lastError: 'Error: MessageRejected: Address blacklisted.',
    })
    const received = world.receivedPerAddress()
    expect([...received.keys()].sort()).toEqual(
      subscribers
        .slice(0, 25)
        .filter((s) => s !== poisoned)
        .map((s) => s.email)
        .sort(),
    )
    expect((await digests.getDigest(DIGEST.id))!.counts).toEqual({
      planned: 30,
      sent: 24,
      failed: 1,
      skipped: 0,
    })
  })
})

describe('a digest email', { timeout: DIGEST_TEST_CEILING_MS }, () => {
  let sent: { deps: SendDeps; outboxDir: string; subscriber: Subscriber; digests: DigestStore }
  beforeAll(async () => {
    const { t, digests, subscribers, base } = await plannedDigest(1, 'headers.pressroom.test')
    // A clock that stands still, so the links signed for the assertion equal the ones in the email.
    sent = {
      deps: { ...base, clock: new FixedClock(), worker: 'w' },
      outboxDir: t.outboxDir,
      subscriber: subscribers[0]!,
      digests,
    }
  })

  it('carries its own one-click unsubscribe link, the list headers and both parts', async () => {
    const { deps, subscriber } = sent
    await processBatch(
      deps,
      { digestId: DIGEST.id, variantId: VARIANT.id, subscriberIds: [subscriber.id] },
      { listUnsubscribeMailto: 'unsubscribe@news.example.com' },
    )

    const [file, ...others] = await readdir(sent.outboxDir)
    expect(others).toEqual([])
    const mail = await simpleParser(await readFile(join(sent.outboxDir, file!)))
    const links = subscriberLinks(deps, subscriber, { digestId: DIGEST.id })
    expect(mail.subject).toBe(VARIANT.subject)
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line.replace(/\r\n\s+/g, ' ')).toBe(
      `List-Unsubscribe: <${links.unsubscribeUrl}>, <mailto:unsubscribe@news.example.com>`,
    )
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    )
    expect(mail.headerLines.find((h) => h.key === 'list-id')?.line).toBe(
      'List-ID: "Pressroom Test" <digest.news.example.com>',
    )
    expect(mail.text).toContain(`구독 해지: ${links.unsubscribeUrl}`)
    expect(mail.text).toContain(`설정: ${links.preferencesUrl}`)
    expect(mail.html).toContain('독자 0님')
    expect((await sent.digests.getDeliveries(DIGEST.id, [subscriber.id])).get(subscriber.id)).toMatchObject({
      state: 'sent',
    })
  })
})

describe('the send Lambda handler', { timeout: DIGEST_TEST_CEILING_MS }, () => {
  const record = (messageId: string, body: unknown): SQSRecord =>
    ({ messageId, body: typeof body === 'string' ? body : JSON.stringify(body) }) as SQSRecord

  it('reports a delivery whose every message failed as failures, rather than throwing', async () => {
    // Prepare
    const { base } = await plannedDigest(1, 'all-failed.pressroom.test')
    const event = {
      Records: [record('m-1', '{"digestId": 42'), record('m-2', { hello: 'world' })],
    } as SQSEvent

    // Act
    const response = await handleSqsEvent({ ...base, worker: 'all-failed' }, event, { warn: quiet })

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }, { itemIdentifier: 'm-2' }] })
  })

  it('reports as failed the messages that threw, could not be read, or left recipients to retry', async () => {
    // Prepare
    const { subscribers, batches, base } = await plannedDigest(6, 'lambda.pressroom.test')
    const throttledFor = subscribers[4]!.email
    const deps: SendDeps = {
      ...base,
      worker: 'lambda-test',
      mailer: {
        send: async (email: OutgoingEmail) => {
          if (email.to === throttledFor)
            throw new ThrottledError('Daily message quota exceeded.', 'daily-quota')
          return base.mailer.send(email)
        },
      },
    }
    const ids = batches[0]!.subscriberIds
    const event = {
      Records: [
        record('m-ok', { ...batches[0]!, subscriberIds: ids.slice(0, 3) }),
        record('m-garbled', '{"digestId": 42'),
        record('m-not-a-batch', { hello: 'world' }),
        record('m-throttled', { ...batches[0]!, subscriberIds: ids.slice(3) }),
        record('m-no-digest', { ...batches[0]!, digestId: 'nope' }),
      ],
    } as SQSEvent

    // Act
    const response = await handleSqsEvent(deps, event, { warn: quiet })

    // Assess
    expect(response).toEqual({
      batchItemFailures: [
        { itemIdentifier: 'm-garbled' },
        { itemIdentifier: 'm-not-a-batch' },
        { itemIdentifier: 'm-throttled' },
        { itemIdentifier: 'm-no-digest' },
      ],
    })
    // The redelivered message costs the recipients already sent one conditional write each, and sends nothing.
    const again = await handleSqsEvent(deps, { Records: [event.Records[0]!] } as SQSEvent, { warn: quiet })
    expect(again).toEqual({ batchItemFailures: [] })
  })
})

describe('a warm-up under faults', { timeout: DIGEST_TEST_CEILING_MS }, () => {
  it('keeps each day under its cap through a planner crash and crashing senders, oldest first, reaching everyone once but for the ledger’s duplicate windows', async () => {
    // Prepare: a Seoul publication warming up at 40 messages on its first day and 80 on its second; an
    // article at 08:00 and 100 readers due at 09:00, who confirmed in an order the dice chose.
    const domain = 'warm-faults.pressroom.test'
    const clock = new FixedClock(new Date('2026-11-26T23:00:00.000Z'))
    const t = await createTestApp({
      clock,
      publication: { timeZone: 'Asia/Seoul' },
      env: { WARMUP_SCHEDULE: '2026-11-27:40,80' },
    })
    await t.admin('/api/articles', { method: 'POST', body: articleJson() })
    const readers = Array.from({ length: 100 }, (_, i) => {
      const joined = Date.parse('2026-01-01T00:00:00.000Z') + Math.floor(chance(`joined?${i}`) * 300) * DAY
      const confirmedAt = new Date(joined + i * 1000).toISOString()
      return { ...confirmedSubscriber(`reader${i}@${domain}`, i), deliveryHour: 9, confirmedAt }
    })
    for (let i = 0; i < readers.length; i += 25) {
      await Promise.all(readers.slice(i, i + 25).map((s) => t.deps.subscribers.create(s)))
    }
    const oldestFirst = [...readers].sort((a, b) => (a.confirmedAt < b.confirmedAt ? -1 : 1))
    const digests = new DynamoDigestStore(t.document, t.tableName)
    const claimDurationMs = 5 * 60_000
    const unexpected: unknown[] = []
    const queue = new InProcessQueue({
      visibilityTimeoutMs: claimDurationMs + 60_000,
      maxReceiveCount: 20,
      concurrency: 4,
      now: () => clock.now().getTime(),
      onError: (error) => {
        if (!(error instanceof CrashError)) unexpected.push(error)
      },
    })
    const world = new FaultySendWorld(
      {
        digests,
        subscribers: t.deps.subscribers,
        mailer: t.deps.mailer,
        pacer: new TokenBucketPacer({ ratePerSecond: 2_000, burst: 100 }),
        clock,
        publication: t.deps.publication,
        tokenSecret: t.deps.tokenSecret,
      },
      { throttleRate: 0.2, crashRate: 0.3, lostResponseRate: 0.02 },
    )
    const options: ProcessBatchOptions = {
      claimDurationMs,
      claimMarginMs: 60_000,
      random: seededRandom(SEED),
      sleep: () => new Promise((resolve) => setImmediate(resolve)),
      warn: (message) => world.warnings.push(message),
    }
    queue.start((batch, message) => processBatch(world.invocation(batch, message), batch, options))
    const plan = buildPlanDeps(t.config, {
      clients: { dynamo: dynamoClients(t.config) },
      overrides: { clock, queue },
    })
    // The first run dies once its deliveries are in the ledger, before it crosses anyone off the queue or
    // hands a batch to the sender.
    let plannerCrashes = 0
    const store = plan.warmUp!.store
    const crashingPlan: PlanDeps = {
      ...plan,
      warmUp: {
        ...plan.warmUp!,
        store: Object.assign(Object.create(store) as typeof store, {
          drop: async (...args: Parameters<typeof store.drop>) => {
            if (plannerCrashes++ === 0) throw new CrashError('planner crashed before crossing anyone off')
            return store.drop(...args)
          },
        }),
      },
    }

    // Act: day one at 09:00 (the run dies), its retry half an hour later, and day two's first run.
    clock.current = new Date('2026-11-27T00:00:00.000Z')
    await expect(planDigests(crashingPlan, { cadence: 'daily' })).rejects.toThrow(CrashError)
    clock.advance(30 * 60_000)
    const retry = await planDigests(crashingPlan, { cadence: 'daily' })
    await drain(queue, clock)
    const dayOne = world.receivedPerAddress()
    clock.current = new Date(Math.max(clock.current.getTime(), Date.parse('2026-11-27T15:00:00.000Z')))
    const dayTwo = await planDigests(crashingPlan, { cadence: 'daily' })
    await drain(queue, clock)
    await queue.stop()

    // Assess
    expect(unexpected).toEqual([])
    expect(queue.deadLetters()).toEqual([])
    expect(plannerCrashes).toBeGreaterThan(1)
    expect(Object.values(world.crashes).reduce((a, b) => a + b, 0)).toBeGreaterThan(0)
    // The retry added nobody to day one (its cap was reserved before the crash) but queued the crashed
    // run's recipients again from the ledger.
    expect(retry).toMatchObject({ planned: 0, requeued: 40, warmUp: { plannedToday: 40, waiting: 60 } })
    expect(dayTwo).toMatchObject({ planned: 60, warmUp: { cap: 80, plannedToday: 60, waiting: 0 } })
    // Day one's digest went to the 40 oldest, day two's to the other 60; each ledger entry is sent.
    const ledgerOne = await allDeliveries(digests, 'daily-2026-11-27')
    const ledgerTwo = await allDeliveries(digests, 'daily-2026-11-28')
    expect(ledgerOne.map((d) => d.subscriberId).sort()).toEqual(
      oldestFirst
        .slice(0, 40)
        .map((s) => s.id)
        .sort(),
    )
    expect(ledgerTwo.map((d) => d.subscriberId).sort()).toEqual(
      oldestFirst
        .slice(40)
        .map((s) => s.id)
        .sort(),
    )
    expect([...ledgerOne, ...ledgerTwo].every((d) => d.state === 'sent')).toBe(true)
    // SES took each day no more than its cap of recipients, and each reader once, except where a message
    // may have reached SES without the ledger knowing (at most one more per such window).
    expect(dayOne.size).toBe(40)
    const received = world.receivedPerAddress()
    expect(received.size).toBe(100)
    let duplicates = 0
    for (const [to, count] of received) {
      const extra = count - 1
      expect(extra, to).toBeLessThanOrEqual(world.duplicateWindows.get(subscriberId(to)) ?? 0)
      duplicates += extra
    }
    const warmUp = new DynamoWarmUpStore(t.document, t.tableName)
    expect([await warmUp.plannedOn('2026-11-27'), await warmUp.plannedOn('2026-11-28')]).toEqual([40, 60])
    console.info(
      `warm-up under faults: day 1 cap 40 -> ${dayOne.size} readers, day 2 cap 80 -> ` +
        `${received.size - dayOne.size} readers; ${world.accepted.length} accepted, ${duplicates} duplicates ` +
        `(${[...world.duplicateWindows.values()].reduce((a, b) => a + b, 0)} windows); planner crashes 1; ` +
        `sender crashes ${JSON.stringify(world.crashes)}`,
    )
  }, 180_000)
})
