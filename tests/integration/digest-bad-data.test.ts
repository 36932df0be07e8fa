import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { ParsedMail } from 'mailparser'
import { describe, expect, it } from 'vitest'
import { keys } from '../../functions/adapters/dynamodb/table-schema'
import type { RenderDigestVariant } from '../../functions/core/plan-digest'
import { variantRenderer } from '../../functions/digest/render-variant'
import { createApp } from '../../functions/http/app'
import { readOutbox } from '../support/outbox'
import { drain } from '../support/queue-clock'
import { ADMIN_TOKEN, articleJson, createTestApp, FixedClock, readJson } from '../support/test-app'
import { confirmedSubscriber } from '../support/subscribers'

// A ceiling, not an expectation: these tests wait for runs and queues to finish (real MJML compiles, real
// dynalite and SES emulator), which takes a few seconds on a quiet machine and many times that with both
// cores busy; nothing in them depends on how fast that is.
const DIGEST_TEST_CEILING_MS = 120_000

type TestApp = Awaited<ReturnType<typeof createTestApp>>

// 09:00 in Seoul, the subscribers' delivery hour.
const NOW = new Date('2026-11-27T00:00:00.000Z')
const DIGEST_ID = 'daily-2026-11-27'

/** Writes straight to the table, past every check, as data stored before a rule existed would be. */
async function corrupt(t: TestApp, key: Record<string, string>, fields: Record<string, unknown>) {
  const names = Object.keys(fields)
  await t.document.send(
    new UpdateCommand({
      TableName: t.tableName,
      Key: key,
      UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#f${i}`, name])),
      ExpressionAttributeValues: Object.fromEntries(names.map((name, i) => [`:v${i}`, fields[name]])),
    }),
  )
}

/** A copy of a stored article under another slug, as the old unchecked PUT /api/articles/:slug stored it. */
async function plantArticle(t: TestApp, from: string, slug: string, title: string) {
  const { Item } = await t.document.send(new GetCommand({ TableName: t.tableName, Key: keys.article(from) }))
  await t.document.send(
    new PutCommand({
      TableName: t.tableName,
      Item: {
        ...Item,
        ...keys.article(slug),
        ...keys.allArticles(Item!.createdAt, slug),
        ...keys.published(Item!.publishedAt, slug),
        slug,
        title,
      },
    }),
  )
}

function runtimeFor(t: TestApp, renderVariant?: RenderDigestVariant) {
  return t.digestRuntime('test', renderVariant === undefined ? {} : { overrides: { renderVariant } })
}

const recipient = (mail: ParsedMail) => (Array.isArray(mail.to) ? '' : (mail.to?.text ?? ''))

