import { describe, expect, it } from 'vitest'
import { ValidationError } from '../../functions/core/errors'
import { subscriberId } from '../../functions/core/subscriber'
import { canonicalTimeZone, parseSubscriberCsv } from '../../functions/core/subscriber-import'

const now = new Date('2026-11-27T09:00:00.000Z')
const read = (csv: string) => parseSubscriberCsv(csv, { now })

describe('parseSubscriberCsv', () => {
  it('builds a pending subscriber with defaults from a row that names only the address', () => {
    const { rows, valid, invalid } = read('email\n  Kim@Example.COM \n')

    expect(rows).toBe(1)
    expect(invalid).toEqual([])
    expect(valid).toEqual([
      {
        id: subscriberId('kim@example.com'),
        email: 'kim@example.com',
        topics: [],
        cadence: 'daily',
        deliveryHour: 8,
        timezone: 'UTC',
        lang: 'en',
        state: 'pending',
        createdAt: '2026-11-27T09:00:00.000Z',
        updatedAt: '2026-11-27T09:00:00.000Z',
        softBounces: 0,
        tokenVersion: 1,
        revision: 1,
      },
    ])
  })

  it('reads every column, in any order and letter case', () => {
    const csv = [
      'Delivery_Hour,consent,Timezone,LANG,cadence,topics,name,Email',
      '7,yes,asia/seoul,KO,Weekly,경제; 반도체 ;경제,김민준,minjun@example.kr',
    ].join('\n')

    const [subscriber] = read(csv).valid

    expect(subscriber).toMatchObject({
      email: 'minjun@example.kr',
      name: '김민준',
      topics: ['경제', '반도체'],
      cadence: 'weekly',
      lang: 'ko',
      timezone: 'Asia/Seoul',
      deliveryHour: 7,
      state: 'confirmed',
      confirmedAt: '2026-11-27T09:00:00.000Z',
      consent: { source: 'import', at: '2026-11-27T09:00:00.000Z' },
    })
  })

  it.each(['yes', 'Y', 'true', '1'])('treats consent "%s" as an earlier opt-in', (consent) => {
    expect(read(`email,consent\na@example.com,${consent}`).valid[0]!.state).toBe('confirmed')
  })

  it.each(['', 'no', 'N', 'false', '0'])(
    'keeps consent "%s" pending, without a consent record',
    (consent) => {
      const [subscriber] = read(`email,consent\na@example.com,${consent}`).valid
      expect(subscriber!.state).toBe('pending')
      expect(subscriber!.consent).toBeUndefined()
      expect(subscriber!.confirmedAt).toBeUndefined()
    },
  )

  it('reports each bad row with its line number, the address as written and every problem', () => {
    const csv = [
      'email,cadence,lang,timezone,delivery_hour,consent',
      'not-an-address,daily,en,UTC,8,',
      'ok@example.com,hourly,fr,Mars/Base,24,maybe',
      ',daily,en,UTC,8,',
      'fine@example.com,,,,,',
    ].join('\n')

    const { rows, valid, invalid } = read(csv)

    expect(rows).toBe(4)
    expect(valid.map((s) => s.email)).toEqual(['fine@example.com'])
    expect(invalid).toEqual([
      { row: 2, email: 'not-an-address', problem: 'email: is not an email address' },
      {
        row: 3,
        email: 'ok@example.com',
        problem: expect.stringMatching(/cadence: .*lang: .*timezone: .*delivery_hour: .*consent: /),
      },
      { row: 4, email: '', problem: 'email: is required' },
    ])
  })

  it.each(['-1', '24', '7.5', 'eight', '100'])('refuses delivery hour %s', (hour) => {
    const { invalid } = read(`email,delivery_hour\na@example.com,${hour}`)
    expect(invalid[0]!.problem).toBe('delivery_hour: must be a whole hour from 0 to 23')
  })

  it.each(['+09:00', 'Asia/Nowhere', 'KST'])('refuses time zone %s', (zone) => {
    expect(read(`email,timezone\na@example.com,${zone}`).invalid[0]!.problem).toMatch(/^timezone: /)
  })

  it('keeps the first row of an address and reports the later ones, whatever their case', () => {
    const csv = ['email,name', 'a@example.com,First', 'b@example.com,B', 'A@Example.com,Second'].join('\n')

    const { valid, invalid } = read(csv)

    expect(valid.map((s) => s.name)).toEqual(['First', 'B'])
    expect(invalid).toEqual([
      { row: 4, email: 'A@Example.com', problem: 'duplicate in file (first on line 2)' },
    ])
  })

  it('counts lines as a text editor does: blank lines, CRLF and quoted line breaks included', () => {
    const csv = '\uFEFFemail,name\r\n\r\n"bad one","Kim\r\nMinjun"\r\n\r\nalso bad,x\r\n'

    const { rows, invalid } = read(csv)

    expect(rows).toBe(2)
    expect(invalid.map((p) => p.row)).toEqual([3, 6])
  })

  it('collapses a quoted line break in a name to a space', () => {
    expect(read('email,name\na@example.com,"Kim\nMinjun"').valid[0]!.name).toBe('Kim Minjun')
  })

  it('undoes the export escaping of cells that look like formulas', () => {
    const [subscriber] = read("email,name\n'-dash@example.com,'=SUM(A1)").valid
    expect(subscriber).toMatchObject({ email: '-dash@example.com', name: '=SUM(A1)' })
  })

  it('ignores unknown columns and says which', () => {
    const parsed = read('email,state,notes\na@example.com,confirmed,vip')
    expect(parsed.ignoredColumns).toEqual(['state', 'notes'])
    expect(parsed.valid[0]!.state).toBe('pending')
  })

  it('refuses a row with more fields than the header names, but allows missing trailing ones', () => {
    const { valid, invalid } = read(
      'email,name,lang\na@example.com,A,en,extra\nb@example.com\nc@example.com,C,ko,',
    )
    expect(valid.map((s) => s.email)).toEqual(['b@example.com', 'c@example.com'])
    expect(invalid).toEqual([
      { row: 2, email: 'a@example.com', problem: 'has 4 fields but the header names 3' },
    ])
  })

  it('reads a header-only file as zero rows', () => {
    expect(read('email,name\n')).toEqual({ rows: 0, valid: [], invalid: [], ignoredColumns: [] })
  })

  it.each([
    ['an empty file', '', '(body)'],
    ['a file without an email column', 'name,topics\nKim,경제', 'header'],
    ['a header naming a column twice', 'email,Email\na@example.com,b@example.com', 'header'],
    ['malformed CSV', 'email,name\n"a@example.com,unclosed\n', '(body)'],
  ])('refuses %s as a whole', (_case, csv, field) => {
    let error: unknown
    try {
      read(csv)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).problems[0]!.field).toBe(field)
  })
})

describe('canonicalTimeZone', () => {
  it('spells a zone the usual way and refuses what is not a zone', () => {
    expect(canonicalTimeZone('asia/seoul')).toBe('Asia/Seoul')
    expect(canonicalTimeZone('UTC')).toBe('UTC')
    expect(canonicalTimeZone('Europe/Atlantis')).toBeUndefined()
    expect(canonicalTimeZone('+09:00')).toBeUndefined()
  })
})
