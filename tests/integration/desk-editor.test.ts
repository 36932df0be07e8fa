import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { articleSubject } from '../../functions/core/audit'
import { goLive } from '../../functions/core/go-live'
import type { GoLiveScheduler } from '../../functions/core/ports'
import { articleFields, csrfOf, DeskClient } from '../support/desk-client'
import { attribute, pageElements, textOf } from '../support/html-head'
import { pngOfAtLeast, PNG_1X1 } from '../support/images'
import { articleJson, createTestApp, FixedClock, SITE_URL } from '../support/test-app'

type TestApp = Awaited<ReturnType<typeof createTestApp>>

// 2026-11-27 18:00 in Seoul; the form speaks Seoul's wall clock (PUBLICATION_TIME_ZONE).
const NOW = new Date('2026-11-27T09:00:00.000Z')
const TOMORROW_10_SEOUL = { field: '2026-11-28T10:00', utc: '2026-11-28T01:00:00.000Z' }
const TOMORROW_15_SEOUL = { field: '2026-11-28T15:00', utc: '2026-11-28T06:00:00.000Z' }

/** The go-live port as the core calls it: what was set and removed, in order. */
class RecordingScheduler implements GoLiveScheduler {
  readonly calls: string[] = []
  async schedule(slug: string, at: string) {
    this.calls.push(`schedule ${slug} ${at}`)
  }
  async unschedule(slug: string) {
    this.calls.push(`unschedule ${slug}`)
  }
}

describe('desk editor: scheduling', () => {
  let t: TestApp
  let desk: DeskClient
  let scheduler: RecordingScheduler
  beforeEach(async () => {
    scheduler = new RecordingScheduler()
    t = await createTestApp({
      clock: new FixedClock(NOW),
      publication: { timeZone: 'Asia/Seoul' },
      scheduler,
    })
    desk = new DeskClient(t.app)
    await desk.signIn()
  })

  it('schedules at a time on the publication’s clock, lists it, reschedules it, and go-live publishes it', async () => {
    // Act: a new article scheduled for 10:00 tomorrow, Seoul time.
    const csrf = await desk.csrf('/admin/articles/new')
    const created = await desk.post(
      '/admin/articles',
      articleFields(csrf, { slug: 'chips', scheduledAt: TOMORROW_10_SEOUL.field, intent: 'schedule' }),
    )

    // Assess: stored as scheduled at that moment in UTC, hidden from readers, go-live set through the port.
    expect(created.status, await created.clone().text()).toBe(303)
    expect(await t.deps.articles.get('chips')).toMatchObject({
      status: 'scheduled',
      publishedAt: TOMORROW_10_SEOUL.utc,
    })
    expect(scheduler.calls).toEqual([`schedule chips ${TOMORROW_10_SEOUL.utc}`])
    expect((await t.app.request('/articles/chips')).status).toBe(404)
    const listed = await (await desk.get('/admin/articles?status=scheduled')).text()
    expect(listed).toContain('href="/admin/articles/chips"')
    expect(listed).toContain(`<time datetime="${TOMORROW_10_SEOUL.utc}">2026-11-28 10:00</time>`)
    expect(await (await desk.get('/admin/articles?status=draft')).text()).not.toContain('chips')
    const editor = await (await desk.get('/admin/articles/chips')).text()
    expect(editor).toContain(`value="${TOMORROW_10_SEOUL.field}"`)
    expect(editor).toContain('(Asia/Seoul)')

    // Act: reschedule to 15:00 with the form's own button.
    const moved = await desk.post(
      '/admin/articles/chips',
      articleFields(csrf, {
        slug: 'chips',
        revision: '1',
        scheduledAt: TOMORROW_15_SEOUL.field,
        intent: 'schedule',
      }),
    )
    expect(moved.status, await moved.clone().text()).toBe(303)
    expect(await t.deps.articles.get('chips')).toMatchObject({
      status: 'scheduled',
      publishedAt: TOMORROW_15_SEOUL.utc,
    })
    expect(scheduler.calls.at(-1)).toBe(`schedule chips ${TOMORROW_15_SEOUL.utc}`)

    // Act: the time comes; the go-live entry point runs (EventBridge Scheduler's target on AWS).
    t.clock.current = new Date(Date.parse(TOMORROW_15_SEOUL.utc) + 1000)
    const published = await goLive(t.deps)

    // Assess: live on the site and in the feed, and the audit log tells the whole story.
    expect(published.map((article) => article.slug)).toEqual(['chips'])
    expect((await t.app.request('/articles/chips')).status).toBe(200)
    expect(await (await t.app.request('/feed.xml')).text()).toContain(`${SITE_URL}/articles/chips`)
    const log = await t.deps.audit.list(articleSubject('chips'), { limit: 20 })
    expect(log.map((entry) => `${entry.action}:${entry.actor.via}`).reverse()).toEqual([
      'created:desk',
      'scheduled:desk',
      'changed:desk',
      'scheduled:desk',
      'published:schedule',
    ])
  })

  it('refuses a past time or none, naming the schedule field, and writes nothing', async () => {
    const csrf = await desk.csrf('/admin/articles/new')
    for (const scheduledAt of ['2026-11-27T17:59', '']) {
      const response = await desk.post(
        '/admin/articles',
        articleFields(csrf, { slug: 'late', scheduledAt, intent: 'schedule', body: '예약할 본문' }),
      )
      expect(response.status).toBe(422)
      const html = await response.text()
      expect(html).toContain('<strong>scheduledAt</strong>')
      expect(html).toContain('예약할 본문')
    }
    expect(await t.deps.articles.get('late')).toBeUndefined()
    expect(scheduler.calls).toEqual([])
  })

  it('publishes a scheduled article now, or cancels its schedule, removing its go-live', async () => {
    const csrf = await desk.csrf('/admin/articles/new')
    for (const slug of ['now', 'cancelled']) {
      await desk.post(
        '/admin/articles',
        articleFields(csrf, { slug, scheduledAt: TOMORROW_10_SEOUL.field, intent: 'schedule' }),
      )
    }
    // "Publish now" from the editor as it opened (its schedule field still filled in).
    const editor = await (await desk.get('/admin/articles/now')).text()
    expect(editor).toContain('예약 변경')
    const now = await desk.post(
      '/admin/articles/now',
      articleFields(csrf, {
        slug: 'now',
        revision: '1',
        scheduledAt: TOMORROW_10_SEOUL.field,
        intent: 'publish',
      }),
    )
    expect(now.status).toBe(303)
    expect(await t.deps.articles.get('now')).toMatchObject({
      status: 'published',
      publishedAt: NOW.toISOString(),
    })
    expect((await desk.post('/admin/articles/cancelled/unpublish', { _csrf: csrf })).status).toBe(303)
    const cancelled = await t.deps.articles.get('cancelled')
    expect(cancelled).toMatchObject({ status: 'draft' })
    expect(cancelled!.publishedAt).toBeUndefined()
    expect(scheduler.calls.slice(2)).toEqual(['unschedule now', 'unschedule cancelled'])
  })
})

