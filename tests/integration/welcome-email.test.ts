import type { ParsedMail } from 'mailparser'
import { beforeEach, describe, expect, it } from 'vitest'
import { runConfirmationJob } from '../../functions/core/confirmation'
import { subscriberId } from '../../functions/core/subscriber'
import { emailElements } from '../support/email-dom'
import { linkIn, messageTags, readOutbox } from '../support/outbox'
import { articleJson, createTestApp, SITE_URL } from '../support/test-app'

type TestApp = Awaited<ReturnType<typeof createTestApp>>

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
})
const path = (url: string) => url.replace(SITE_URL, '')
const tokenOf = (url: string) => new URL(url).searchParams.get('token')!
const READER = 'reader@example.com'
const WELCOME_KO = 'Pressroom Test 구독을 환영합니다'

describe('the welcome email', () => {
  let t: TestApp
  const outbox = async () => {
    await t.confirmations.drained()
    return readOutbox(t.outboxDir)
  }
  const welcomesIn = (mails: ParsedMail[]) => mails.filter((mail) => mail.subject === WELCOME_KO)
  const welcomes = async () => welcomesIn(await outbox())
  // With the worker stopped, the queue never drains: read the outbox as it is.
  const welcomesNow = async () => welcomesIn(await readOutbox(t.outboxDir))

  /** Subscribes READER in Korean and confirms by POST, as the page's button does; returns the token. */
  async function subscribeAndConfirm(): Promise<string> {
    await t.app.request('/subscribe', form({ email: READER, lang: 'ko', cadence: 'weekly' }))
    const confirmation = (await outbox()).at(-1)!
    const token = tokenOf(linkIn(confirmation, `${SITE_URL}/confirm?token=`))
    const confirmed = await t.app.request('/confirm', form({ token }))
    expect(confirmed.status).toBe(200)
    return token
  }

  beforeEach(async () => {
    t = await createTestApp()
    // Four published articles a day apart (the newest last) and a newer draft.
    for (const day of [1, 2, 3, 4]) {
      const response = await t.admin('/api/articles', {
        method: 'POST',
        body: articleJson({
          title: `경제 브리핑 ${day}호`,
          slug: `briefing-${day}`,
          author: '김민준',
          publishedAt: `2026-11-0${day}T00:00:00Z`,
        }),
      })
      expect(response.status).toBe(201)
    }
    await t.admin('/api/articles', {
      method: 'POST',
      body: articleJson({ title: '초안', slug: 'draft-article', status: 'draft' }),
    })
  })

  it('arrives once after confirmation, in Korean, with the three latest published articles', async () => {
    // Act
    const token = await subscribeAndConfirm()
    const again = await t.app.request('/confirm', form({ token }))

    // Assess
    expect(again.status).toBe(200)
    const mails = await welcomes()
    expect(mails).toHaveLength(1)
    const [mail] = mails as [ParsedMail]
    expect(mail.to).toMatchObject({ text: READER })
    const html = String(mail.html)
    const elements = emailElements(html)
    expect(elements.find((element) => element.tag === 'html')?.attrs.lang).toBe('ko')
    const articleLinks = elements
      .filter((element) => element.tag === 'a' && element.attrs.href?.startsWith(`${SITE_URL}/articles/`))
      .map((element) => [element.attrs.href, element.text])
    expect(articleLinks).toEqual([
      [`${SITE_URL}/articles/briefing-4`, '경제 브리핑 4호'],
      [`${SITE_URL}/articles/briefing-3`, '경제 브리핑 3호'],
      [`${SITE_URL}/articles/briefing-2`, '경제 브리핑 2호'],
    ])
    expect(elements.map((element) => element.text)).toContain('김민준 · 2026년 11월 4일 · 1분 읽기')
    expect(html).not.toMatch(/\{\{|draft-article/)
    expect(mail.text).toContain('경제 브리핑 4호')
  })

  it('carries one-click List-Unsubscribe and signed links that work', async () => {
    // Prepare
    await subscribeAndConfirm()
    const [mail] = (await welcomes()) as [ParsedMail]

    // Act
    const unsubscribeUrl = linkIn(mail, `${SITE_URL}/unsubscribe?token=`)
    const preferencesUrl = linkIn(mail, `${SITE_URL}/preferences?token=`)
    const preferences = await t.app.request(path(preferencesUrl))
    // RFC 8058: what a mail client's one-click button does with the List-Unsubscribe URL.
    const header = mail.headerLines.find((line) => line.key === 'list-unsubscribe')?.line ?? ''
    const oneClick = /<(https:[^>]+)>/.exec(header)?.[1] ?? ''
    const left = await t.app.request(path(oneClick), form({ 'List-Unsubscribe': 'One-Click' }))

    // Assess
    expect(oneClick).toBe(unsubscribeUrl)
    expect(mail.headerLines.find((line) => line.key === 'list-unsubscribe-post')?.line).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    )
    expect(mail.headerLines.find((line) => line.key === 'list-id')?.line).toContain(
      '<digest.news.example.com>',
    )
    expect(messageTags(mail)).toEqual({ 'ses:feedback-id-a': 'welcome', 'ses:feedback-id-b': 'none' })
    expect(preferences.status).toBe(200)
    expect(left.status).toBe(200)
    expect((await t.deps.subscribers.get(subscriberId(READER)))?.state).toBe('unsubscribed')
  })

  it('goes out once when its job is delivered twice, even to two workers at once', async () => {
    // Prepare: confirmed and welcomed, as the click leaves it
    await subscribeAndConfirm()
    await t.confirmations.drained()
    const { confirmedAt } = (await t.deps.subscribers.get(subscriberId(READER)))!
    const job = { kind: 'welcome' as const, subscriberId: subscriberId(READER), confirmedAt: confirmedAt! }

    // Act: the queue delivers the same job again, twice over, concurrently
    const outcomes = await Promise.all([runConfirmationJob(t.deps, job), runConfirmationJob(t.deps, job)])

    // Assess
    expect(outcomes).toEqual(['nothing-due', 'nothing-due'])
    expect(await welcomes()).toHaveLength(1)
  })

  it('is sent by one of two workers racing for the same job', async () => {
    // Prepare: the worker stopped, so the click's job waits; the test runs it twice at once instead
    t = await createTestApp({ confirmationWorker: false })
    await t.admin('/api/articles', { method: 'POST', body: articleJson({ slug: 'only-one' }) })
    const { startLocalConfirmations } = await import('../../functions/confirmations/local-worker')
    const worker = startLocalConfirmations(t.deps)
    await t.app.request('/subscribe', form({ email: READER, lang: 'ko' }))
    const token = tokenOf(linkIn((await outbox()).at(-1)!, `${SITE_URL}/confirm?token=`))
    await worker.stop()
    await t.app.request('/confirm', form({ token }))
    const { confirmedAt } = (await t.deps.subscribers.get(subscriberId(READER)))!
    const job = { kind: 'welcome' as const, subscriberId: subscriberId(READER), confirmedAt: confirmedAt! }

    // Act
    const outcomes = await Promise.all([runConfirmationJob(t.deps, job), runConfirmationJob(t.deps, job)])

    // Assess
    expect(outcomes.sort()).toEqual(['nothing-due', 'sent'])
    expect(await welcomesNow()).toHaveLength(1)
  })

  it('takes its mark back when the send fails, so the retry sends it', async () => {
    // Prepare
    t = await createTestApp({ confirmationWorker: false })
    const { startLocalConfirmations } = await import('../../functions/confirmations/local-worker')
    const worker = startLocalConfirmations(t.deps)
    await t.app.request('/subscribe', form({ email: READER, lang: 'ko' }))
    const token = tokenOf(linkIn((await outbox()).at(-1)!, `${SITE_URL}/confirm?token=`))
    await worker.stop()
    await t.app.request('/confirm', form({ token }))
    const { confirmedAt } = (await t.deps.subscribers.get(subscriberId(READER)))!
    const job = { kind: 'welcome' as const, subscriberId: subscriberId(READER), confirmedAt: confirmedAt! }
    const failing = { ...t.deps, mailer: { send: () => Promise.reject(new Error('SES is down')) } }

    // Act
    const failed = runConfirmationJob(failing, job)
    await expect(failed).rejects.toThrow('SES is down')
    const retried = await runConfirmationJob(t.deps, job)

    // Assess
    expect(retried).toBe('sent')
    expect(await welcomesNow()).toHaveLength(1)
  })
})
