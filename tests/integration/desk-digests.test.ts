import { beforeEach, describe, expect, it } from 'vitest'
import { digestSubject } from '../../functions/core/audit'
import { TEST_DIGEST_ID } from '../../functions/core/digest'
import type { DigestStore } from '../../functions/core/ports'
import { subscriberId } from '../../functions/core/subscriber'
import { createApp } from '../../functions/http/app'
import { deadLetterQueue, digestTrigger } from '../../infra/local/digest-runtime'
import { DeskClient, csrfOf } from '../support/desk-client'
import { readOutbox } from '../support/outbox'
import { drain } from '../support/queue-clock'
import { articleJson, createTestApp, FixedClock, readJson } from '../support/test-app'
import { confirmedSubscriber } from '../support/subscribers'

// A ceiling, not an expectation: real MJML compiles, dynalite and the SES emulator on a busy machine.
const CEILING_MS = 120_000

type TestApp = Awaited<ReturnType<typeof createTestApp>>

/** Whom the outbox holds how many messages for. */
async function mailsByAddress(outboxDir: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const mail of await readOutbox(outboxDir)) {
    const to = mail.to && !Array.isArray(mail.to) ? mail.to.text : '?'
    counts[to] = (counts[to] ?? 0) + 1
  }
  return counts
}

/**
 * The desk's app with planner and sender in process, as under npm start; `digests` may be a store that
 * fails where a test says.
 */
async function deskWithDigests(t: TestApp, digests?: DigestStore) {
  const runtime = await t.digestRuntime('desk', digests ? { overrides: { digests } } : {})
  const app = createApp({
    ...t.deps,
    digestTrigger: digestTrigger(runtime),
    deadLetters: deadLetterQueue(runtime),
  })
  const desk = new DeskClient(app)
  await desk.signIn()
  return { runtime, app, desk }
}