describe('desk editor: cover image upload', () => {
  let t: TestApp
  let desk: DeskClient
  const mediaDir = () => join(t.outboxDir, 'media')
  beforeEach(async () => {
    t = await createTestApp({ env: { MEDIA_MAX_BYTES: '4096' } })
    desk = new DeskClient(t.app)
    await desk.signIn()
  })

  const upload = async (fields: Record<string, string>, file: File, path = '/admin/articles') => {
    const csrf = await desk.csrf('/admin/articles/new')
    return desk.postMultipart(path, articleFields(csrf, fields), { cover: file })
  }

  it('stores the image under its hash, sets the article’s image and serves it at /media/', async () => {
    // Act: the same image for two articles (a browser that calls it a GIF: the bytes decide).
    const first = await upload(
      { slug: 'with-cover', imageAlt: '반도체 웨이퍼 사진' },
      new File([PNG_1X1], 'wafer.gif', { type: 'image/gif' }),
    )
    const second = await upload(
      { slug: 'same-cover', imageAlt: '같은 사진' },
      new File([PNG_1X1], 'again.png', { type: 'image/png' }),
    )

    // Assess
    expect(first.status, await first.clone().text()).toBe(303)
    expect(second.status).toBe(303)
    const article = await t.deps.articles.get('with-cover')
    const url = article?.image?.url ?? ''
    expect(url).toMatch(new RegExp(`^${SITE_URL}/media/[0-9a-f]{64}\\.png$`))
    expect(article?.image?.alt).toBe('반도체 웨이퍼 사진')
    // What the feeds' enclosures and the page's reserved space need, read from the bytes.
    expect(article?.image).toMatchObject({ type: 'image/png', length: PNG_1X1.length, width: 1, height: 1 })
    expect((await t.deps.articles.get('same-cover'))?.image?.url).toBe(url)
    expect(await readdir(mediaDir())).toEqual([url.slice(url.lastIndexOf('/') + 1)])
    const served = await t.app.request(new URL(url).pathname)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/png')
    expect(served.headers.get('cache-control')).toContain('immutable')
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG_1X1)).toBe(true)
    expect((await t.app.request(`/media/${'0'.repeat(64)}.png`)).status).toBe(404)
    expect((await t.app.request('/media/..%2F..%2Fetc%2Fpasswd')).status).toBe(404)
  })

  it('refuses a file that is not an image whatever it claims, or too large, and shows the form again', async () => {
    const cases = [
      new File(['<svg xmlns="http://www.w3.org/2000/svg"/>'], 'logo.png', { type: 'image/png' }),
      new File(['GIF89a' + 'x'.repeat(40)], 'old.gif', { type: 'image/gif' }),
      new File([pngOfAtLeast(5000)], 'huge.png', { type: 'image/png' }),
    ]
    for (const file of cases) {
      const response = await upload({ slug: 'refused', imageAlt: '설명', body: '쓰던 본문' }, file)
      expect(response.status).toBe(422)
      const html = await response.text()
      expect(html).toContain('<strong>cover</strong>')
      expect(html).toContain('쓰던 본문')
      expect(html).toMatch(/JPEG, PNG, WebP or AVIF|largest image accepted is 4\.1 KB/)
    }
    expect(await t.deps.articles.get('refused')).toBeUndefined()
    await expect(readdir(mediaDir())).rejects.toThrow()
  })

  it('requires the alt text: the form comes back with the uploaded image kept', async () => {
    const response = await upload({ slug: 'no-alt' }, new File([PNG_1X1], 'a.png', { type: 'image/png' }))
    expect(response.status).toBe(422)
    const html = await response.text()
    expect(html).toContain('<strong>image_alt</strong>')
    expect(html).toMatch(new RegExp(`name="imageUrl" value="${SITE_URL}/media/[0-9a-f]{64}\\.png"`))
    expect(await t.deps.articles.get('no-alt')).toBeUndefined()
  })

  it('ignores an empty file input, and stores nothing from a stale save', async () => {
    const created = await upload({ slug: 'edit-cover' }, new File([], 'none.png'))
    expect(created.status).toBe(303)
    expect(await t.deps.articles.get('edit-cover')).toMatchObject({ revision: 1 })
    const csrf = await desk.csrf('/admin/articles/edit-cover')
    const png = new File([PNG_1X1], 'a.png', { type: 'image/png' })
    const fields = { slug: 'edit-cover', imageAlt: '표지' }
    const stale = await desk.postMultipart(
      '/admin/articles/edit-cover',
      articleFields(csrf, { ...fields, revision: '7' }),
      {
        cover: png,
      },
    )
    expect(stale.status).toBe(409)
    await expect(readdir(mediaDir())).rejects.toThrow()
    const saved = await desk.postMultipart(
      '/admin/articles/edit-cover',
      articleFields(csrf, { ...fields, revision: '1' }),
      {
        cover: png,
      },
    )
    expect(saved.status).toBe(303)
    expect((await t.deps.articles.get('edit-cover'))?.image?.url).toMatch(/\/media\/[0-9a-f]{64}\.png$/)
  })
})

