import { randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { TTL_ATTRIBUTE } from '../../functions/adapters/dynamodb/table-schema'
import { DynamoDigestStore, VariantTooLargeError } from '../../functions/adapters/dynamodb/digest-store'
import type { Delivery, Digest, DigestVariant } from '../../functions/core/digest'
import { createTestApp } from '../support/test-app'

const at = (iso: string) => new Date(`2026-11-27T${iso}Z`)

const digest = (overrides: Partial<Digest> = {}): Digest => ({
  id: 'daily-2026-11-27',
  cadence: 'daily',
  period: '2026-11-27',
  state: 'planning',
  createdAt: '2026-11-27T08:00:00.000Z',
  updatedAt: '2026-11-27T08:00:00.000Z',
  counts: { planned: 0, sent: 0, failed: 0, skipped: 0 },
  ...overrides,
})

const variant = (overrides: Partial<DigestVariant> = {}): DigestVariant => ({
  digestId: 'daily-2026-11-27',
  id: 'ko-abc123',
  lang: 'ko',
  subject: '오늘의 분석 3편',
  html: '<p>{{greetingName}}님, 안녕하세요</p><a href="{{unsubscribeUrl}}">구독 해지</a>',
  text: '{{greetingName}}님, 안녕하세요\n구독 해지: {{unsubscribeUrl}}\n',
  articleSlugs: ['a', 'b', 'c'],
  ...overrides,
})

// When the ledger entries of these tests may be deleted (DynamoDB TTL).
const KEEP = new Date('2027-05-26T08:00:00.000Z')

const planned = (subscriberId: string, digestId = 'daily-2026-11-27'): Delivery => ({
  digestId,
  subscriberId,
  variantId: 'ko-abc123',
  state: 'planned',
  attempts: 0,
})

describe('DynamoDigestStore', () => {
  let store: DynamoDigestStore
  let t: Awaited<ReturnType<typeof createTestApp>>
  const deliveryOf = async (digestId: string, subscriberId: string) =>
    (await store.getDeliveries(digestId, [subscriberId])).get(subscriberId)
  beforeAll(async () => {
    t = await createTestApp()
    store = new DynamoDigestStore(t.document, t.tableName)
  })

  describe('digests', () => {
    it('creates a digest once and returns the stored one when planned again', async () => {
      const first = await store.ensureDigest(digest({ id: 'd-ensure' }))
      await store.addCounts('d-ensure', { planned: 5 })

      const again = await store.ensureDigest(
        digest({ id: 'd-ensure', createdAt: '2030-01-01T00:00:00.000Z' }),
      )

      expect(first.counts.planned).toBe(0)
      expect(again).toMatchObject({ id: 'd-ensure', createdAt: '2026-11-27T08:00:00.000Z' })
      expect(again.counts).toEqual({ planned: 5, sent: 0, failed: 0, skipped: 0 })
    })

    it('adds to counters atomically, many at once, and refuses a digest that does not exist', async () => {
      await store.ensureDigest(digest({ id: 'd-counts' }))

      await Promise.all(Array.from({ length: 20 }, () => store.addCounts('d-counts', { sent: 1, failed: 1 })))
      await store.addCounts('d-counts', { failed: -20, skipped: 2 })

      expect((await store.getDigest('d-counts'))?.counts).toEqual({
        planned: 0,
        sent: 20,
        failed: 0,
        skipped: 2,
      })
      await expect(store.addCounts('d-missing', { sent: 1 })).rejects.toMatchObject({ name: 'NotFoundError' })
      expect(await store.getDigest('d-missing')).toBeUndefined()
    })

    it('changes state and lists digests newest first, page by page', async () => {
      const t = await createTestApp()
      const own = new DynamoDigestStore(t.document, t.tableName)
      for (const day of ['25', '27', '26']) {
        await own.ensureDigest(
          digest({ id: `daily-2026-11-${day}`, createdAt: `2026-11-${day}T08:00:00.000Z` }),
        )
      }
      await own.setDigestState('daily-2026-11-27', 'sending', at('08:01:00.000'))

      const first = await own.listDigests({ limit: 2 })
      const second = await own.listDigests({ limit: 2, cursor: first.cursor! })

      expect(first.items.map((d) => d.id)).toEqual(['daily-2026-11-27', 'daily-2026-11-26'])
      expect(first.items[0]).toMatchObject({ state: 'sending', updatedAt: '2026-11-27T08:01:00.000Z' })
      expect(second.items.map((d) => d.id)).toEqual(['daily-2026-11-25'])
      await expect(own.setDigestState('nope', 'done', new Date())).rejects.toMatchObject({
        name: 'NotFoundError',
      })
    })
  })

  describe('variants', () => {
    it('stores a variant once (the first write wins) and reads it back whole', async () => {
      await store.putVariant(variant({ digestId: 'd-var' }))
      await store.putVariant(variant({ digestId: 'd-var', subject: 'changed' }))
      await store.putVariant(
        variant({ digestId: 'd-var', id: 'en-def456', lang: 'en', subject: 'Three reads' }),
      )

      expect(await store.getVariant('d-var', 'ko-abc123')).toEqual(variant({ digestId: 'd-var' }))
      expect((await store.listVariants('d-var')).map((v) => v.id).sort()).toEqual(['en-def456', 'ko-abc123'])
      expect(await store.getVariant('d-var', 'missing')).toBeUndefined()
    })

    it('keeps a large digest (about 1 MB of HTML) under the item limit by compressing it', async () => {
      const card = '<tr><td style="padding:16px">반도체 수출 회복과 내수 부진의 갈림길 — 분석</td></tr>\n'
      const html = `${card.repeat(Math.ceil(1_000_000 / Buffer.byteLength(card)))}{{unsubscribeUrl}}`

      await store.putVariant(variant({ digestId: 'd-large', html }))

      expect((await store.getVariant('d-large', 'ko-abc123'))?.html).toBe(html)
    })

    it('keeps the web version of a digest whose email was cut to its size budget, compressed beside it', async () => {
      const card = '<tr><td style="padding:16px">반도체 수출 회복과 내수 부진의 갈림길 — 분석</td></tr>\n'
      const webHtml = card.repeat(Math.ceil(1_000_000 / Buffer.byteLength(card)))

      await store.putVariant(variant({ digestId: 'd-web', webHtml }))

      const stored = await store.getVariant('d-web', 'ko-abc123')
      expect(stored?.webHtml).toBe(webHtml)
      expect(stored?.html).toBe(variant({}).html)
    })

    it('refuses, with a clear error, a variant that does not fit even compressed', async () => {
      const noise = randomBytes(450 * 1024).toString('base64')

      const error = await store
        .putVariant(variant({ digestId: 'd-huge', html: noise }))
        .catch((e: unknown) => e)

      expect(error).toBeInstanceOf(VariantTooLargeError)
      expect((error as Error).message).toMatch(/KB even compressed; a DynamoDB item holds at most 400 KB/)
      expect(await store.getVariant('d-huge', 'ko-abc123')).toBeUndefined()
    })
  })

  describe('the delivery ledger', () => {
    it('adds planned deliveries in batches and reads them back', async () => {
      const many = Array.from({ length: 60 }, (_, i) => planned(`s-plan-${i}`, 'd-plan'))
      await store.addDeliveries(many, KEEP)
      expect(await deliveryOf('d-plan', 's-plan-59')).toEqual(planned('s-plan-59', 'd-plan'))
      // Each entry carries its expiry for DynamoDB's TTL, in seconds since the epoch.
      const { Item } = await t.document.send(
        new GetCommand({ TableName: t.tableName, Key: { PK: 'DIGEST#d-plan', SK: 'DELIVERY#s-plan-0' } }),
      )
      expect(Item?.[TTL_ATTRIBUTE]).toBe(KEEP.getTime() / 1000)
      expect((await store.listDeliveries('d-plan', { limit: 100 })).items).toHaveLength(60)
    })

    it('lets one planning run at a time add deliveries to a digest, until its lease runs out', async () => {
      await store.ensureDigest(digest({ id: 'd-lease' }))
      const leases = await Promise.all(
        ['run-a', 'run-b'].map((run) =>
          store.leasePlanning('d-lease', run, at('08:01:00.000'), at('08:00:00.000')),
        ),
      )
      expect(leases.filter(Boolean)).toHaveLength(1)
      const [winner, loser] = leases[0] ? ['run-a', 'run-b'] : ['run-b', 'run-a']
      // The holder renews; the other waits for the end of the lease or its release.
      expect(await store.leasePlanning('d-lease', winner!, at('08:02:00.000'), at('08:00:30.000'))).toBe(true)
      expect(await store.leasePlanning('d-lease', loser!, at('08:02:00.000'), at('08:01:30.000'))).toBe(false)
      expect(await store.leasePlanning('d-lease', loser!, at('08:03:00.000'), at('08:02:00.001'))).toBe(true)
      await store.releasePlanning('d-lease', winner!) // no longer its lease: changes nothing
      expect(await store.leasePlanning('d-lease', winner!, at('08:03:00.000'), at('08:02:30.000'))).toBe(
        false,
      )
      await store.releasePlanning('d-lease', loser!)
      expect(await store.leasePlanning('d-lease', winner!, at('08:04:00.000'), at('08:02:31.000'))).toBe(true)
      // No lease on a digest that does not exist.
      expect(await store.leasePlanning('d-none', winner!, at('08:04:00.000'), at('08:02:31.000'))).toBe(false)
    })

    it('lets one worker claim a planned delivery, and no one else while the claim lives', async () => {
      await store.addDeliveries([planned('s-claim', 'd-claim')], KEEP)

      const [a, b] = await Promise.all([
        store.claimDelivery('d-claim', 's-claim', 'worker-a', at('08:05:00.000'), at('08:00:00.000')),
        store.claimDelivery('d-claim', 's-claim', 'worker-b', at('08:05:00.000'), at('08:00:00.000')),
      ])
      const again = await store.claimDelivery(
        'd-claim',
        's-claim',
        'worker-c',
        at('08:09:00.000'),
        at('08:04:59.999'),
      )

      const winners = [a, b].filter((claim) => claim !== undefined)
      expect(winners).toHaveLength(1)
      expect(winners[0]).toMatchObject({
        state: 'claimed',
        claimedUntil: '2026-11-27T08:05:00.000Z',
        attempts: 1,
        variantId: 'ko-abc123',
      })
      expect(again).toBeUndefined()
    })

    it('lets another worker take over an expired claim, and then the first one can no longer mark it', async () => {
      await store.addDeliveries([planned('s-expire', 'd-expire')], KEEP)
      await store.claimDelivery('d-expire', 's-expire', 'worker-a', at('08:05:00.000'), at('08:00:00.000'))

      const takeover = await store.claimDelivery(
        'd-expire',
        's-expire',
        'worker-b',
        at('08:10:00.000'),
        at('08:05:00.001'),
      )
      const lateA = await store.markSent('d-expire', 's-expire', 'worker-a', 'ses-1', at('08:05:01.000'))
      const b = await store.markSent('d-expire', 's-expire', 'worker-b', 'ses-2', at('08:05:02.000'))

      expect(takeover).toMatchObject({ claimedBy: 'worker-b', attempts: 2 })
      expect(lateA).toBe(false)
      expect(b).toBe(true)
      const stored = await deliveryOf('d-expire', 's-expire')
      expect(stored).toEqual({
        ...planned('s-expire', 'd-expire'),
        state: 'sent',
        attempts: 2,
        messageId: 'ses-2',
        sentAt: '2026-11-27T08:05:02.000Z',
        updatedAt: '2026-11-27T08:05:02.000Z',
      })
    })

    it('never lets a sent or skipped delivery be claimed again', async () => {
      for (const [id, finish] of [
        ['s-sent', (w: string) => store.markSent('d-final', 's-sent', w, 'ses-1', at('08:00:01.000'))],
        [
          's-skip',
          (w: string) => store.markSkipped('d-final', 's-skip', w, 'unsubscribed', at('08:00:01.000')),
        ],
      ] as const) {
        await store.addDeliveries([planned(id, 'd-final')], KEEP)
        await store.claimDelivery('d-final', id, 'w', at('08:05:00.000'), at('08:00:00.000'))
        expect(await finish('w')).toBe(true)

        expect(
          await store.claimDelivery('d-final', id, 'x', at('09:05:00.000'), at('09:00:00.000')),
        ).toBeUndefined()
        expect(await finish('w')).toBe(false)
      }
      expect(await deliveryOf('d-final', 's-skip')).toMatchObject({
        state: 'skipped',
        lastError: 'unsubscribed',
      })
    })

    it('releases a failed delivery for a retry, keeping the error', async () => {
      await store.addDeliveries([planned('s-fail', 'd-fail')], KEEP)
      await store.claimDelivery('d-fail', 's-fail', 'w1', at('08:05:00.000'), at('08:00:00.000'))

      expect(await store.markFailed('d-fail', 's-fail', 'someone-else', 'nope', at('08:00:01.000'))).toBe(
        false,
      )
      expect(
        await store.markFailed('d-fail', 's-fail', 'w1', 'ThrottledError: slow down', at('08:00:01.000')),
      ).toBe(true)
      const failed = await deliveryOf('d-fail', 's-fail')
      const retry = await store.claimDelivery(
        'd-fail',
        's-fail',
        'w2',
        at('08:06:00.000'),
        at('08:01:00.000'),
      )

      expect(failed).toMatchObject({ state: 'failed', lastError: 'ThrottledError: slow down' })
      expect(failed?.claimedBy).toBeUndefined()
      expect(retry).toMatchObject({
        state: 'claimed',
        claimedBy: 'w2',
        attempts: 2,
        lastError: 'ThrottledError: slow down',
      })
    })

    it('does not claim a delivery that was never planned', async () => {
      expect(
        await store.claimDelivery('d-none', 's-none', 'w', at('08:05:00.000'), at('08:00:00.000')),
      ).toBeUndefined()
      expect(await deliveryOf('d-none', 's-none')).toBeUndefined()
    })

    it("lists a digest's deliveries page by page, without its variants", async () => {
      await store.putVariant(variant({ digestId: 'd-list' }))
      for (let i = 0; i < 5; i++) await store.addDeliveries([planned(`s-${i}`, 'd-list')], KEEP)

      const first = await store.listDeliveries('d-list', { limit: 3 })
      const second = await store.listDeliveries('d-list', { limit: 3, cursor: first.cursor! })

      expect([...first.items, ...second.items].map((d) => d.subscriberId)).toEqual([
        's-0',
        's-1',
        's-2',
        's-3',
        's-4',
      ])
      expect(second.cursor).toBeUndefined()
    })
  })

  describe('last digest cursor', () => {
    it('only moves forwards, per cadence', async () => {
      expect(await store.lastDigestsAt(['s-last'], 'daily')).toEqual(new Map())

      await store.moveLastDigestAt(['s-last'], 'daily', '2026-11-27T08:00:00.000Z')
      await store.moveLastDigestAt(['s-last'], 'daily', '2026-11-26T08:00:00.000Z')
      await store.moveLastDigestAt(['s-last'], 'weekly', '2026-11-20T08:00:00.000Z')

      expect(await store.lastDigestsAt(['s-last'], 'daily')).toEqual(
        new Map([['s-last', '2026-11-27T08:00:00.000Z']]),
      )
      expect(await store.lastDigestsAt(['s-last'], 'weekly')).toEqual(
        new Map([['s-last', '2026-11-20T08:00:00.000Z']]),
      )
    })

    it('reads and moves the cursors of more subscribers than one batch call takes', async () => {
      const ids = Array.from({ length: 130 }, (_, i) => `s-many-${i}`)
      await store.moveLastDigestAt(ids.slice(0, 60), 'daily', '2026-11-26T08:00:00.000Z')
      await store.moveLastDigestAt([...ids, ...ids.slice(0, 5)], 'daily', '2026-11-27T08:00:00.000Z')
      await store.moveLastDigestAt(ids.slice(100), 'daily', '2026-11-25T08:00:00.000Z')

      const cursors = await store.lastDigestsAt([...ids, 'nobody'], 'daily')
      expect(cursors.size).toBe(130)
      expect(new Set(cursors.values())).toEqual(new Set(['2026-11-27T08:00:00.000Z']))
    })
  })

  it('reads many deliveries of one digest at once, keyed by subscriber', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `s-batch-${i}`)
    await store.addDeliveries(
      ids.slice(0, 110).map((id) => planned(id, 'd-batch')),
      KEEP,
    )
    const found = await store.getDeliveries('d-batch', [...ids, ids[0]!])
    expect([...found.keys()].sort()).toEqual(ids.slice(0, 110).sort())
    expect(found.get('s-batch-7')).toEqual(planned('s-batch-7', 'd-batch'))
  })
})
