import { parse } from 'csv-parse/sync'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { subscriberId, type Subscriber } from '../../functions/core/subscriber'
import { ADMIN_TOKEN, createTestApp, readJson } from '../support/test-app'

type TestApp = Awaited<ReturnType<typeof createTestApp>>

/** A stored subscriber; `minute` orders them (a later minute is newer). */
function subscriber(email: string, minute: number, overrides: Partial<Subscriber> = {}): Subscriber {
  const at = new Date(Date.UTC(2026, 10, 1, 9, minute)).toISOString()
  return {
    id: subscriberId(email),
    email,
    topics: [],
    cadence: 'daily',
    deliveryHour: 8,
    timezone: 'UTC',
    lang: 'en',
    state: 'pending',
    createdAt: at,
    updatedAt: at,
    softBounces: 0,
    tokenVersion: 1,
    revision: 1,
    ...overrides,
  }
}

describe('admin subscribers API', () => {
  let t: TestApp
  const seed = (...subscribers: Subscriber[]) =>
    Promise.all(subscribers.map((s) => t.deps.subscribers.create(s)))
  const importCsv = (csv: string, query = '') =>
    t.admin(`/api/subscribers/import${query}`, {
      method: 'POST',
      body: csv,
      headers: { 'content-type': 'text/csv; charset=utf-8' },
    })
  const counts = () => readJson(t.admin('/api/subscribers/counts'))

  beforeEach(async () => {
    t = await createTestApp()
  })
  afterEach(() => {
    vi.restoreAllMocks()
  })

  describe('authentication and routing', () => {
    it('answers 401 on every subscriber route without the token', async () => {
      for (const [method, path] of [
        ['GET', '/api/subscribers'],
        ['GET', '/api/subscribers/counts'],
        ['GET', '/api/subscribers/export.csv'],
        ['POST', '/api/subscribers/import?dryRun=false'],
        ['GET', '/api/subscribers/abc'],
        ['DELETE', '/api/subscribers/abc'],
        ['GET', '/api/nothing-here'],
      ] as const) {
        const response = await t.app.request(path, {
          method,
          headers: { authorization: 'Bearer wrong-token-0000' },
        })
        expect(response.status, `${method} ${path}`).toBe(401)
        expect(await readJson(response)).toMatchObject({ error: 'unauthorized' })
      }
    })

    it('serves subscribers and articles side by side, and a JSON 404 for other /api paths', async () => {
      expect((await t.admin('/api/subscribers')).status).toBe(200)
      expect((await t.admin('/api/articles')).status).toBe(200)
      const unknown = await t.admin('/api/nothing-here')
      expect(unknown.status).toBe(404)
      expect(await readJson(unknown)).toMatchObject({ error: 'not_found' })
    })

    it('tells caches not to keep personal data', async () => {
      expect((await t.admin('/api/subscribers')).headers.get('cache-control')).toBe('no-store')
      expect((await t.admin('/api/subscribers/counts')).headers.get('cache-control')).toBe('no-store')
    })
  })

  describe('listing', () => {
    it('lists newest first, page by page, with the fields an operator needs', async () => {
      await seed(...[1, 2, 3, 4, 5].map((n) => subscriber(`reader${n}@example.com`, n)))

      const seen: string[] = []
      let cursor: string | undefined
      let pages = 0
      do {
        const page = await readJson(
          t.admin(`/api/subscribers?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
        )
        seen.push(...page.items.map((item: { email: string }) => item.email))
        cursor = page.cursor
        pages++
      } while (cursor !== undefined)

      expect(seen).toEqual([5, 4, 3, 2, 1].map((n) => `reader${n}@example.com`))
      expect(pages).toBe(3)
      const [first] = (await readJson(t.admin('/api/subscribers?limit=1'))).items
      expect(first).toMatchObject({
        id: subscriberId('reader5@example.com'),
        email: 'reader5@example.com',
        state: 'pending',
        cadence: 'daily',
        topics: [],
        lang: 'en',
        timezone: 'UTC',
        deliveryHour: 8,
        createdAt: '2026-11-01T09:05:00.000Z',
      })
      expect(first).not.toHaveProperty('tokenVersion')
    })

    it('narrows to one state and searches addresses, case-insensitively', async () => {
      await seed(
        subscriber('kim@example.kr', 1, { state: 'confirmed', confirmedAt: '2026-11-01T10:00:00.000Z' }),
        subscriber('lee@example.kr', 2),
        subscriber('park@example.com', 3, { state: 'confirmed' }),
      )

      const confirmed = await readJson(t.admin('/api/subscribers?state=confirmed'))
      const korean = await readJson(t.admin('/api/subscribers?q=EXAMPLE.KR'))
      const both = await readJson(t.admin('/api/subscribers?state=confirmed&q=example.kr'))

      expect(confirmed.items.map((s: Subscriber) => s.email)).toEqual(['park@example.com', 'kim@example.kr'])
      expect(korean.items.map((s: Subscriber) => s.email)).toEqual(['lee@example.kr', 'kim@example.kr'])
      expect(both.items).toEqual([
        expect.objectContaining({ email: 'kim@example.kr', confirmedAt: expect.any(String) }),
      ])
    })

    it('answers 422 naming each bad query field', async () => {
      const response = await t.admin('/api/subscribers?state=gone&limit=0')

      expect(response.status).toBe(422)
      const body = await readJson(response)
      expect(body.error).toBe('invalid_input')
      expect(body.problems.map((p: { field: string }) => p.field).sort()).toEqual(['limit', 'state'])
      expect((await t.admin('/api/subscribers?limit=101')).status).toBe(422)
      expect((await t.admin('/api/subscribers?limit=abc')).status).toBe(422)
      expect((await t.admin('/api/subscribers?cursor=forged')).status).toBe(422)
    })
  })

  it('counts subscribers by state', async () => {
    await seed(
      subscriber('a@example.com', 1),
      subscriber('b@example.com', 2, { state: 'confirmed' }),
      subscriber('c@example.com', 3, { state: 'confirmed' }),
      subscriber('d@example.com', 4, { state: 'unsubscribed' }),
      subscriber('e@example.com', 5, { state: 'suppressed' }),
    )

    expect(await counts()).toEqual({ pending: 1, confirmed: 2, unsubscribed: 1, suppressed: 1, total: 5 })
  })

  describe('export', () => {
    it('exports every subscriber as CSV with Korean text intact and formulas defused', async () => {
      await seed(
        subscriber('minjun@example.kr', 1, {
          name: '김민준, 서울',
          topics: ['경제', '반도체'],
          lang: 'ko',
          timezone: 'Asia/Seoul',
          deliveryHour: 7,
          state: 'confirmed',
          confirmedAt: '2026-11-01T10:00:00.000Z',
          consent: { source: 'form', at: '2026-11-01T10:00:00.000Z' },
        }),
        subscriber('attacker@example.com', 2, { name: '=HYPERLINK("https://evil.example","click")' }),
        subscriber('-dash@example.com', 3, { name: '+1 555' }),
        subscriber('at@example.com', 4, { name: '@SUM(A1) "quoted"' }),
      )

      const response = await t.admin('/api/subscribers/export.csv')

      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
      expect(response.headers.get('content-disposition')).toBe(
        'attachment; filename="subscribers-2026-11-27.csv"',
      )
      expect(response.headers.get('cache-control')).toBe('no-store')
      const rows = parse(await response.text(), { columns: true }) as Record<string, string>[]
      expect(rows.map((row) => [row.email, row.name])).toEqual([
        ['at@example.com', `'@SUM(A1) "quoted"`],
        [`'-dash@example.com`, `'+1 555`],
        ['attacker@example.com', `'=HYPERLINK("https://evil.example","click")`],
        ['minjun@example.kr', '김민준, 서울'],
      ])
      expect(rows[3]).toEqual({
        email: 'minjun@example.kr',
        name: '김민준, 서울',
        state: 'confirmed',
        cadence: 'daily',
        topics: '경제;반도체',
        lang: 'ko',
        timezone: 'Asia/Seoul',
        delivery_hour: '7',
        created_at: '2026-11-01T09:01:00.000Z',
        confirmed_at: '2026-11-01T10:00:00.000Z',
        consent_source: 'form',
      })
    })

    it('starts with a UTF-8 byte order mark, so Excel reads Korean names as UTF-8', async () => {
      await seed(subscriber('minjun@example.kr', 1, { name: '김민준' }))

      const bytes = new Uint8Array(await (await t.admin('/api/subscribers/export.csv')).arrayBuffer())

      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toMatch(/^\uFEFFemail,name,/)
      expect(Buffer.from(bytes).includes(Buffer.from('김민준'))).toBe(true)
    })

    it('walks every page of the store, and an empty list is a header line', async () => {
      const empty = await (await t.admin('/api/subscribers/export.csv')).text()
      expect(empty).toBe(
        'email,name,state,cadence,topics,lang,timezone,delivery_hour,created_at,confirmed_at,consent_source\r\n',
      )

      const lines = ['email', ...Array.from({ length: 600 }, (_, n) => `reader${n}@example.com`)]
      expect((await readJson(importCsv(lines.join('\n'), '?dryRun=false'))).created).toBe(600)

      const csv = await (await t.admin('/api/subscribers/export.csv')).text()
      const rows = parse(csv, { columns: true }) as { email: string }[]
      expect(rows).toHaveLength(600)
      expect(new Set(rows.map((row) => row.email))).toEqual(new Set(lines.slice(1)))
    })

    it('breaks the download when the store fails half-way, rather than passing off a truncated file', async () => {
      await seed(...Array.from({ length: 3 }, (_, n) => subscriber(`reader${n}@example.com`, n)))
      const list = t.deps.subscribers.list.bind(t.deps.subscribers)
      vi.spyOn(t.deps.subscribers, 'list')
        .mockImplementationOnce(async (options) => ({ ...(await list(options)), cursor: 'more' }))
        .mockRejectedValueOnce(new Error('DynamoDB went away'))
      vi.spyOn(console, 'error').mockImplementation(() => {})

      const response = await t.admin('/api/subscribers/export.csv')

      expect(response.status).toBe(200)
      await expect(response.text()).rejects.toThrow()
    })

    it('imports its own export back unchanged, byte order mark and all', async () => {
      await seed(subscriber('-dash@example.com', 1, { name: '=1+1', topics: ['경제', 'ai'], lang: 'ko' }))
      const csv = await (await t.admin('/api/subscribers/export.csv')).arrayBuffer()
      const other = await createTestApp()

      const report = await readJson(
        other.admin('/api/subscribers/import?dryRun=false', {
          method: 'POST',
          body: csv,
          headers: { 'content-type': 'text/csv' },
        }),
      )

      expect(report).toMatchObject({ rows: 1, valid: 1, created: 1, invalid: [] })
      expect(await other.deps.subscribers.get(subscriberId('-dash@example.com'))).toMatchObject({
        email: '-dash@example.com',
        name: '=1+1',
        topics: ['경제', 'ai'],
        lang: 'ko',
      })
    })
  })

  describe('import', () => {
    it('gives a row without a language the publication’s (Korean here), as the subscribe form does', async () => {
      const response = await importCsv(
        'email,lang\nnolang@example.com,\nenglish@example.com,en\n',
        '?dryRun=false',
      )

      expect(response.status).toBe(200)
      expect(await t.deps.subscribers.get(subscriberId('nolang@example.com'))).toMatchObject({ lang: 'ko' })
      expect(await t.deps.subscribers.get(subscriberId('english@example.com'))).toMatchObject({ lang: 'en' })
    })

    const csv = [
      'email,name,topics,cadence,lang,timezone,delivery_hour,consent',
      'Minjun@Example.kr,김민준,경제;반도체,weekly,ko,Asia/Seoul,7,',
      'jane@example.com,Jane,,,,,,yes',
    ].join('\r\n')

    it('is a dry run unless dryRun=false is said, and a dry run writes nothing', async () => {
      for (const query of ['', '?dryRun=true']) {
        const response = await importCsv(csv, query)

        expect(response.status).toBe(200)
        expect(await readJson(response)).toEqual({
          dryRun: true,
          rows: 2,
          valid: 2,
          created: 0,
          skippedExisting: 0,
          invalid: [],
          ignoredColumns: [],
        })
      }
      expect((await counts()).total).toBe(0)
    })

    it('creates pending subscribers, and confirmed ones where the consent column says so', async () => {
      const report = await readJson(importCsv(csv, '?dryRun=false'))

      expect(report).toMatchObject({ dryRun: false, rows: 2, valid: 2, created: 2, skippedExisting: 0 })
      expect(await readJson(t.admin(`/api/subscribers/${subscriberId('minjun@example.kr')}`))).toMatchObject({
        email: 'minjun@example.kr',
        name: '김민준',
        topics: ['경제', '반도체'],
        cadence: 'weekly',
        lang: 'ko',
        timezone: 'Asia/Seoul',
        deliveryHour: 7,
        state: 'pending',
        createdAt: '2026-11-27T09:00:00.000Z',
      })
      const jane = await readJson(t.admin(`/api/subscribers/${subscriberId('jane@example.com')}`))
      expect(jane).toMatchObject({
        state: 'confirmed',
        confirmedAt: '2026-11-27T09:00:00.000Z',
        consent: { source: 'import', at: '2026-11-27T09:00:00.000Z' },
        cadence: 'daily',
        lang: 'ko', // no lang column: the publication's language
        timezone: 'UTC',
        deliveryHour: 8,
      })
      expect(await counts()).toMatchObject({ pending: 1, confirmed: 1, total: 2 })
      // Only confirmed subscribers are in the digest audience.
      const audience = await t.deps.subscribers.listAudience({ cadence: 'daily', limit: 10 })
      expect(audience.items.map((s) => s.email)).toEqual(['jane@example.com'])
    })

    it('reports bad rows with their line numbers and imports the rest', async () => {
      const file = [
        'email,name,timezone,delivery_hour',
        'good@example.com,Good,Asia/Seoul,9',
        'not-an-address,Bad,UTC,8',
        'zone@example.com,Zone,Mars/Olympus,8',
        '',
        'hour@example.com,Hour,UTC,25',
        'GOOD@example.com,Again,UTC,8',
      ].join('\n')

      const report = await readJson(importCsv(file, '?dryRun=false'))

      expect(report).toMatchObject({ rows: 5, valid: 1, created: 1, skippedExisting: 0 })
      expect(report.invalid).toEqual([
        { row: 3, email: 'not-an-address', problem: 'email: is not an email address' },
        { row: 4, email: 'zone@example.com', problem: expect.stringMatching(/^timezone: /) },
        { row: 6, email: 'hour@example.com', problem: expect.stringMatching(/^delivery_hour: /) },
        { row: 7, email: 'GOOD@example.com', problem: 'duplicate in file (first on line 2)' },
      ])
      expect(await counts()).toMatchObject({ total: 1 })
    })

    it('skips an address that already has a record and never overwrites it', async () => {
      await seed(subscriber('kept@example.com', 1, { name: 'Original', state: 'unsubscribed' }))
      const file = 'email,name,consent\nKEPT@example.com,Replacement,yes\nnew@example.com,New,\n'

      const dryRun = await readJson(importCsv(file))
      const real = await readJson(importCsv(file, '?dryRun=false'))

      expect(dryRun).toMatchObject({ valid: 2, created: 0, skippedExisting: 1 })
      expect(real).toMatchObject({ valid: 2, created: 1, skippedExisting: 1 })
      expect(await t.deps.subscribers.get(subscriberId('kept@example.com'))).toMatchObject({
        name: 'Original',
        state: 'unsubscribed',
        revision: 1,
      })
    })

    it('answers 422 for a file without an email header, a wrong content type or a bad dryRun', async () => {
      const noHeader = await importCsv('a@example.com,Kim\n')
      const json = await t.admin('/api/subscribers/import', { method: 'POST', body: '{}' })
      const badFlag = await importCsv(csv, '?dryRun=no')

      expect(noHeader.status).toBe(422)
      expect((await readJson(noHeader)).problems[0].field).toBe('header')
      expect(json.status).toBe(422)
      expect((await readJson(json)).problems[0].field).toBe('Content-Type')
      expect(badFlag.status).toBe(422)
      expect((await readJson(badFlag)).problems[0].field).toBe('dryRun')
    })

    it('takes files over the 1 MB article limit, and answers 413 over 5 MB', async () => {
      const note = 'x'.repeat(2 * 1024 * 1024)
      const big = await importCsv(`email,note\na@example.com,${note}\n`)
      const tooBig = await importCsv(`email,note\na@example.com,${note.repeat(3)}\n`)

      expect(big.status).toBe(200)
      expect(await readJson(big)).toMatchObject({ rows: 1, valid: 1, ignoredColumns: ['note'] })
      expect(tooBig.status).toBe(413)
      expect(await readJson(tooBig)).toMatchObject({ error: 'too_large' })
      expect((await counts()).total).toBe(0)
    })

    it('reads a file the same with and without a UTF-8 byte order mark', async () => {
      const utf8 = new TextEncoder().encode(csv)
      const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8])
      const other = await createTestApp()
      const send = (app: TestApp, body: Uint8Array) =>
        readJson(
          app.admin('/api/subscribers/import?dryRun=false', {
            method: 'POST',
            body,
            headers: { 'content-type': 'text/csv' },
          }),
        )

      const reports = [await send(t, utf8), await send(other, withBom)]

      for (const [app, report] of [
        [t, reports[0]],
        [other, reports[1]],
      ] as const) {
        expect(report).toMatchObject({ rows: 2, valid: 2, created: 2, invalid: [], ignoredColumns: [] })
        expect(await app.deps.subscribers.get(subscriberId('minjun@example.kr'))).toMatchObject({
          name: '김민준',
        })
      }
    })

    it('refuses a file that is not UTF-8', async () => {
      const latin1 = new Uint8Array([...Buffer.from('email,name\na@example.com,'), 0xe9, 0x0a])
      const response = await t.admin('/api/subscribers/import', {
        method: 'POST',
        body: latin1,
        headers: { 'content-type': 'text/csv' },
      })
      expect(response.status).toBe(422)
    })
  })

  describe('one subscriber', () => {
    it('answers 404 for an unknown id, a malformed one and an unknown address', async () => {
      for (const id of [subscriberId('nobody@example.com'), 'x', 'nobody@example.com']) {
        const response = await t.admin(`/api/subscribers/${encodeURIComponent(id)}`)
        expect(response.status, id).toBe(404)
        expect(await readJson(response)).toMatchObject({ error: 'not_found' })
      }
    })

    it('finds a subscriber by address as well as by id', async () => {
      await seed(subscriber('kim@example.kr', 1))
      const found = await readJson(t.admin(`/api/subscribers/${encodeURIComponent('Kim@Example.KR')}`))
      expect(found.id).toBe(subscriberId('kim@example.kr'))
    })

    it('erases a subscriber completely', async () => {
      await seed(
        subscriber('gone@example.com', 1, { state: 'confirmed' }),
        subscriber('stays@example.com', 2),
      )
      const id = subscriberId('gone@example.com')

      const response = await t.admin(`/api/subscribers/${id}`, { method: 'DELETE' })

      expect(response.status).toBe(204)
      expect((await t.admin(`/api/subscribers/${id}`)).status).toBe(404)
      expect(await t.deps.subscribers.get(id)).toBeUndefined()
      expect(await counts()).toEqual({ pending: 1, confirmed: 0, unsubscribed: 0, suppressed: 0, total: 1 })
      expect((await t.deps.subscribers.listAudience({ cadence: 'daily', limit: 10 })).items).toEqual([])
      const again = await t.admin(`/api/subscribers/${id}`, { method: 'DELETE' })
      expect(again.status).toBe(404)
      expect(await readJson(again)).toMatchObject({ error: 'not_found' })
    })

    it('erases by address', async () => {
      await seed(subscriber('gdpr@example.com', 1))
      const response = await t.admin(`/api/subscribers/${encodeURIComponent('gdpr@example.com')}`, {
        method: 'DELETE',
      })
      expect(response.status).toBe(204)
      expect(await t.deps.subscribers.get(subscriberId('gdpr@example.com'))).toBeUndefined()
    })
  })

  it('needs the token even for a valid request body', async () => {
    const response = await t.app.request('/api/subscribers/import?dryRun=false', {
      method: 'POST',
      body: 'email\na@example.com\n',
      headers: { 'content-type': 'text/csv', authorization: `Basic ${ADMIN_TOKEN}` },
    })
    expect(response.status).toBe(401)
    expect((await counts()).total).toBe(0)
  })
})