/** The editor form's fields as a browser would post them: every named input, textarea and select. */
function formValues(html: string): Record<string, string> {
  const values: Record<string, string> = {}
  for (const element of pageElements(html)) {
    const name = attribute(element, 'name')
    if (name === undefined || name === 'intent') continue
    if (element.tagName === 'textarea') values[name] = textOf(element)
    if (element.tagName === 'input' && !['file', 'submit'].includes(attribute(element, 'type') ?? '')) {
      values[name] = attribute(element, 'value') ?? ''
    }
  }
  return values
}

describe('desk editor: a save keeps what the form does not change', () => {
  it('keeps an API article’s image size, type and length and its related links’ blurbs through a plain save', async () => {
    // Prepare: an article as the API (or a Markdown file) gives it, with every image and related field.
    const t = await createTestApp()
    const desk = new DeskClient(t.app)
    await desk.signIn()
    const image = {
      url: 'https://cdn.example.com/wafer.jpg',
      alt: '반도체 웨이퍼',
      type: 'image/jpeg',
      length: 48213,
      width: 1600,
      height: 900,
    }
    const related = [
      { title: '한국은행', url: 'https://www.bok.or.kr/', blurb: '기준금리 결정문 원문' },
      { title: 'A | B 보고서', url: 'https://example.com/a?b=1|2', blurb: '파이프 | 가 든 설명' },
      { url: 'https://example.org/plain' },
    ]
    await t.admin('/api/articles', { method: 'POST', body: articleJson({ slug: 'kept', image, related }) })
    const before = await t.deps.articles.get('kept')

    // Act: open it in the desk and save the form as it came, then with the image field pointed elsewhere.
    const html = await (await desk.get('/admin/articles/kept')).text()
    const saved = await desk.post('/admin/articles/kept', { ...formValues(html), intent: 'save' })
    const afterSave = await t.deps.articles.get('kept')
    const again = await (await desk.get('/admin/articles/kept')).text()
    const moved = await desk.post('/admin/articles/kept', {
      ...formValues(again),
      imageUrl: 'https://cdn.example.com/other.jpg',
      intent: 'save',
    })
    const afterMove = await t.deps.articles.get('kept')

    // Assess
    expect(csrfOf(html)).not.toBe('')
    expect(saved.status, await saved.clone().text()).toBe(303)
    expect(afterSave?.revision).toBe(before!.revision + 1)
    expect(afterSave?.image).toEqual(image)
    expect(afterSave?.related).toEqual(before?.related)
    expect(afterSave?.related.map((link) => link.blurb)).toEqual([
      '기준금리 결정문 원문',
      '파이프 | 가 든 설명',
      undefined,
    ])
    expect(moved.status).toBe(303)
    // Another file: the old file's size in bytes no longer applies; the pixel sizes stay as the form shows them.
    expect(afterMove?.image).toMatchObject({
      url: 'https://cdn.example.com/other.jpg',
      alt: '반도체 웨이퍼',
      width: 1600,
      height: 900,
    })
    expect(afterMove?.image).not.toHaveProperty('length')
  })
})
