import { describe, expect, it, vi } from 'vitest'
import { subscriberId } from '../../functions/core/subscriber'
import { logger } from '../../functions/log'
import { articleJson, createTestApp, readJson } from '../support/test-app'

const cursorOf = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url')

// Each a key DynamoDB would refuse as ExclusiveStartKey of that listing (a 500 before), or not a key at all.
const crafted = {
  'a table key without the index keys': cursorOf({ PK: 'ARTICLE#x', SK: 'ARTICLE' }),
  'another index partition': cursorOf({
    PK: 'ARTICLE#x',
    SK: 'ARTICLE',
    GSI1PK: 'AUDIENCE#daily#00',
    GSI1SK: 'x',
    GSI2PK: 'SUBSCRIBERS',
    GSI2SK: 'x',
  }),
  'a value too long for a key': cursorOf({
    PK: `ARTICLE#${'x'.repeat(3_000)}`,
    SK: 'ARTICLE',
    GSI1PK: 'ARTICLES',
    GSI1SK: 'x',
    GSI2PK: 'DIGESTS',
    GSI2SK: 'x',
  }),
  'a number where a string belongs': cursorOf({ PK: 1, SK: 'ARTICLE' }),
  'an array': cursorOf(['PK']),
  'not base64url JSON': '%%%not-a-cursor',
  'an empty object': cursorOf({}),
}

describe('paging cursors', () => {
  it.each(['/api/articles', '/api/subscribers', '/api/digests'])(
    'answers a crafted cursor on %s with a 422 naming the cursor, never a 500',
    async (path) => {
      const t = await createTestApp()
      const logged = vi.spyOn(logger, 'error')
      for (const [what, cursor] of Object.entries(crafted)) {
        const response = await t.admin(`${path}?cursor=${encodeURIComponent(cursor)}`)
        expect(response.status, what).toBe(422)
        expect(await readJson(response), what).toMatchObject({ problems: [{ field: 'cursor' }] })
      }
      expect(logged).not.toHaveBeenCalled()
      logged.mockRestore()
    },
  )

  it('refuses a cursor that one listing returned on another listing', async () => {
    const t = await createTestApp()
    for (const title of ['One', 'Two']) {
      await t.admin('/api/articles', { method: 'POST', body: articleJson({ title, tags: [] }) })
      t.clock.advance(1_000)
    }
    const first = await readJson(t.admin('/api/articles?limit=1'))
    expect(first.cursor).toEqual(expect.any(String))

    for (const path of ['/api/subscribers', '/api/digests']) {
      const response = await t.admin(`${path}?cursor=${first.cursor}`)
      expect(response.status, path).toBe(422)
    }
  })

  it('still pages through a listing with the cursors it returns', async () => {
    const t = await createTestApp()
    for (const title of ['One', 'Two', 'Three']) {
      await t.admin('/api/articles', { method: 'POST', body: articleJson({ title, tags: [] }) })
      t.clock.advance(1_000)
    }
    const slugs: string[] = []
    let cursor: string | undefined
    do {
      const page = await readJson(t.admin(`/api/articles?limit=1${cursor ? `&cursor=${cursor}` : ''}`))
      slugs.push(...page.items.map((item: { slug: string }) => item.slug))
      cursor = page.cursor
    } while (cursor !== undefined)
    expect(slugs).toEqual(['three', 'two', 'one'])
  })
})

describe('cursors of the digest planner', () => {
  it('refuses an audience cursor of another cadence or shard, and a ledger cursor of another digest', async () => {
    const t = await createTestApp()
    const audienceKey = cursorOf({
      PK: 'SUBSCRIBER#x',
      SK: 'SUBSCRIBER',
      GSI1PK: 'AUDIENCE#weekly#03',
      GSI1SK: 'x',
    })
    for (const cursor of [`3.${audienceKey}`, `4.${audienceKey}`, '16.', 'x.', audienceKey]) {
      await expect(
        t.deps.subscribers.listAudience({ cadence: 'daily', limit: 5, cursor }),
        cursor,
      ).rejects.toMatchObject({ problems: [{ field: 'cursor' }] })
    }
    // The right cadence and shard is a position DynamoDB takes, even past every item.
    const page = await t.deps.subscribers.listAudience({
      cadence: 'weekly',
      limit: 5,
      cursor: `3.${audienceKey}`,
    })
    expect(page.items).toEqual([])

    const ledgerKey = cursorOf({ PK: 'DIGEST#daily-2026-11-26', SK: 'DELIVERY#x' })
    await expect(
      t.deps.digests.listDeliveries('daily-2026-11-27', { limit: 5, cursor: ledgerKey }),
    ).rejects.toMatchObject({ problems: [{ field: 'cursor' }] })
    expect(
      (await t.deps.digests.listDeliveries('daily-2026-11-26', { limit: 5, cursor: ledgerKey })).items,
    ).toEqual([])
  })

  it('walks every shard of an audience with the cursors it returns', async () => {
    const t = await createTestApp()
    const emails = Array.from({ length: 7 }, (_, i) => `reader${i}@example.com`)
    const at = '2026-11-01T09:00:00.000Z'
    for (const email of emails) {
      await t.deps.subscribers.create({
        id: subscriberId(email),
        email,
        topics: [],
        cadence: 'daily',
        deliveryHour: 8,
        timezone: 'UTC',
        lang: 'en',
        state: 'confirmed',
        createdAt: at,
        updatedAt: at,
        softBounces: 0,
        tokenVersion: 1,
        revision: 1,
      })
    }
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await t.deps.subscribers.listAudience({
        cadence: 'daily',
        limit: 2,
        ...(cursor !== undefined && { cursor }),
      })
      seen.push(...page.items.map((s) => s.email))
      cursor = page.cursor
    } while (cursor !== undefined)
    expect(seen.sort()).toEqual(emails)
  })
})