describe('the desk digests (/admin/digests)', { timeout: CEILING_MS }, () => {
  let t: TestApp
  beforeEach(async () => {
    t = await createTestApp({ clock: new FixedClock(new Date('2026-11-26T23:00:00.000Z')) })
    await t.admin('/api/articles', {
      method: 'POST',
      body: articleJson({ title: '반도체 수출', slug: 'chips' }),
    })
    await t.admin('/api/articles', {
      method: 'POST',
      body: articleJson({ title: '초안 기사', slug: 'draft-one', status: 'draft' }),
    })
    t.clock.advance(3600_000)
  })

  it('needs a session for every page, the progress endpoint and the test send', async () => {
    const { app } = await deskWithDigests(t)
    const stranger = new DeskClient(app)
    for (const path of [
      '/admin/digests',
      '/admin/digests/preview',
      '/admin/digests/daily-2026-11-27/progress',
    ]) {
      const response = await stranger.get(path)
      expect(response.status, path).toBe(303)
      expect(response.headers.get('location')).toBe('/admin/sign-in')
    }
    const post = await stranger.post('/admin/digests/test', {
      articles: 'chips',
      lang: 'ko',
      to: 'a@example.com',
    })
    expect(post.status).toBe(401)
    expect(await mailsByAddress(t.outboxDir)).toEqual({})
  })

  it('previews a digest of chosen articles at 390 and 600 px, rendered as the planner renders it', async () => {
    // Prepare
    const { desk } = await deskWithDigests(t)

    // Act
    const chooser = await desk.get('/admin/digests/preview')
    const response = await desk.get('/admin/digests/preview?articles=chips&lang=ko')

    // Assess: only published articles to choose from; the email in two sandboxed frames
    const choices = await chooser.text()
    expect(choices).toContain('value="chips"')
    expect(choices).not.toContain('value="draft-one"')
    expect(response.status).toBe(200)
    const html = await response.text()
    const frames = [...html.matchAll(/<iframe[^>]*>/g)].map(([tag]) => tag)
    expect(frames).toHaveLength(2)
    expect(frames.map((tag) => /width="(\d+)"/.exec(tag)?.[1])).toEqual(['390', '600'])
    for (const tag of frames) {
      expect(tag).toContain('sandbox=""')
      expect(tag).toContain('반도체 수출')
      expect(tag).toContain('/digests/test-link?for=unsubscribe')
    }
  })

  it('shows the choice again with the problem when an article cannot be previewed', async () => {
    const { desk } = await deskWithDigests(t)
    const response = await desk.get('/admin/digests/preview?articles=no-such-article&lang=ko')
    expect(response.status).toBe(422)
    const html = await response.text()
    expect(html).toContain('role="alert"')
    expect(html).toContain('no-such-article')
    expect(html).toContain('value="chips"')
  })

  it('sends a test through the admin API’s use case, records it with the editor, and refuses bad input with the form again', async () => {
    // Prepare
    const { desk, app } = await deskWithDigests(t)
    const page = await (await desk.get('/admin/digests/preview?articles=chips&lang=ko')).text()
    const csrf = csrfOf(page)

    // Act: no CSRF token, a bad address, no article, then a good one
    const forged = await desk.post('/admin/digests/test', {
      articles: 'chips',
      lang: 'ko',
      to: 'editor@example.com',
    })
    const badAddress = await desk.post('/admin/digests/test', {
      _csrf: csrf,
      articles: 'chips',
      lang: 'ko',
      to: 'not-an-address',
    })
    const noArticle = await desk.post('/admin/digests/test', {
      _csrf: csrf,
      lang: 'ko',
      to: 'editor@example.com',
    })
    const refusedMail = await mailsByAddress(t.outboxDir)
    const sent = await desk.post('/admin/digests/test', {
      _csrf: csrf,
      articles: 'chips',
      lang: 'ko',
      to: 'editor@example.com',
    })
    const apiSent = await app.request('/api/digests/test', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.config.ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ articles: ['chips'], lang: 'en', to: 'api@example.com' }),
    })

    // Assess
    expect(forged.status).toBe(403)
    expect(badAddress.status).toBe(422)
    const badHtml = await badAddress.text()
    expect(badHtml).toContain('is not an email address')
    expect(badHtml).toContain('value="not-an-address"')
    expect(badHtml).toMatch(/<iframe/)
    expect(noArticle.status).toBe(422)
    expect(await noArticle.text()).toContain('needs at least one article slug')
    expect(refusedMail).toEqual({})
    expect(sent.status).toBe(303)
    expect(sent.headers.get('location')).toBe('/admin/digests/preview?articles=chips&lang=ko&sent')
    expect(apiSent.status).toBe(202)
    const mails = await readOutbox(t.outboxDir)
    expect(mails.map((mail) => mail.subject)).toEqual([
      expect.stringMatching(/^\[TEST\]/),
      expect.stringMatching(/^\[TEST\]/),
    ])
    expect(await mailsByAddress(t.outboxDir)).toEqual({ 'editor@example.com': 1, 'api@example.com': 1 })
    const log = await t.deps.audit.list(digestSubject(TEST_DIGEST_ID), { limit: 10 })
    expect(log.map((entry) => [entry.action, entry.actor])).toEqual(
      expect.arrayContaining([
        ['sent', { name: '김편집', via: 'desk' }],
        ['sent', { name: 'api', via: 'api' }],
      ]),
    )
    expect(JSON.stringify(log)).not.toContain('editor@example.com')
    const after = await (await desk.get('/admin/digests/preview?articles=chips&lang=ko&sent')).text()
    expect(after).toContain('테스트를 보냈습니다')
    expect(after).toContain('김편집')
  })

  it('runs a cadence now from the list, as npm run digest does, and writes the editor in the digest’s log', async () => {
    // Prepare
    await confirmedSubscriber(t, 'reader@example.com')
    const { desk, runtime } = await deskWithDigests(t)
    const list = await (await desk.get('/admin/digests')).text()
    const csrf = csrfOf(list)

    // Act: no CSRF token, an unknown cadence, then daily for everyone; then the same run again
    const forged = await desk.post('/admin/digests/run', { cadence: 'daily', force: 'on' })
    const unknown = await desk.post('/admin/digests/run', { _csrf: csrf, cadence: 'hourly', force: 'on' })
    const ran = await desk.post('/admin/digests/run', { _csrf: csrf, cadence: 'daily', force: 'on' })
    await drain(runtime.queue, t.clock)
    const again = await desk.post('/admin/digests/run', { _csrf: csrf, cadence: 'daily', force: 'on' })
    await drain(runtime.queue, t.clock)

    // Assess
    expect(list).toContain('action="/admin/digests/run"')
    expect(forged.status).toBe(403)
    expect(unknown.status).toBe(422)
    expect(await unknown.text()).toContain(
      'must be &quot;daily&quot;, &quot;weekly&quot; or &quot;instant&quot;',
    )
    expect(ran.status).toBe(200)
    const ranHtml = await ran.text()
    const digestId = /보내는 상황 보기: <a href="\/admin\/digests\/(daily-[0-9-]+)">/.exec(ranHtml)?.[1]
    expect(digestId).toBeDefined()
    expect(ranHtml).toContain(`${digestId}: 새로 계획 1명, 이어서 0명; 매일 구독자 1명.`)
    expect(await again.text()).toContain('role="status"')
    expect(await mailsByAddress(t.outboxDir)).toEqual({ 'reader@example.com': 1 })
    const log = await t.deps.audit.list(digestSubject(digestId!), { limit: 10 })
    expect(log.map((entry) => [entry.action, entry.actor, entry.detail])).toContainEqual([
      'sent',
      { name: '김편집', via: 'desk' },
      'run now (daily, everyone on it): 1 planned, 0 queued again',
    ])
    expect(await (await desk.get(`/admin/digests/${digestId}`)).text()).toContain('김편집')
  })

  it('lists digests with their counts and shows one digest’s progress as a page and as JSON', async () => {
    // Prepare
    await confirmedSubscriber(t, 'reader@example.com')
    const { desk, runtime } = await deskWithDigests(t)
    const [digestId] = (await runtime.plan('daily', true)).digests
    await drain(runtime.queue, t.clock)
    // SES reported the message delivered (the SES-events function counts it so)
    await t.deps.figures.countOnce(digestId!, 'delivered', 'ses-delivery-1', t.clock.now())

    // Act
    const list = await (await desk.get('/admin/digests')).text()
    const page = await desk.get(`/admin/digests/${digestId}`)
    const progress = await readJson(desk.get(`/admin/digests/${digestId}/progress`))
    const missing = await desk.get('/admin/digests/daily-1999-01-01')

    // Assess
    expect(list).toContain(`href="/admin/digests/${digestId}"`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toMatch(/data-progress="sent">1</)
    expect(html).toContain('aria-live="polite"')
    expect(html).toMatch(/data-figure="sent">1</)
    expect(html).toMatch(/data-figure="delivered">1</)
    expect(html).toMatch(/data-figure="bounced">0</)
    expect(html).toContain(`href="/admin/digests/${digestId}"`) // the refresh link, for pages without script
    expect(progress).toMatchObject({ planned: 1, sent: 1, failed: 0, skipped: 0, waiting: 0 })
    expect(typeof progress.ratePerSecond).toBe('number')
    expect(missing.status).toBe(404)
  })

  it('retries a dead-lettered batch through the ledger: recipients already sent are not mailed twice', async () => {
    // Prepare: every send works, but recording the subscribers' cursors fails, so the batch fails after
    // its sends, is redelivered (finding everyone sent) and after five receives lands on the dead letters.
    await confirmedSubscriber(t, 'one@example.com')
    await confirmedSubscriber(t, 'two@example.com')
    let cursorsFail = true
    const store = t.deps.digests
    const flaky: DigestStore = Object.create(store, {
      moveLastDigestAt: {
        value: async (...args: Parameters<DigestStore['moveLastDigestAt']>) => {
          if (cursorsFail) throw new Error('cursor write refused')
          return store.moveLastDigestAt(...args)
        },
      },
    })
    const { desk, runtime } = await deskWithDigests(t, flaky)
    const [digestId] = (await runtime.plan('daily', true)).digests
    await drain(runtime.queue, t.clock)
    expect(await mailsByAddress(t.outboxDir)).toEqual({ 'one@example.com': 1, 'two@example.com': 1 })
    const letters = runtime.queue.deadLetters()
    expect(letters.flatMap((letter) => letter.batch.subscriberIds)).toHaveLength(2)
    cursorsFail = false

    // Act: the list, a forged retry, a retry of each letter, one retried again
    const list = await (await desk.get('/admin/digests/dead-letters')).text()
    const forged = await desk.post(`/admin/digests/dead-letters/${letters[0]!.messageId}/retry`, {})
    const csrf = csrfOf(list)
    const retries = []
    for (const letter of letters) {
      retries.push(await desk.post(`/admin/digests/dead-letters/${letter.messageId}/retry`, { _csrf: csrf }))
    }
    const again = await desk.post(`/admin/digests/dead-letters/${letters[0]!.messageId}/retry`, {
      _csrf: csrf,
    })
    await drain(runtime.queue, t.clock)

    // Assess
    expect(list).toContain(`/admin/digests/dead-letters/${letters[0]!.messageId}/retry`)
    expect(forged.status).toBe(403)
    expect(retries.map((response) => response.status)).toEqual(letters.map(() => 303))
    expect(again.status).toBe(404)
    expect(runtime.queue.deadLetters()).toEqual([])
    expect(await mailsByAddress(t.outboxDir)).toEqual({ 'one@example.com': 1, 'two@example.com': 1 })
    // The retry did reach them through the ledger: their cursors moved to this digest now.
    const cursors = await store.lastDigestsAt(
      [subscriberId('one@example.com'), subscriberId('two@example.com')],
      'daily',
    )
    expect(cursors.size).toBe(2)
    const page = await (await desk.get(`/admin/digests/${digestId}`)).text()
    expect(page).toContain('김편집')
    expect(page).toContain('dead letters')
    const log = await t.deps.audit.list(digestSubject(digestId!), { limit: 10 })
    expect(log).toHaveLength(letters.length)
    expect(log.every((entry) => entry.action === 'sent' && entry.actor.via === 'desk')).toBe(true)
  })
})
