import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { TTL_ATTRIBUTE } from '../../functions/adapters/dynamodb/table-schema'
import { describe, expect, it } from 'vitest'
import { headerLine, messageTags, readOutbox } from '../support/outbox'
import { drain } from '../support/queue-clock'
import { strings } from '../../functions/email/strings'
import { createApp } from '../../functions/http/app'
import {
  ADMIN_TOKEN,
  articleJson,
  createTestApp,
  FixedClock,
  readJson,
  SENDER_DOMAIN,
  SITE_URL,
} from '../support/test-app'
import { confirmedSubscriber } from '../support/subscribers'

// A ceiling, not an expectation: these tests wait for runs and queues to finish (real MJML compiles, real
// dynalite and SES emulator), which takes a few seconds on a quiet machine and many times that with both
// cores busy; nothing in them depends on how fast that is.
const DIGEST_TEST_CEILING_MS = 120_000

type TestApp = Awaited<ReturnType<typeof createTestApp>>

function runtimeFor(t: TestApp) {
  return t.digestRuntime('test')
}

describe('a digest run', { timeout: DIGEST_TEST_CEILING_MS }, () => {
  it('sends each subscriber the new articles on their topics, once, and nothing to those with nothing new', async () => {
    // Prepare: two articles on different topics at 08:00 in Seoul, subscribers due at 09:00
    const t = await createTestApp({ clock: new FixedClock(new Date('2026-11-26T23:00:00.000Z')) })
    await t.admin('/api/articles', {
      method: 'POST',
      body: articleJson({ title: '반도체 수출', tags: ['경제'] }),
    })
    await t.admin('/api/articles', {
      method: 'POST',
      body: articleJson({ title: '국회 소식', tags: ['정치'], slug: 'politics' }),
    })
    t.clock.advance(3600_000)
    await confirmedSubscriber(t, 'economy@example.com', { topics: ['경제'] })
    await confirmedSubscriber(t, 'everything@example.com', { lang: 'en' })
    await confirmedSubscriber(t, 'sports@example.com', { topics: ['스포츠'] })
    await confirmedSubscriber(t, 'weekly@example.com', { cadence: 'weekly' })
    const runtime = await runtimeFor(t)

    // Act
    const summary = await runtime.plan('daily', false)
    await drain(runtime.queue, t.clock)

    // Assess
    expect(summary).toMatchObject({ planned: 2, nothingNew: 1, variants: 2, digests: ['daily-2026-11-27'] })
    const mails = await readOutbox(t.outboxDir)
    const to = (address: string) =>
      mails.filter((mail) => mail.to && !Array.isArray(mail.to) && mail.to.text === address)
    expect(to('economy@example.com')).toHaveLength(1)
    expect(to('economy@example.com')[0]!.text).toContain('반도체 수출')
    expect(to('economy@example.com')[0]!.text).not.toContain('국회 소식')
    expect(to('everything@example.com')[0]!.text).toContain('국회 소식')
    expect(to('sports@example.com')).toHaveLength(0)
    expect(to('weekly@example.com')).toHaveLength(0)
    for (const mail of mails) {
      // Aligned: the From domain is the one DKIM signs with (SES_SENDER_DOMAIN).
      expect(mail.from?.value[0]?.address?.split('@')[1]).toBe(SENDER_DOMAIN)
      expect(headerLine(mail, 'list-id')).toBe('List-ID: "Pressroom Test" <digest.news.example.com>')
      expect(headerLine(mail, 'list-unsubscribe-post')).toBe(
        'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      )
      expect(headerLine(mail, 'list-unsubscribe')).toMatch(
        new RegExp(`^List-Unsubscribe: <${SITE_URL}/unsubscribe\\?token=[\\w.-]+>$`),
      )
      // What SES puts at the front of its Feedback-ID: the stream and the cadence, nobody's own value;
      // and the digest its events count for (delivery figures).
      expect(messageTags(mail)).toEqual({
        'pressroom-digest': expect.stringMatching(/^daily-\d{4}-\d{2}-\d{2}/),
        'ses:feedback-id-a': 'digest',
        'ses:feedback-id-b': 'daily',
      })
    }

    // Planning the same window again sends nothing more
    const again = await runtime.plan('daily', true)
    await drain(runtime.queue, t.clock)
    expect(again.planned).toBe(0)
    expect(await readOutbox(t.outboxDir)).toHaveLength(2)

    // The digest's status, for operators
    const digest = await readJson(t.admin('/api/digests/daily-2026-11-27'))
    // The second run found nothing unfinished in the ledger, so the digest is done
    expect(digest).toMatchObject({ state: 'done', counts: { planned: 2, sent: 2, failed: 0, skipped: 0 } })
    expect(digest.variants).toHaveLength(2)
    await runtime.stop()
  })

  it('waits for each subscriber’s local delivery hour unless forced', async () => {
    const t = await createTestApp({ clock: new FixedClock(new Date('2026-11-27T03:00:00.000Z')) }) // 12:00 in Seoul
    await t.admin('/api/articles', { method: 'POST', body: articleJson() })
    await confirmedSubscriber(t, 'nine@example.com', { deliveryHour: 9 })
    await confirmedSubscriber(t, 'noon@example.com', { deliveryHour: 12 })
    const runtime = await runtimeFor(t)
    expect(await runtime.plan('daily', false)).toMatchObject({ planned: 1, notDue: 1 })
    expect(await runtime.plan('daily', true)).toMatchObject({ planned: 1 })
    await drain(runtime.queue, t.clock)
    expect(await readOutbox(t.outboxDir)).toHaveLength(2)
    await runtime.stop()
  })

  it('lets two runs of one cadence start together without planning anyone twice', async () => {
    const t = await createTestApp({ clock: new FixedClock(new Date('2026-11-27T00:00:00.000Z')) })
    await t.admin('/api/articles', { method: 'POST', body: articleJson() })
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) await confirmedSubscriber(t, `${name}@example.com`)
    const runtime = await runtimeFor(t)
    const [first, second] = await Promise.all([runtime.plan('daily', true), runtime.plan('daily', true)])
    expect(first.planned + second.planned).toBe(6)
    await drain(runtime.queue, t.clock)
    expect(await readOutbox(t.outboxDir)).toHaveLength(6)
    expect((await t.deps.digests.getDigest(first.digests[0]!))!.counts).toMatchObject({ planned: 6, sent: 6 })
    await runtime.stop()
  })

  it('replaces counters a dead sender left short with the ledger’s tally, once no sender can still write', async () => {
    const t = await createTestApp({ clock: new FixedClock(new Date('2026-11-27T00:00:00.000Z')) })
    await t.admin('/api/articles', { method: 'POST', body: articleJson() })
    const first = await confirmedSubscriber(t, 'a@example.com')
    for (const name of ['b', 'c']) await confirmedSubscriber(t, `${name}@example.com`)
    const runtime = await runtimeFor(t)
    const [digestId] = (await runtime.plan('daily', true)).digests
    await drain(runtime.queue, t.clock)
    // The ledger is left to DynamoDB's TTL 180 days after planning.
    const { Item } = await t.document.send(
      new GetCommand({
        TableName: t.tableName,
        Key: { PK: `DIGEST#${digestId}`, SK: `DELIVERY#${first.id}` },
      }),
    )
    expect(Item?.[TTL_ATTRIBUTE]).toBe(Date.parse('2026-11-27T00:00:00.000Z') / 1000 + 180 * 24 * 3600)
    // As if one sender had died after marking a recipient sent but before its batch's counter write.
    await t.deps.digests.addCounts(digestId!, { sent: -1 })

    await runtime.plan('daily', true) // moments later: a sender could still be about to write
    expect((await t.deps.digests.getDigest(digestId!))!.counts).toMatchObject({ planned: 3, sent: 2 })

    t.clock.advance(11 * 60_000)
    await runtime.plan('daily', true)
    const digest = (await t.deps.digests.getDigest(digestId!))!
    expect(digest.state).toBe('done')
    expect(digest.counts).toEqual({ planned: 3, sent: 3, failed: 0, skipped: 0 })
    expect(await readOutbox(t.outboxDir)).toHaveLength(3)
    await runtime.stop()
  })

  it('leaves the state and counters to the run that is adding deliveries to the digest', async () => {
    const t = await createTestApp({ clock: new FixedClock(new Date('2026-11-27T00:00:00.000Z')) })
    await t.admin('/api/articles', { method: 'POST', body: articleJson() })
    for (const name of ['a', 'b', 'c']) await confirmedSubscriber(t, `${name}@example.com`)
    const runtime = await runtimeFor(t)
    const [digestId] = (await runtime.plan('daily', true)).digests
    await drain(runtime.queue, t.clock)
    await t.deps.digests.addCounts(digestId!, { sent: -1 }) // short, as a dead sender leaves them
    t.clock.advance(11 * 60_000) // quiet: a walk of the ledger would now set the counters from it

    // Another run is planning this digest (it holds the lease): this run has nobody new to add, so it must
    // not walk the ledger and overwrite counters while deliveries are being added.
    const now = t.clock.now()
    expect(
      await t.deps.digests.leasePlanning(digestId!, 'other-run', new Date(now.getTime() + 60_000), now),
    ).toBe(true)
    const during = await runtime.plan('daily', true)
    expect(during.planned).toBe(0)
    expect((await t.deps.digests.getDigest(digestId!))!.counts).toMatchObject({ planned: 3, sent: 2 })

    // Once that run has let go, the next run walks the ledger and sets the counters from it.
    await t.deps.digests.releasePlanning(digestId!, 'other-run')
    await runtime.plan('daily', true)
    const digest = (await t.deps.digests.getDigest(digestId!))!
    expect(digest.state).toBe('done')
    expect(digest.counts).toEqual({ planned: 3, sent: 3, failed: 0, skipped: 0 })
    await runtime.stop()
  })

  it('skips a subscriber who left after planning, and serves the web version without personal links', async () => {
    const t = await createTestApp({ clock: new FixedClock(new Date('2026-11-27T00:00:00.000Z')) })
    await t.admin('/api/articles', { method: 'POST', body: articleJson() })
    const leaving = await confirmedSubscriber(t, 'leaving@example.com')
    await confirmedSubscriber(t, 'staying@example.com')
    const runtime = await runtimeFor(t)
    await runtime.queue.stop() // plan now, send later
    const summary = await runtime.plan('daily', false)
    await t.deps.subscribers.replace({ ...leaving, state: 'unsubscribed', revision: 2 }, 1)

    const sending = await t.digestRuntime('test-2')
    await sending.plan('daily', false) // picks up the planned, unsent deliveries
    await drain(sending.queue, t.clock)
    const mails = await readOutbox(t.outboxDir)
    expect(mails.map((mail) => (Array.isArray(mail.to) ? '' : mail.to?.text))).toEqual([
      'staying@example.com',
    ])
    const counts = (await t.deps.digests.getDigest(summary.digests[0]!))?.counts
    expect(counts, JSON.stringify(counts)).toMatchObject({ sent: 1, skipped: 1 })

    const variant = (await t.deps.digests.listVariants(summary.digests[0]!))[0]!
    const web = await t.app.request(`/digests/${summary.digests[0]}/${variant.id}`)
    expect(web.status).toBe(200)
    const html = await web.text()
    expect(html).toContain('반도체 수출 전망')
    expect(html).not.toMatch(/token=|\{\{/)
    expect(await (await t.app.request('/digests')).text()).toContain(variant.subject)
    await sending.stop()
  })

  it('sends instant subscribers one email per article published since they confirmed, once', async () => {
    const t = await createTestApp({ clock: new FixedClock(new Date('2026-11-27T00:00:00.000Z')) })
    await t.admin('/api/articles', {
      method: 'POST',
      body: articleJson({ title: 'Before joining', slug: 'old' }),
    })
    t.clock.advance(60_000)
    await confirmedSubscriber(t, 'instant@example.com', { cadence: 'instant' })
    t.clock.advance(60_000)
    await t.admin('/api/articles', {
      method: 'POST',
      body: articleJson({ title: 'First news', slug: 'first' }),
    })
    await t.admin('/api/articles', {
      method: 'POST',
      body: articleJson({ title: 'Second news', slug: 'second' }),
    })
    t.clock.advance(60_000)
    const runtime = await runtimeFor(t)

    const summary = await runtime.plan('instant', false)
    await drain(runtime.queue, t.clock)
    await runtime.plan('instant', false)
    await drain(runtime.queue, t.clock)

    expect(summary.digests.sort()).toEqual(['instant-first', 'instant-second'])
    const subjects = (await readOutbox(t.outboxDir)).map((mail) => mail.text ?? '')
    expect(subjects).toHaveLength(2)
    expect(subjects.some((text) => text.includes('First news'))).toBe(true)
    expect(subjects.every((text) => !text.includes('Before joining'))).toBe(true)
    await runtime.stop()
  })
})

describe('the web version of a digest', { timeout: DIGEST_TEST_CEILING_MS }, () => {
  it('greets nobody and offers an anonymous reader subscribing instead of personal links, in each language', async () => {
    // Prepare
    const t = await createTestApp({ clock: new FixedClock(new Date('2026-11-27T00:00:00.000Z')) })
    await t.admin('/api/articles', { method: 'POST', body: articleJson() })
    await confirmedSubscriber(t, 'ko@example.com', { name: '김독자' })
    await confirmedSubscriber(t, 'en@example.com', { name: 'Reader', lang: 'en' })
    const runtime = await runtimeFor(t)
    const [digestId] = (await runtime.plan('daily', true)).digests
    await drain(runtime.queue, t.clock)

    // Act
    const variants = await t.deps.digests.listVariants(digestId!)
    const pages = await Promise.all(
      variants.map(async (variant) => {
        const response = await t.app.request(`/digests/${digestId}/${variant.id}`)
        return { lang: variant.lang, status: response.status, html: await response.text() }
      }),
    )

    // Assess
    expect(pages.map((page) => page.lang).sort()).toEqual(['en', 'ko'])
    for (const { lang, status, html } of pages) {
      const words = strings[lang as 'ko' | 'en'].digest
      expect(status).toBe(200)
      expect(html).toContain('반도체 수출 전망')
      // No greeting, personal or not; no settings or unsubscribe link, no link to the page itself
      expect(html).not.toContain(words.greeting('').trim())
      expect(html).not.toContain(words.fallbackName)
      expect(html).not.toMatch(/김독자|Reader/)
      expect(html).not.toContain(`>${words.preferences}<`)
      expect(html).not.toContain(`>${words.unsubscribe}<`)
      expect(html).not.toContain(`>${words.viewInBrowser}<`)
      expect(html).not.toContain(words.footerNote('Pressroom Test'))
      expect(html).not.toMatch(/token=|\{\{|\/preferences|\/unsubscribe/)
      // Instead: subscribing, and where subscribers find their own links
      expect(html).toContain(
        `<a href="${SITE_URL}/subscribe" style="color:#1d4ed8;">${words.webSubscribe('Pressroom Test')}</a>`,
      )
      expect(html).toContain(words.webManage)
      expect(html).toContain(words.webFooterNote('Pressroom Test'))
    }
    await runtime.stop()
  })
})

describe('a run with nothing to send', { timeout: DIGEST_TEST_CEILING_MS }, () => {
  it('says why new subscribers have nothing new, in the publication’s language', async () => {
    // Prepare: the only article is three days old; two people subscribe now
    const t = await createTestApp({ clock: new FixedClock(new Date('2026-11-24T00:00:00.000Z')) })
    await t.admin('/api/articles', { method: 'POST', body: articleJson() })
    t.clock.advance(3 * 24 * 3600_000)
    await confirmedSubscriber(t, 'new@example.com')
    await confirmedSubscriber(t, 'newer@example.com', { lang: 'en' })
    const runtime = await runtimeFor(t)
    const digestTrigger = {
      run: runtime.plan,
      preview: runtime.preview,
      test: runtime.test,
      previewDraft: runtime.previewDraft,
    }
    // The same data served for a Korean publication (the test app's) and an English one
    const korean = createApp({ ...t.deps, digestTrigger })
    const english = createApp({
      ...t.deps,
      publication: { ...t.deps.publication, lang: 'en' },
      digestTrigger,
    })
    const run = (app: typeof korean) =>
      app.request('/api/digests/run', {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ cadence: 'daily', force: true }),
      })

    // Act
    const inKorean = await run(korean)
    const inEnglish = await run(english)

    // Assess
    expect(inKorean.status).toBe(202)
    const body = await readJson(inKorean)
    expect(body).toMatchObject({ planned: 0, nothingNew: 2, newestArticleAt: '2026-11-24T00:00:00.000Z' })
    expect(body.message).toBe(
      '보낼 것이 없습니다: 매일 구독자 2명, 새 글이 없는 2명 (가장 최근 글: 2026-11-24 00:00 UTC).',
    )
    expect(inEnglish.status).toBe(202)
    const message = (await readJson(inEnglish)).message
    expect(message).toMatch(/^Nothing to send: 2 daily subscribers, 2 with nothing new \(/)
    expect(message).toContain('a first daily digest carries the articles published in the 24 hours before it')
    expect(message).toContain('the newest published article is from 2026-11-24 00:00 UTC')
    await runtime.stop()
  })
})

describe('digest previews for operators', { timeout: DIGEST_TEST_CEILING_MS }, () => {
  it('renders a preview and sends a test through the admin API where the planner runs', async () => {
    const t = await createTestApp()
    await t.admin('/api/articles', { method: 'POST', body: articleJson({ slug: 'chips' }) })
    const runtime = await runtimeFor(t)
    // The same app with a planner in process, as npm start builds it
    const withTrigger = createApp({
      ...t.deps,
      digestTrigger: {
        run: runtime.plan,
        preview: runtime.preview,
        test: runtime.test,
        previewDraft: runtime.previewDraft,
      },
    })
    const post = (path: string, body: unknown) =>
      withTrigger.request(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })

    const preview = await readJson(post('/api/digests/preview', { articles: ['chips'], lang: 'ko' }))
    expect(preview.subject).toContain('1개의 새 글')
    // No language named: the publication's (Korean here, English for an English publication)
    const unnamed = await readJson(post('/api/digests/preview', { articles: ['chips'] }))
    expect(unnamed.subject).toBe(preview.subject)
    const englishApp = createApp({
      ...t.deps,
      publication: { ...t.deps.publication, lang: 'en-GB' },
      digestTrigger: {
        run: runtime.plan,
        preview: runtime.preview,
        test: runtime.test,
        previewDraft: runtime.previewDraft,
      },
    })
    const english = await readJson(
      englishApp.request('/api/digests/preview', {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ articles: ['chips'] }),
      }),
    )
    expect(english.subject).not.toBe(preview.subject)
    expect(english.subject).toMatch(/^Pressroom Test: 1 new article/)
    expect(preview.html).toContain('반도체 수출 전망')
    expect(preview.html).not.toContain('{{')
    expect((await post('/api/digests/preview', { articles: ['nope'] })).status).toBe(404)
    // The slug rule of every other door: a slug that cannot exist is a 422 naming it, before any read
    for (const slug of ['a b', 'UPPER-Case', '../../x', 'x'.repeat(3000)]) {
      const refused = await post('/api/digests/preview', { articles: ['chips', slug] })
      expect(refused.status, slug.slice(0, 20)).toBe(422)
      expect((await readJson(refused)).problems.map((p: { field: string }) => p.field)).toEqual([
        'articles.1',
      ])
    }
    expect((await post('/api/digests/test', { articles: ['chips'], to: 'not-an-address' })).status).toBe(422)

    const sent = await post('/api/digests/test', {
      articles: ['chips'],
      lang: 'ko',
      to: 'editor@example.com',
    })
    expect(sent.status).toBe(202)
    const [mail] = await readOutbox(t.outboxDir)
    expect(mail!.subject).toMatch(/^\[TEST\]/)
    expect(messageTags(mail!)).toEqual({ 'ses:feedback-id-a': 'test', 'ses:feedback-id-b': 'none' })
    // Every link in the test email leads to a page: the article, the site, the web version, and for the
    // personal links a page that says they belong to a test (and unsubscribe nobody)
    const links = [...String(mail!.html).matchAll(/href="([^"]+)"/g)].map((m) =>
      m[1]!.replaceAll('&amp;', '&'),
    )
    const web = links.find((link) => link.startsWith(`${SITE_URL}/digests/test/`))!
    const personal = links.filter((link) => link.startsWith(`${SITE_URL}/digests/test-link`))
    expect(web).toBeDefined()
    expect(personal.sort()).toEqual([
      `${SITE_URL}/digests/test-link?for=preferences`,
      `${SITE_URL}/digests/test-link?for=unsubscribe`,
    ])
    for (const link of links.filter((link) => link.startsWith(SITE_URL))) {
      expect((await withTrigger.request(link.slice(SITE_URL.length))).status, link).toBe(200)
    }
    const webPage = await (await withTrigger.request(web.slice(SITE_URL.length))).text()
    expect(webPage).toContain('반도체 수출 전망')
    expect(webPage).not.toContain('안녕하세요')
    const unsubscribePage = await withTrigger.request('/digests/test-link?for=unsubscribe')
    expect(await unsubscribePage.text()).toContain('테스트 뉴스레터의 구독 해지 링크')
    expect(unsubscribePage.headers.get('x-robots-tag')).toBe('noindex')

    // Without a planner in process (the HTTP function on AWS), the API says so instead of loading MJML
    expect(
      (
        await t.app.request('/api/digests/preview', {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ articles: ['chips'] }),
        })
      ).status,
    ).toBe(404)
    await runtime.stop()
  })

  it('refuses a run whose force is not a boolean, naming the field, rather than running unforced', async () => {
    const t = await createTestApp()
    const runs: unknown[] = []
    const app = createApp({
      ...t.deps,
      digestTrigger: {
        run: (...args) => {
          runs.push(args)
          return Promise.reject(new Error('must not run'))
        },
        preview: () => Promise.reject(new Error('not used')),
        test: () => Promise.reject(new Error('not used')),
        previewDraft: () => Promise.reject(new Error('not used')),
      },
    })
    const response = await app.request('/api/digests/run', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ cadence: 'daily', force: 'yes' }),
    })
    expect(response.status).toBe(422)
    expect(await readJson(response)).toMatchObject({ problems: [{ field: 'force' }] })
    expect(runs).toEqual([])
  })
})
