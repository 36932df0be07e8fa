import { beforeEach, describe, expect, it } from 'vitest'
import { subscriberId } from '../../functions/core/subscriber'
import { subscriberLinks } from '../../functions/core/subscriptions'
import { linkIn, readOutbox } from '../support/outbox'
import { createTestApp, readJson, SITE_URL } from '../support/test-app'

type TestApp = Awaited<ReturnType<typeof createTestApp>>

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
})
const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})
const path = (url: string) => url.replace(SITE_URL, '')
const tokenOf = (url: string) => new URL(url).searchParams.get('token')!

describe('subscriptions', () => {
  let t: TestApp
  beforeEach(async () => {
    t = await createTestApp()
  })

  // The confirmation worker acts on a subscribe after the answer has gone: every look at a subscriber's
  // state or at the outbox first waits for it to finish what was queued.
  const stateOf = async (email: string) => {
    await t.confirmations.drained()
    return (await t.deps.subscribers.get(subscriberId(email)))?.state
  }
  const outbox = async () => {
    await t.confirmations.drained()
    return readOutbox(t.outboxDir)
  }
  const confirmLink = async (index = -1) => linkIn((await outbox()).at(index)!, `${SITE_URL}/confirm?token=`)

  it('walks the whole life: subscribe, confirm by POST, change settings, leave with one click', async () => {
    // Subscribe from the form
    const page = await t.app.request(
      '/subscribe',
      form({ email: 'Reader@Example.com', lang: 'ko', cadence: 'weekly', timezone: 'Asia/Seoul' }),
    )
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('메일함을 확인해 주세요')
    expect(await stateOf('reader@example.com')).toBe('pending')

    // The confirmation email, in Korean, carries a signed link; opening it (GET) changes nothing
    const [mail] = await outbox()
    expect(mail!.to).toMatchObject({ text: 'reader@example.com' })
    expect(mail!.subject).toMatch(/[가-힣]/)
    const link = await confirmLink()
    const confirmPage = await t.app.request(path(link))
    expect(confirmPage.status).toBe(200)
    expect(await confirmPage.text()).toContain('<form method="post" action="/confirm">')
    expect(await stateOf('reader@example.com')).toBe('pending')

    // The button POSTs the token
    const confirmed = await t.app.request('/confirm', form({ token: tokenOf(link) }))
    expect(confirmed.status).toBe(200)
    expect(await stateOf('reader@example.com')).toBe('confirmed')

    // Preferences: GET shows them, POST saves
    const subscriber = (await t.deps.subscribers.get(subscriberId('reader@example.com')))!
    const links = subscriberLinks(t.deps, subscriber)
    expect((await t.app.request(path(links.preferencesUrl))).status).toBe(200)
    const saved = await t.app.request(
      '/preferences',
      form({
        token: tokenOf(links.preferencesUrl),
        cadence: 'daily',
        topics: '경제, AI',
        deliveryHour: '7',
        timezone: 'Asia/Seoul',
        lang: 'en',
      }),
    )
    expect(saved.status).toBe(200)
    expect(await t.deps.subscribers.get(subscriber.id)).toMatchObject({
      cadence: 'daily',
      topics: ['경제', 'ai'],
      deliveryHour: 7,
      lang: 'en',
    })

    // RFC 8058 one-click: a POST with the token in the URL, no cookie, no confirmation step
    const gone = await t.app.request(path(links.unsubscribeUrl), form({ 'List-Unsubscribe': 'One-Click' }))
    expect(gone.status).toBe(200)
    expect(await stateOf('reader@example.com')).toBe('unsubscribed')
  })

  it('says on the subscribe page, in Korean and English, that no pixel or rewritten link tracks the reader', async () => {
    const korean = await (await t.app.request('/subscribe')).text()
    const english = await (
      await (await createTestApp({ publication: { lang: 'en' } })).app.request('/subscribe')
    ).text()

    expect(korean).toContain('<h2 id="no-tracking-heading">읽는 분을 추적하지 않습니다</h2>')
    expect(korean).toContain('열람 추적 픽셀을 넣지 않고, 링크도 바꿔 쓰지 않아')
    expect(english).toContain('<h2 id="no-tracking-heading">We do not track you</h2>')
    expect(english).toContain(
      'Our emails carry no open pixel, and their links go straight to the page they name',
    )
  })

  it('changes nothing on any GET, whatever a mail scanner fetches', async () => {
    await t.app.request('/subscribe', json({ email: 'scan@example.com' }))
    const link = await confirmLink()
    for (let i = 0; i < 3; i++) await t.app.request(path(link))
    expect(await stateOf('scan@example.com')).toBe('pending')
    await t.app.request('/confirm', form({ token: tokenOf(link) }))
    const links = subscriberLinks(t.deps, (await t.deps.subscribers.get(subscriberId('scan@example.com')))!)
    for (let i = 0; i < 3; i++) await t.app.request(path(links.unsubscribeUrl))
    expect(await stateOf('scan@example.com')).toBe('confirmed')
  })

  it('answers the same whatever the address’s state, so nobody can learn who subscribed', async () => {
    await t.app.request('/subscribe', json({ email: 'known@example.com' }))
    await t.app.request('/confirm', form({ token: tokenOf(await confirmLink()) }))
    const known = await t.app.request('/subscribe', json({ email: 'known@example.com' }))
    const unknown = await t.app.request('/subscribe', json({ email: 'new@example.com' }))
    expect(known.status).toBe(unknown.status)
    expect(await known.text()).toBe(await unknown.text())
  })

  it('sends a pending address at most one confirmation per interval', async () => {
    await t.app.request('/subscribe', json({ email: 'again@example.com' }))
    await t.app.request('/subscribe', json({ email: 'again@example.com' }))
    expect(await outbox()).toHaveLength(1)
    t.clock.advance(11 * 60_000)
    await t.app.request('/subscribe', json({ email: 'again@example.com' }))
    expect(await outbox()).toHaveLength(2)
  })

  it('ends two concurrent subscribes of one address with one record and one email', async () => {
    const responses = await Promise.all(
      Array.from({ length: 4 }, () => t.app.request('/subscribe', json({ email: 'race@example.com' }))),
    )
    expect(responses.map((r) => r.status)).toEqual([202, 202, 202, 202])
    await t.confirmations.drained()
    const list = await readJson(t.admin('/api/subscribers?q=race'))
    expect(list.items).toHaveLength(1)
    expect(await outbox()).toHaveLength(1)
  })

  it('refuses tampered, expired and replayed links with a page, not an error', async () => {
    await t.app.request('/subscribe', json({ email: 'links@example.com' }))
    const token = tokenOf(await confirmLink())
    const [payload, signature] = token.split('.')
    const forged = `${Buffer.from(JSON.stringify({ purpose: 'confirm', sub: subscriberId('other@example.com'), v: 1 })).toString('base64url')}.${signature}`
    for (const bad of [`${payload}.${signature!.slice(0, -2)}xx`, forged, 'garbage', '']) {
      const response = await t.app.request('/confirm', form({ token: bad }))
      expect(response.status, bad).toBe(400)
      expect(await response.text()).toContain('더 이상 쓸 수 없는 링크입니다') // the test publication is Korean
    }
    // A confirmation link for the wrong purpose does not unsubscribe
    expect(
      (await t.app.request(`/unsubscribe?token=${token}`, form({ 'List-Unsubscribe': 'One-Click' }))).status,
    ).toBe(400)

    // Expired: confirmation links live 7 days
    t.clock.advance(8 * 24 * 3600_000)
    expect((await t.app.request('/confirm', form({ token }))).status).toBe(400)
    expect(await stateOf('links@example.com')).toBe('pending')
  })

  it('needs a new opt-in after leaving; links from before stop working', async () => {
    await t.app.request('/subscribe', json({ email: 'back@example.com' }))
    const firstToken = tokenOf(await confirmLink())
    await t.app.request('/confirm', form({ token: firstToken }))
    const links = subscriberLinks(t.deps, (await t.deps.subscribers.get(subscriberId('back@example.com')))!)
    await t.app.request(path(links.unsubscribeUrl), form({ 'List-Unsubscribe': 'One-Click' }))

    // Replaying the old confirmation link does not bring the subscription back
    expect((await t.app.request('/confirm', form({ token: firstToken }))).status).toBe(400)
    expect((await t.app.request(path(links.preferencesUrl))).status).toBe(400)
    expect(await stateOf('back@example.com')).toBe('unsubscribed')

    // Subscribing again: pending, and a new confirmation that works
    t.clock.advance(11 * 60_000)
    await t.app.request('/subscribe', json({ email: 'back@example.com' }))
    expect(await stateOf('back@example.com')).toBe('pending')
    await t.app.request('/confirm', form({ token: tokenOf(await confirmLink()) }))
    expect(await stateOf('back@example.com')).toBe('confirmed')
  })

  it('never mails a suppressed address, and says nothing about it', async () => {
    await t.app.request('/subscribe', json({ email: 'bounced@example.com' }))
    await t.confirmations.drained()
    const subscriber = (await t.deps.subscribers.get(subscriberId('bounced@example.com')))!
    await t.deps.subscribers.replace(
      { ...subscriber, state: 'suppressed', revision: subscriber.revision + 1 },
      subscriber.revision,
    )
    t.clock.advance(3600_000)
    const response = await t.app.request('/subscribe', json({ email: 'bounced@example.com' }))
    expect(response.status).toBe(202)
    expect(await outbox()).toHaveLength(1)
  })

  it('rate-limits per address and per client with a clear 429', async () => {
    for (let i = 0; i < 5; i++) await t.app.request('/subscribe', json({ email: 'flood@example.com' }))
    const limited = await t.app.request('/subscribe', json({ email: 'flood@example.com' }))
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('3600')
    expect(await readJson(limited)).toMatchObject({ error: 'rate_limited' })

    for (let i = 0; i < 14; i++) await t.app.request('/subscribe', json({ email: `client${i}@example.com` }))
    const client = await t.app.request('/subscribe', json({ email: 'one-more@example.com' }))
    expect(client.status).toBe(429)
    const page = await t.app.request('/subscribe', form({ email: 'form@example.com' }))
    expect(page.status).toBe(429)
    expect(await page.text()).toContain('요청이 너무 많습니다')
  })

  it('refuses bad input before it counts against the hourly limit, so a mistyped form never locks a reader out', async () => {
    // Prepare: more invalid attempts from one client than the hourly limit allows valid ones.
    for (let i = 0; i < 21; i++) {
      const refused = await t.app.request('/subscribe', form({ email: `typo-${i}`, lang: 'en' }))
      expect(refused.status).toBe(422)
    }
    // Act
    const valid = await t.app.request('/subscribe', form({ email: 'finally@example.com', lang: 'en' }))
    // Assess
    expect(valid.status).toBe(200)
    expect(await stateOf('finally@example.com')).toBe('pending')
  })

  it('names the bad field, as JSON or on the form page', async () => {
    const apiResponse = await t.app.request(
      '/subscribe',
      json({ email: 'not-an-address', cadence: 'hourly' }),
    )
    expect(apiResponse.status).toBe(422)
    const fields = (await readJson(apiResponse)).problems.map((p: { field: string }) => p.field).sort()
    expect(fields).toEqual(['cadence', 'email'])
    const page = await t.app.request('/subscribe', form({ email: 'nope', deliveryHour: '25' }))
    expect(page.status).toBe(422)
    const text = await page.text()
    // The field's label and what a valid value looks like, both in the page's language (the JSON API keeps
    // the validator's wording).
    expect(text).toContain('이메일 주소: name@example.com 같은 이메일 주소를 입력해 주세요')
    expect(text).toContain('받는 시각 (0–23시, 현지 시간): 0시부터 23시 사이에서 골라 주세요')
    expect(text).not.toContain('is not an email address')
    expect(text).toContain('aria-invalid="true" aria-describedby="problem-email"')
    expect(text).toContain('aria-describedby="problem-deliveryHour"')
    expect(text).toMatch(/<details open(="")?>/) // the preference fields hold a problem: shown, not folded
    const english = await (await t.app.request('/subscribe', form({ email: 'nope', lang: 'en' }))).text()
    expect(english).toContain('Email address: enter an email address such as name@example.com')
  })
})
