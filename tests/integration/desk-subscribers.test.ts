import { beforeEach, describe, expect, it } from 'vitest'
import { subscriberSubject } from '../../functions/core/audit'
import { applyFeedback } from '../../functions/core/feedback'
import { subscriberId, type Subscriber } from '../../functions/core/subscriber'
import { confirm, unsubscribe, updatePreferences } from '../../functions/core/subscriptions'
import { subscriberLinks } from '../../functions/core/subscriber-links'
import { DeskClient, csrfOf } from '../support/desk-client'
import { drain } from '../support/queue-clock'
import { articleJson, createTestApp } from '../support/test-app'
import { confirmedSubscriber } from '../support/subscribers'

type TestApp = Awaited<ReturnType<typeof createTestApp>>
const HOUR = 3_600_000
/** Steps taken while signed in stay well inside the session's 30 idle minutes. */
const MINUTE = 60_000

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
})
const tokenOf = (url: string) => new URL(url).searchParams.get('token')!

/** The text of a page with tags dropped, for assertions on what an editor reads. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')

describe('the desk’s subscriber pages (/admin/subscribers)', () => {
  let t: TestApp
  let desk: DeskClient
  beforeEach(async () => {
    t = await createTestApp()
    desk = new DeskClient(t.app)
  })

  /** A subscriber record as an earlier import or confirmation left it. */
  const stored = (email: string, overrides: Partial<Subscriber> = {}) =>
    confirmedSubscriber(t, email, overrides)

  /** Posts the import form's file as a browser does (multipart/form-data). */
  async function dryRun(csv: string, csrf: string): Promise<Response> {
    const body = new FormData()
    body.set('_csrf', csrf)
    body.set('file', new File([csv], 'list.csv', { type: 'text/csv' }))
    return desk.request('/admin/subscribers/import', { method: 'POST', body })
  }

  /** The hidden fields of the dry run's confirmation form, read back from the page as a browser would. */
  function confirmationOf(html: string): FormData {
    const field = (name: string) => {
      const raw = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1]
      if (raw === undefined) throw new Error(`no ${name} field in the page`)
      return raw
        .replace(/&#10;/g, '\n')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&')
    }
    const body = new FormData()
    for (const name of ['_csrf', 'csv', 'proof']) body.set(name, field(name))
    return body
  }

  describe('session and CSRF', () => {
    it('sends a visitor without a session to sign-in, and refuses their posts (401) without writing', async () => {
      const { id } = await stored('reader@example.com')

      const page = await desk.get('/admin/subscribers')
      const post = await desk.post(`/admin/subscribers/${id}/suppress`, { _csrf: 'x' })
      const download = await desk.get('/admin/subscribers/export.csv')

      expect(page.status).toBe(303)
      expect(page.headers.get('location')).toBe('/admin/sign-in')
      expect(download.status).toBe(303)
      expect(post.status).toBe(401)
      expect((await t.deps.subscribers.get(id))?.state).toBe('confirmed')
    })

    it('refuses every subscriber form without the session’s CSRF token (403), writing nothing', async () => {
      const { id } = await stored('reader@example.com')
      await desk.signIn()

      const suppress = await desk.post(`/admin/subscribers/${id}/suppress`, { _csrf: 'forged' })
      const erase = await desk.post(`/admin/subscribers/${id}/erase`, {})
      const importing = await dryRun('email\nnew@example.com\n', 'forged')

      expect([suppress.status, erase.status, importing.status]).toEqual([403, 403, 403])
      expect((await t.deps.subscribers.get(id))?.state).toBe('confirmed')
      expect(await t.deps.audit.list(subscriberSubject(id), { limit: 10 })).toEqual([])
    })
  })

  describe('counts and search', () => {
    it('counts by state, and confirmed subscribers by cadence, topic and language, in one page', async () => {
      await stored('a@example.com', { topics: ['경제'], cadence: 'weekly' })
      await stored('b@example.com', { topics: ['경제', 'ai'], lang: 'en' })
      await stored('c@example.com')
      await stored('d@example.com', { state: 'pending', topics: ['ai'] })
      await stored('e@example.com', { state: 'suppressed' })
      await desk.signIn()

      const counts = await t.deps.subscribers.counts()
      const response = await desk.get('/admin/subscribers/counts')

      expect(counts).toMatchObject({
        total: 5,
        state: { confirmed: 3, pending: 1, suppressed: 1, unsubscribed: 0 },
        cadence: { daily: 2, weekly: 1, instant: 0 },
        lang: { ko: 2, en: 1 },
        topics: { 경제: 2, ai: 1 },
        everyArticle: 1,
      })
      expect(response.status).toBe(200)
      const text = textOf(await response.text())
      expect(text).toContain('확인됨 3')
      expect(text).toContain('합계 5')
      expect(text).toContain('매주 1')
      expect(text).toContain('경제 2')
      expect(text).toContain('영어 1')
    })

    it('finds a whole address (normalised) by its id and lists the addresses a beginning starts', async () => {
      const jane = await stored('jane.doe@example.com')
      await stored('janet@example.org')
      await stored('bob@example.com')
      await desk.signIn()

      const exact = await desk.get(`/admin/subscribers?q=${encodeURIComponent('  Jane.Doe@Example.COM ')}`)
      const prefix = await desk.get('/admin/subscribers?q=JANE')
      const none = await desk.get('/admin/subscribers?q=nobody@example.com')

      expect(exact.status).toBe(303)
      expect(exact.headers.get('location')).toBe(`/admin/subscribers/${jane.id}`)
      const listed = await prefix.text()
      expect(listed).toContain('jane.doe@example.com')
      expect(listed).toContain('janet@example.org')
      expect(listed).not.toContain('bob@example.com')
      expect(none.status).toBe(200)
      expect(await none.text()).toContain('맞는 구독자가 없습니다')
    })
  })

  describe('CSV', () => {
    it('exports the list as a download (the admin API’s export)', async () => {
      await stored('reader@example.com', { name: '=HYPERLINK("x")' })
      await desk.signIn()

      const response = await desk.get('/admin/subscribers/export.csv')

      expect(response.status).toBe(200)
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="subscribers-/)
      expect(response.headers.get('cache-control')).toBe('no-store')
      const csv = await response.text()
      expect(csv).toContain('reader@example.com,"\'=HYPERLINK(""x"")",confirmed')
    })

    it('dry-runs an import: problems by line number, nothing written, until the checked file is confirmed', async () => {
      await stored('old@example.com')
      await desk.signIn()
      const csv = [
        'email,name,cadence',
        'kim@example.com,김독자,weekly',
        'not-an-address,,daily',
        'old@example.com,,daily',
        '',
        'lee@example.com,,hourly',
        'park@example.com,박독자,',
      ].join('\r\n')

      // Act 1: the dry run
      const checked = await dryRun(csv, await desk.csrf('/admin/subscribers/import'))

      // Assess 1: lines 3 and 6 named with their problem; nobody new in the table
      expect(checked.status).toBe(200)
      const html = await checked.text()
      const text = textOf(html)
      expect(text).toContain('시험 실행: 아직 아무것도 저장하지 않았습니다')
      expect(text).toMatch(/3 not-an-address email: is not an email address/)
      expect(text).toMatch(/6 lee@example\.com cadence: must be instant, daily or weekly/)
      expect(await t.deps.subscribers.get(subscriberId('kim@example.com'))).toBeUndefined()
      expect((await t.deps.subscribers.counts()).total).toBe(1)

      // Act 2: a confirmation whose file was changed after the dry run is refused
      const tampered = confirmationOf(html)
      tampered.set('csv', `${tampered.get('csv')}\nsneaky@example.com`)
      const refused = await desk.request('/admin/subscribers/import/confirm', {
        method: 'POST',
        body: tampered,
      })
      expect(refused.status).toBe(403)
      expect((await t.deps.subscribers.counts()).total).toBe(1)

      // Act 3: the checked file, confirmed
      const done = await desk.request('/admin/subscribers/import/confirm', {
        method: 'POST',
        body: confirmationOf(html),
      })

      // Assess 3: the two valid new rows are written, the existing one left alone, each import in its history
      expect(done.status).toBe(200)
      expect(textOf(await done.text())).toContain('새로 만듦 2')
      const kim = await t.deps.subscribers.get(subscriberId('kim@example.com'))
      expect(kim).toMatchObject({ name: '김독자', cadence: 'weekly', state: 'pending' })
      expect((await t.deps.subscribers.counts()).total).toBe(3)
      const history = await desk.get(`/admin/subscribers/${kim!.id}`)
      expect(textOf(await history.text())).toMatch(/가져옴 \(pending\) · 처리: 김편집/)
      expect(
        await t.deps.audit.list(subscriberSubject(subscriberId('old@example.com')), { limit: 5 }),
      ).toEqual([])
    })

    it('answers a file that is not UTF-8 or has no header with the form again (422)', async () => {
      await desk.signIn()
      const csrf = await desk.csrf('/admin/subscribers/import')

      const latin1 = new FormData()
      latin1.set('_csrf', csrf)
      latin1.set(
        'file',
        new File([new Uint8Array([0x65, 0x6d, 0x61, 0x69, 0x6c, 0x0a, 0xe9, 0xff])], 'x.csv'),
      )
      const notUtf8 = await desk.request('/admin/subscribers/import', { method: 'POST', body: latin1 })
      const noHeader = await dryRun('name\n김독자\n', csrf)
      const noFile = await desk.post('/admin/subscribers/import', { _csrf: csrf })

      expect(notUtf8.status).toBe(422)
      expect(await notUtf8.text()).toContain('is not UTF-8 text')
      expect(noHeader.status).toBe(422)
      expect(await noHeader.text()).toContain('must name an email column')
      expect(noFile.status).toBe(422)
    })
  })

  describe('erase, suppress and unsuppress', () => {
    it('suppresses and unsuppresses, back to the state before, each in the history with the editor', async () => {
      const { id } = await stored('reader@example.com', { softBounces: 2 })
      await desk.signIn()
      const csrf = await desk.csrf(`/admin/subscribers/${id}`)

      const suppressed = await desk.post(`/admin/subscribers/${id}/suppress`, { _csrf: csrf })
      const afterSuppress = await t.deps.subscribers.get(id)
      t.clock.advance(MINUTE)
      const again = await desk.post(`/admin/subscribers/${id}/suppress`, { _csrf: csrf })
      await desk.post(`/admin/subscribers/${id}/unsuppress`, { _csrf: csrf })
      const page = await desk.get(`/admin/subscribers/${id}?done=unsuppressed`)

      expect(suppressed.headers.get('location')).toBe(`/admin/subscribers/${id}?done=suppressed`)
      expect(afterSuppress).toMatchObject({ state: 'suppressed', suppressionReason: 'manual (desk)' })
      expect(again.headers.get('location')).toBe(`/admin/subscribers/${id}?done=unchanged`)
      expect(await t.deps.subscribers.get(id)).toMatchObject({ state: 'confirmed', softBounces: 0 })
      const text = textOf(await page.text())
      expect(text).toContain('발송 중지를 해제했습니다')
      expect(text).toMatch(
        /발송 중지 해제 \(confirmed\) · 처리: 김편집.*발송 중지 \(manual \(desk\)\) · 처리: 김편집/,
      )
    })

    it('erases after a confirmation page: the record goes, one line says who erased it, no address remains', async () => {
      const { id } = await stored('reader@example.com', { name: '김독자' })
      await desk.signIn()
      const csrf = await desk.csrf(`/admin/subscribers/${id}`)
      await desk.post(`/admin/subscribers/${id}/suppress`, { _csrf: csrf })

      const confirmation = await desk.get(`/admin/subscribers/${id}/erase`)
      expect(confirmation.status).toBe(200)
      expect(await t.deps.subscribers.get(id)).toBeDefined() // a GET changes nothing
      const erased = await desk.post(`/admin/subscribers/${id}/erase`, {
        _csrf: csrfOf(await confirmation.text()),
      })
      const page = await desk.get(erased.headers.get('location')!)
      const found = await desk.get('/admin/subscribers?q=reader%40example.com')

      expect(erased.status).toBe(303)
      expect(await t.deps.subscribers.get(id)).toBeUndefined()
      const html = await page.text()
      expect(html).not.toContain('reader@example.com')
      expect(html).not.toContain('김독자')
      expect(textOf(html)).toMatch(/삭제 · 처리: 김편집/)
      const lines = await t.deps.audit.list(subscriberSubject(id), { limit: 10 })
      expect(lines.map((line) => line.action)).toEqual(['erased'])
      expect(JSON.stringify(lines)).not.toContain('reader@example.com')
      expect(found.headers.get('location')).toBe(`/admin/subscribers/${id}`)
      expect((await desk.post(`/admin/subscribers/${id}/erase`, { _csrf: csrf })).status).toBe(404)
    })

    it('records the admin API’s erasure as "api"', async () => {
      const { id } = await stored('reader@example.com')

      const response = await t.admin('/api/subscribers/reader@example.com', { method: 'DELETE' })

      expect(response.status).toBe(204)
      const [line] = await t.deps.audit.list(subscriberSubject(id), { limit: 10 })
      expect(line).toMatchObject({ action: 'erased', actor: { name: 'api', via: 'api' } })
    })
  })

  it('shows a subscriber’s whole history: subscribed, confirmed, a digest, preferences, a bounce, unsuppressed, unsubscribed', async () => {
    // Prepare: a published article, then a subscriber's own steps through the public form and their links
    expect((await t.admin('/api/articles', { method: 'POST', body: articleJson() })).status).toBe(201)
    t.clock.advance(HOUR)
    await t.app.request('/subscribe', form({ email: 'reader@example.com', cadence: 'daily', lang: 'ko' }))
    await t.confirmations.drained()
    const id = subscriberId('reader@example.com')
    const pending = (await t.deps.subscribers.get(id))!
    await confirm(t.deps, tokenOf(subscriberLinks(t.deps, pending).confirmUrl))
    await t.confirmations.drained()
    t.clock.advance(HOUR)
    const runtime = await t.digestRuntime('history')
    await runtime.plan('daily', true)
    await drain(runtime.queue, t.clock)
    await runtime.stop()
    t.clock.advance(HOUR)
    const links = subscriberLinks(t.deps, (await t.deps.subscribers.get(id))!)
    await updatePreferences(t.deps, tokenOf(links.preferencesUrl), {
      topics: ['경제'],
      cadence: 'weekly',
      deliveryHour: 8,
      timezone: 'Asia/Seoul',
    })
    t.clock.advance(HOUR)
    await applyFeedback(t.deps, {
      notificationType: 'Bounce',
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: [{ emailAddress: 'reader@example.com' }],
      },
    })
    await desk.signIn()
    t.clock.advance(MINUTE)
    await desk.post(`/admin/subscribers/${id}/unsuppress`, {
      _csrf: await desk.csrf(`/admin/subscribers/${id}`),
    })
    t.clock.advance(MINUTE)
    await unsubscribe(t.deps, tokenOf(links.unsubscribeUrl))

    // Act
    const response = await desk.get(`/admin/subscribers/${id}`)

    // Assess: every step, newest first, each with who did it
    expect(response.status).toBe(200)
    const items = [...(await response.text()).matchAll(/<li><time[^>]*>[^<]*<\/time>(.*?)<\/li>/g)].map((m) =>
      textOf(m[1]!).trim(),
    )
    expect(items).toEqual([
      expect.stringMatching(/^· 구독 해지$/),
      expect.stringMatching(/^· 발송 중지 해제 \(confirmed\) · 처리: 김편집$/),
      expect.stringMatching(/^· 발송 중지 \(bounce: Permanent\/General\) · 처리: SES$/),
      expect.stringMatching(/^· 반송 \(Permanent\/General\) · 처리: SES$/),
      expect.stringMatching(/^· 설정 변경 \(topics, cadence, timezone\)$/),
      expect.stringMatching(/^· 다이제스트 발송 \(daily-2026-11-2\d\)$/),
      expect.stringMatching(/^· 구독 확인$/),
      expect.stringMatching(/^· 구독 신청 \(확인 메일 요청\)$/),
    ])
  })
})
