import { beforeEach, describe, expect, it } from 'vitest'
import { SESSION_LIMITS } from '../../functions/core/editor-session'
import { articleSubject } from '../../functions/core/audit'
import { SIGN_IN_LIMITS } from '../../functions/http/desk/routes'
import { articleFields, DeskClient, csrfOf } from '../support/desk-client'
import { ADMIN_TOKEN, articleJson, createTestApp, readJson, SITE_URL } from '../support/test-app'

type TestApp = Awaited<ReturnType<typeof createTestApp>>
const MINUTE = 60_000

describe('editors desk (/admin)', () => {
  let t: TestApp
  let desk: DeskClient
  beforeEach(async () => {
    t = await createTestApp()
    desk = new DeskClient(t.app)
  })

  /** Creates a draft through the desk and returns its slug and the editor page's CSRF token. */
  async function createDraft(overrides: Record<string, string> = {}) {
    const csrf = await desk.csrf('/admin/articles/new')
    const response = await desk.post('/admin/articles', articleFields(csrf, overrides))
    expect(response.status, await response.clone().text()).toBe(303)
    const slug = /\/admin\/articles\/([^?]+)/.exec(response.headers.get('location') ?? '')![1]!
    return { slug, csrf }
  }

  describe('sign-in', () => {
    it('sends a visitor without a session to the sign-in form', async () => {
      const response = await desk.get('/admin/articles')
      expect(response.status).toBe(303)
      expect(response.headers.get('location')).toBe('/admin/sign-in')
    })

    it('exchanges the token once for a signed, HttpOnly, Strict session cookie and never shows the token', async () => {
      const response = await desk.signIn()
      expect(response.status).toBe(303)
      expect(response.headers.get('location')).toBe('/admin/articles')
      const cookie = desk.setCookies.find((line) => line.startsWith('desk_session='))!
      expect(cookie).toMatch(/HttpOnly/i)
      expect(cookie).toMatch(/Secure/i) // SITE_URL is https in tests
      expect(cookie).toMatch(/SameSite=Strict/i)
      expect(cookie).toMatch(/Path=\/admin/i)
      expect(cookie).not.toContain(ADMIN_TOKEN)
      const list = await desk.get('/admin/articles')
      expect(list.status).toBe(200)
      const html = await list.text()
      expect(html).toContain('김편집')
      expect(html).not.toContain(ADMIN_TOKEN)
    })

    it('answers a wrong token with a calm 401 and no session', async () => {
      const form = await (await desk.get('/admin/sign-in')).text()
      const response = await desk.post('/admin/sign-in', {
        _csrf: csrfOf(form),
        name: '김편집',
        token: 'not-the-token-at-all',
      })
      expect(response.status).toBe(401)
      expect(await response.text()).toContain('토큰이 맞지 않습니다')
      expect(desk.cookies.has('desk_session')).toBe(false)
      expect((await desk.get('/admin/articles')).status).toBe(303)
    })

    it('refuses a sign-in post that did not come from the sign-in form (403)', async () => {
      const response = await desk.post('/admin/sign-in', { name: '김편집', token: ADMIN_TOKEN })
      expect(response.status).toBe(403)
      expect(desk.cookies.has('desk_session')).toBe(false)
    })

    it(`rate-limits sign-in: after ${SIGN_IN_LIMITS.perClient} attempts, even the right token waits (429)`, async () => {
      const form = await (await desk.get('/admin/sign-in')).text()
      const nonce = csrfOf(form)
      for (let attempt = 0; attempt < SIGN_IN_LIMITS.perClient; attempt++) {
        const response = await desk.post('/admin/sign-in', {
          _csrf: nonce,
          name: 'x',
          token: `wrong-${attempt}`,
        })
        expect(response.status).toBe(401)
      }
      const refused = await desk.post('/admin/sign-in', { _csrf: nonce, name: 'x', token: ADMIN_TOKEN })
      expect(refused.status).toBe(429)
      expect(refused.headers.get('retry-after')).toBe(String(SIGN_IN_LIMITS.windowSeconds))
      expect(desk.cookies.has('desk_session')).toBe(false)
      // A new window lets the editor in again.
      t.clock.advance(SIGN_IN_LIMITS.windowSeconds * 1000)
      expect(
        (await desk.post('/admin/sign-in', { _csrf: nonce, name: 'x', token: ADMIN_TOKEN })).status,
      ).toBe(303)
    })

    it('speaks English to an English browser, Korean by default, and keeps a chosen language', async () => {
      const english = new DeskClient(t.app, { 'accept-language': 'en-US,en;q=0.9' })
      expect(await (await english.get('/admin/sign-in')).text()).toContain('<html lang="en"')
      expect(await (await desk.get('/admin/sign-in')).text()).toContain('<html lang="ko"')
      expect(await (await desk.get('/admin/sign-in?lang=en')).text()).toContain('<html lang="en"')
      const page = await (await desk.get('/admin/sign-in')).text()
      expect(page).toContain('<html lang="en"')
      expect(page).toContain('Admin token')
    })
  })

  describe('session', () => {
    beforeEach(async () => {
      await desk.signIn()
    })

    it('slides its idle expiry with each request and ends after 30 idle minutes', async () => {
      t.clock.advance(SESSION_LIMITS.idleSeconds * 1000 - MINUTE)
      expect((await desk.get('/admin/articles')).status).toBe(200)
      t.clock.advance(SESSION_LIMITS.idleSeconds * 1000 - MINUTE)
      expect((await desk.get('/admin/articles')).status).toBe(200)
      t.clock.advance(SESSION_LIMITS.idleSeconds * 1000)
      const expired = await desk.get('/admin/articles')
      expect(expired.status).toBe(303)
      expect(expired.headers.get('location')).toBe('/admin/sign-in')
    })

    it('ends at its absolute limit however busy the editor is', async () => {
      const steps = Math.ceil(SESSION_LIMITS.absoluteSeconds / (20 * 60))
      for (let step = 1; step < steps; step++) {
        t.clock.advance(20 * MINUTE)
        expect((await desk.get('/admin/articles')).status, `after ${step * 20} minutes`).toBe(200)
      }
      t.clock.advance(20 * MINUTE)
      expect((await desk.get('/admin/articles')).status).toBe(303)
    })

    it('ends server-side on sign-out: a copy of the old cookie is refused', async () => {
      const stolen = new DeskClient(t.app)
      for (const [name, value] of desk.cookies) stolen.cookies.set(name, value)
      const csrf = await desk.csrf()
      const out = await desk.post('/admin/sign-out', { _csrf: csrf })
      expect(out.status).toBe(303)
      expect(desk.cookies.has('desk_session')).toBe(false)

      expect((await stolen.get('/admin/articles')).status).toBe(303)
      const write = await stolen.post('/admin/articles', articleFields(csrf))
      expect(write.status).toBe(401)
      expect((await t.deps.articles.listAll({ limit: 10 })).items).toEqual([])
    })

    it('refuses a cookie whose signature does not match', async () => {
      const value = desk.cookies.get('desk_session')!
      desk.cookies.set(
        'desk_session',
        value.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
      )
      expect((await desk.get('/admin/articles')).status).toBe(303)
    })
  })

  describe('CSRF', () => {
    beforeEach(async () => {
      await desk.signIn()
    })

    it.each([
      ['no token', {}],
      ['a wrong token', { _csrf: 'forged-token' }],
    ])('refuses a form with %s (403) and writes nothing', async (_case, csrf) => {
      const { _csrf: _drop, ...fields } = articleFields('')
      const response = await desk.post('/admin/articles', { ...fields, ...csrf })
      expect(response.status).toBe(403)
      expect((await t.deps.articles.listAll({ limit: 10 })).items).toEqual([])
    })

    it('binds the token to the session: another session’s token is refused', async () => {
      const other = new DeskClient(t.app)
      await other.signIn('이기자')
      const response = await desk.post('/admin/articles', articleFields(await other.csrf()))
      expect(response.status).toBe(403)
    })

    it('protects every desk POST, the preview, sign-out and deletion included', async () => {
      const { slug } = await createDraft()
      for (const path of [
        '/admin/preview',
        '/admin/sign-out',
        `/admin/articles/${slug}`,
        `/admin/articles/${slug}/unpublish`,
        `/admin/articles/${slug}/publish`,
        `/admin/articles/${slug}/delete`,
      ]) {
        expect((await desk.post(path, { title: 'x', body: 'y' })).status, path).toBe(403)
      }
      expect(await t.deps.articles.get(slug)).toMatchObject({ status: 'draft', revision: 1 })
    })
  })

  describe('articles', () => {
    beforeEach(async () => {
      await desk.signIn()
    })

    it('previews the form as its feed item, built by the feeds’ own code, without storing it', async () => {
      // Act
      const csrf = await desk.csrf('/admin/articles/new')
      const response = await desk.post(
        '/admin/preview?as=feed',
        articleFields(csrf, { slug: 'feed-preview', publishedAt: '2026-11-20T09:00:00+09:00' }),
      )

      // Assess
      expect(response.status).toBe(200)
      const html = await response.text()
      expect(html).toContain('&lt;item&gt;')
      expect(html).toContain(`&lt;link&gt;${SITE_URL}/articles/feed-preview&lt;/link&gt;`)
      expect(html).toContain('&quot;date_published&quot;: &quot;2026-11-20T00:00:00.000Z&quot;')
      expect(html).toMatch(/<iframe[^>]*sandbox=""[^>]*srcdoc="[^"]*한글 본문입니다/)
      expect(await t.deps.articles.get('feed-preview')).toBeUndefined()
    })

    it('creates a draft from the form (POST-redirect-GET) and shows it in the list', async () => {
      const { slug } = await createDraft()
      const article = await t.deps.articles.get(slug)
      expect(article).toMatchObject({ title: '반도체 수출 전망', status: 'draft', tags: ['경제', '반도체'] })
      expect(article!.bodyMarkdown).toBe('## 핵심\n\n한글 본문입니다.')
      const page = await (await desk.get(`/admin/articles/${slug}?saved`)).text()
      expect(page).toContain('저장했습니다')
      expect(page).toContain('한글 본문입니다.')
      expect(await (await desk.get('/admin/articles')).text()).toContain(`href="/admin/articles/${slug}"`)
    })

    it('filters the list by status and searches titles', async () => {
      await createDraft({ title: '반도체 수출 전망', slug: 'chips' })
      await createDraft({ title: '내수 부진의 이유', slug: 'demand', intent: 'publish' })
      const links = async (query: string) =>
        [
          ...(await (await desk.get(`/admin/articles${query}`)).text()).matchAll(
            /href="\/admin\/articles\/(chips|demand)"/g,
          ),
        ].map((match) => match[1])
      expect((await links('')).sort()).toEqual(['chips', 'demand'])
      expect(await links('?status=draft')).toEqual(['chips'])
      expect(await links('?status=published')).toEqual(['demand'])
      expect(await links(`?q=${encodeURIComponent('내수')}`)).toEqual(['demand'])
      expect(await links(`?status=draft&q=${encodeURIComponent('내수')}`)).toEqual([])
    })

    it('shows a form problem naming the field (422) and keeps what was typed', async () => {
      const csrf = await desk.csrf('/admin/articles/new')
      const response = await desk.post(
        '/admin/articles',
        articleFields(csrf, { title: '', body: '타이핑한 본문' }),
      )
      expect(response.status).toBe(422)
      const html = await response.text()
      expect(html).toContain('<strong>title</strong>')
      expect(html).toContain('타이핑한 본문')
      expect((await t.deps.articles.listAll({ limit: 10 })).items).toEqual([])
    })

    it('keeps an edit with a problem on the page (422) and leaves the stored article alone', async () => {
      const { slug } = await createDraft()
      const csrf = await desk.csrf(`/admin/articles/${slug}`)
      const response = await desk.post(
        `/admin/articles/${slug}`,
        articleFields(csrf, { slug, revision: '1', title: '', body: '고치던 본문' }),
      )
      expect(response.status).toBe(422)
      const html = await response.text()
      expect(html).toContain('<strong>title</strong>')
      expect(html).toContain('고치던 본문')
      expect(html).toContain('변경 기록')
      expect(await t.deps.articles.get(slug)).toMatchObject({ revision: 1, title: '반도체 수출 전망' })
    })

    it('renders the preview with the public page’s code', async () => {
      const csrf = await desk.csrf('/admin/articles/new')
      const response = await desk.post(
        '/admin/preview',
        articleFields(csrf, { body: '## 소제목\n\n**굵게** 쓴 글' }),
      )
      expect(response.status).toBe(200)
      const html = await response.text()
      expect(html).toMatch(/<h2[^>]*>소제목<\/h2>/)
      expect(html).toContain('<strong>굵게</strong>')
      expect(html).toContain('<h1>반도체 수출 전망</h1>')
      expect((await t.deps.articles.listAll({ limit: 10 })).items).toEqual([])
    })

    it('publishes, unpublishes and deletes (after a confirmation page), each in the audit log with its editor', async () => {
      const { slug } = await createDraft()
      let csrf = await desk.csrf(`/admin/articles/${slug}`)
      const edited = await desk.post(
        `/admin/articles/${slug}`,
        articleFields(csrf, { slug, revision: '1', body: '고친 본문', intent: 'publish' }),
      )
      expect(edited.status).toBe(303)
      expect(await t.deps.articles.get(slug)).toMatchObject({
        status: 'published',
        bodyMarkdown: '고친 본문',
      })
      expect((await t.app.request(`/articles/${slug}`)).status).toBe(200)

      expect((await desk.post(`/admin/articles/${slug}/unpublish`, { _csrf: csrf })).status).toBe(303)
      expect(await t.deps.articles.get(slug)).toMatchObject({ status: 'draft' })
      expect((await t.app.request(`/articles/${slug}`)).status).toBe(404)

      // The API writes the same log, as "api".
      const api = await t.admin(`/api/articles/${slug}/publish`, { method: 'POST' })
      expect(api.status).toBe(200)

      const editor = await (await desk.get(`/admin/articles/${slug}`)).text()
      expect(editor).toContain('변경 기록')
      expect(editor).toContain('김편집')

      const confirm = await desk.get(`/admin/articles/${slug}/delete`)
      expect(confirm.status).toBe(200)
      expect(await confirm.text()).toContain('이 글을 삭제할까요?')
      expect(await t.deps.articles.get(slug)).toBeDefined()
      csrf = csrfOf(await (await desk.get(`/admin/articles/${slug}/delete`)).text())
      const deleted = await desk.post(`/admin/articles/${slug}/delete`, { _csrf: csrf })
      expect(deleted.status).toBe(303)
      expect(await t.deps.articles.get(slug)).toBeUndefined()

      const log = await t.deps.audit.list(articleSubject(slug), { limit: 20 })
      expect(log.map((entry) => [entry.action, entry.actor.name, entry.actor.via]).reverse()).toEqual([
        ['created', '김편집', 'desk'],
        ['changed', '김편집', 'desk'],
        ['published', '김편집', 'desk'],
        ['unpublished', '김편집', 'desk'],
        ['published', 'api', 'api'],
        ['deleted', '김편집', 'desk'],
      ])
      expect(log.every((entry) => entry.at === t.clock.now().toISOString())).toBe(true)
    })

    it('records API writes as "api": create, replace and delete', async () => {
      const created = await readJson(
        t.admin('/api/articles', { method: 'POST', body: articleJson({ slug: 'by-api' }) }),
      )
      await t.admin('/api/articles/by-api', {
        method: 'PUT',
        body: articleJson({ slug: 'by-api', status: 'draft', revision: created.revision }),
      })
      await t.admin('/api/articles/by-api', { method: 'DELETE' })
      const log = await t.deps.audit.list(articleSubject('by-api'), { limit: 20 })
      expect(log.map((entry) => `${entry.action}:${entry.actor.name}`).reverse()).toEqual([
        'created:api',
        'published:api',
        'changed:api',
        'unpublished:api',
        'deleted:api',
      ])
    })

    it('refuses a stale save, shows both versions and writes nothing', async () => {
      const { slug } = await createDraft()
      const csrf = await desk.csrf(`/admin/articles/${slug}`)
      // Someone else saves meanwhile (through the API): revision 2.
      const theirs = await t.admin(`/api/articles/${slug}`, {
        method: 'PUT',
        body: articleJson({ slug, status: 'draft', title: '다른 사람의 제목', body: '다른 사람이 쓴 본문' }),
      })
      expect(theirs.status).toBe(200)

      const response = await desk.post(
        `/admin/articles/${slug}`,
        articleFields(csrf, { slug, revision: '1', body: '내가 쓴 본문' }),
      )
      expect(response.status).toBe(409)
      const html = await response.text()
      expect(html).toContain('내가 쓴 본문')
      expect(html).toContain('다른 사람이 쓴 본문')
      expect(await t.deps.articles.get(slug)).toMatchObject({
        revision: 2,
        title: '다른 사람의 제목',
        bodyMarkdown: '다른 사람이 쓴 본문',
      })
      const log = await t.deps.audit.list(articleSubject(slug), { limit: 20 })
      expect(log.filter((entry) => entry.actor.via === 'desk').map((entry) => entry.action)).toEqual([
        'created',
      ])

      // Keeping mine is a deliberate save against the revision now shown.
      const kept = await desk.post(
        `/admin/articles/${slug}`,
        articleFields(csrf, { slug, revision: '2', body: '내가 쓴 본문' }),
      )
      expect(kept.status).toBe(303)
      expect(await t.deps.articles.get(slug)).toMatchObject({ revision: 3, bodyMarkdown: '내가 쓴 본문' })
    })

    it('answers an unknown article with a calm 404 page', async () => {
      const response = await desk.get('/admin/articles/no-such-article')
      expect(response.status).toBe(404)
      expect(await response.text()).toContain('이 주소에는 글이 없습니다')
    })
  })
})