describe('bad data in a digest run', { timeout: DIGEST_TEST_CEILING_MS }, () => {
  it('leaves out an article with a bad slug and a subscriber with a bad address, names both, and sends everyone else theirs', async () => {
    // Prepare
    const t = await createTestApp({ clock: new FixedClock(NOW) })
    await t.admin('/api/articles', { method: 'POST', body: articleJson({ slug: 'chips' }) })
    await plantArticle(t, 'chips', 'a b', '링크가 깨진 글')
    const readers = [
      await confirmedSubscriber(t, 'ko@example.com'),
      await confirmedSubscriber(t, 'en@example.com', { lang: 'en' }),
      await confirmedSubscriber(t, 'economy@example.com', { topics: ['경제'] }),
    ]
    const broken = await confirmedSubscriber(t, 'broken@example.com')
    await corrupt(t, keys.subscriber(broken.id), { email: 'broken at example dot com' })
    const runtime = await runtimeFor(t)
    const app = createApp({
      ...t.deps,
      digestTrigger: {
        run: runtime.plan,
        preview: runtime.preview,
        test: runtime.test,
        previewDraft: runtime.previewDraft,
      },
    })

    // Act: the admin API's run, as the issue reproduced it (a 500 and a digest stuck in planning)
    const response = await app.request('/api/digests/run', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ cadence: 'daily', force: true }),
    })
    const summary = await readJson(response)
    await drain(runtime.queue, t.clock)

    // Assess: everyone else received their digest, with the good article and without the bad one
    expect(response.status).toBe(202)
    expect(summary).toMatchObject({ planned: 3, skippedSubscribers: 1, digests: [DIGEST_ID] })
    const mails = await readOutbox(t.outboxDir)
    expect(mails.map(recipient).sort()).toEqual(readers.map((r) => r.email).sort())
    for (const mail of mails) {
      expect(mail.text).toContain('반도체 수출 전망')
      expect(mail.text).not.toContain('링크가 깨진 글')
    }
    // The digest's status names both, with the reason
    const status = await readJson(t.admin(`/api/digests/${DIGEST_ID}`))
    expect(status).toMatchObject({ state: 'sending', counts: { planned: 3, sent: 3, failed: 0, skipped: 0 } })
    expect(status.skipped).toEqual([
      {
        kind: 'article',
        id: 'a b',
        reason: expect.stringMatching(/^slug is not a slug/),
        at: NOW.toISOString(),
      },
      {
        kind: 'subscriber',
        id: broken.id,
        reason: 'email is not a usable email address',
        at: NOW.toISOString(),
      },
    ])
    // The run's answer lists them too, with the digest they are recorded on
    expect(summary.skipped).toEqual(
      expect.arrayContaining(status.skipped.map((skip: object) => ({ ...skip, digestId: DIGEST_ID }))),
    )
    expect(summary.skipped).toHaveLength(2)
    // A preview of the bad article says why instead of failing
    const preview = await app.request('/api/digests/preview', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ articles: ['a b'] }),
    })
    expect(preview.status).toBe(422)
    expect((await readJson(preview)).problems[0]).toMatchObject({ field: 'articles.0' })

    // The next run finds nothing left to send and marks the digest done; the skips stay on it
    await runtime.plan('daily', true)
    const done = await readJson(t.admin(`/api/digests/${DIGEST_ID}`))
    expect(done.state).toBe('done')
    expect(done.skipped).toHaveLength(2)
    expect(await readOutbox(t.outboxDir)).toHaveLength(3)
    await runtime.stop()
  })

  it('leaves out an article that fails to render, or a whole variant, and still sends the rest', async () => {
    // Prepare: the renderer chokes on every English digest, and on one article in any language
    const t = await createTestApp({ clock: new FixedClock(NOW) })
    await t.admin('/api/articles', { method: 'POST', body: articleJson({ slug: 'chips' }) })
    t.clock.advance(60_000) // a digest lists its articles oldest first
    await t.admin('/api/articles', {
      method: 'POST',
      body: articleJson({ slug: 'cursed', title: '저주받은 글' }),
    })
    const ko = await confirmedSubscriber(t, 'ko@example.com')
    const en = await confirmedSubscriber(t, 'en@example.com', { lang: 'en' })
    const real = variantRenderer(t.deps.publication, '')
    const runtime = await runtimeFor(t, async (input) => {
      if (input.lang === 'en') throw new Error('no English template')
      if (input.articles.some((article) => article.slug === 'cursed')) throw new Error('MJML choked')
      return real(input)
    })

    // Act
    const summary = await runtime.plan('daily', true)
    await drain(runtime.queue, t.clock)

    // Assess
    const mails = await readOutbox(t.outboxDir)
    expect(mails.map(recipient)).toEqual([ko.email])
    expect(mails[0]!.text).toContain('반도체 수출 전망')
    expect(mails[0]!.text).not.toContain('저주받은 글')
    expect(summary).toMatchObject({ planned: 1, skippedSubscribers: 1 })
    const { skipped } = await readJson(t.admin(`/api/digests/${DIGEST_ID}`))
    expect(skipped).toEqual([
      expect.objectContaining({ kind: 'article', id: 'cursed', reason: 'cannot be rendered: MJML choked' }),
      expect.objectContaining({
        kind: 'variant',
        id: 'en: chips, cursed',
        reason: 'cannot be rendered: no English template',
      }),
    ])
    // English readers stay out of the ledger, so a run after the fix still sends them theirs
    expect((await t.deps.digests.getDeliveries(DIGEST_ID, [en.id])).size).toBe(0)
    await runtime.stop()
  })

  it('skips a recipient whose record broke after planning, and sends the rest of the batch', async () => {
    // Prepare: planned while every record was fine
    const t = await createTestApp({ clock: new FixedClock(NOW) })
    await t.admin('/api/articles', { method: 'POST', body: articleJson() })
    const first = await confirmedSubscriber(t, 'first@example.com')
    const breaks = await confirmedSubscriber(t, 'breaks@example.com')
    const last = await confirmedSubscriber(t, 'last@example.com')
    const runtime = await runtimeFor(t)
    await runtime.queue.stop() // plan now, send later
    await runtime.plan('daily', true)
    await corrupt(t, keys.subscriber(breaks.id), { name: 42 })
    const sending = await runtimeFor(t)

    // Act
    await sending.plan('daily', true) // queues the planned deliveries again
    await drain(sending.queue, t.clock)

    // Assess
    expect((await readOutbox(t.outboxDir)).map(recipient).sort()).toEqual([first.email, last.email])
    const status = await readJson(t.admin(`/api/digests/${DIGEST_ID}`))
    expect(status.counts).toMatchObject({ planned: 3, sent: 2, skipped: 1, failed: 0 })
    expect(status.skipped).toEqual([
      expect.objectContaining({
        kind: 'subscriber',
        id: breaks.id,
        reason: expect.stringMatching(/^cannot be sent: name /),
      }),
    ])
    expect(sending.queue.deadLetters()).toEqual([])
    await sending.stop()
  })
})
