import { readFile } from 'node:fs/promises'
import { beforeEach, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, articleJson, createTestApp, readJson } from '../support/test-app'

type TestApp = Awaited<ReturnType<typeof createTestApp>>

describe('admin articles API', () => {
  let t: TestApp
  beforeEach(async () => {
    t = await createTestApp()
  })

  describe('authentication', () => {
    it.each([
      ['no header', {}],
      ['a wrong token', { authorization: 'Bearer wrong-token-wrong-token' }],
      ['another scheme', { authorization: `Basic ${ADMIN_TOKEN}` }],
      ['a bare token', { authorization: ADMIN_TOKEN }],
    ])('answers 401 with a JSON body for %s', async (_case, headers) => {
      const response = await t.app.request('/api/articles', { headers })
      expect(response.status).toBe(401)
      expect(response.headers.get('www-authenticate')).toContain('Bearer')
      expect(await readJson(response)).toMatchObject({ error: 'unauthorized' })
    })

    it('protects every route, including unknown ones and writes', async () => {
      for (const [method, path] of [
        ['POST', '/api/articles'],
        ['PUT', '/api/articles/x'],
        ['DELETE', '/api/articles/x'],
        ['POST', '/api/articles/x/publish'],
        ['GET', '/api/nothing-here'],
      ] as const) {
        expect((await t.app.request(path, { method })).status, `${method} ${path}`).toBe(401)
      }
    })
  })

  it('creates an article from JSON and returns it with its URL', async () => {
    const response = await t.admin('/api/articles', {
      method: 'POST',
      body: articleJson({ status: 'draft' }),
    })
    expect(response.status).toBe(201)
    const article = await readJson(response)
    expect(article).toMatchObject({
      slug: 'bandoche-suchul-jeonmang',
      status: 'draft',
      url: 'https://news.example.com/articles/bandoche-suchul-jeonmang',
      lang: 'ko',
    })
    expect(article.publishedAt).toBeUndefined()
    expect(response.headers.get('location')).toBe('/api/articles/bandoche-suchul-jeonmang')
  })

  it('creates an article from Markdown with YAML front matter', async () => {
    const markdown = await readFile('examples/korean-economy-2027.md', 'utf8')
    const response = await t.admin('/api/articles', {
      method: 'POST',
      body: markdown,
      headers: { 'content-type': 'text/markdown; charset=utf-8' },
    })
    expect(response.status).toBe(201)
    const article = await readJson(response)
    expect(article.title).toBe('2027년 한국 경제 전망: 반도체 회복과 내수 부진의 갈림길')
    expect(article.tags).toEqual(['경제', '반도체', '전망'])
    // One related link from the front matter, two from the body's 관련 기사 list, which leaves the body.
    expect(article.related).toHaveLength(3)
    expect(article.bodyHtml).toContain('<h2>1. 수출: 반도체가 끌고 자동차가 민다</h2>')
    expect(article.bodyHtml).not.toContain('관련 기사')
  })

  it('answers 409 for a duplicate slug and keeps the first article', async () => {
    await t.admin('/api/articles', { method: 'POST', body: articleJson({ summary: 'first' }) })
    const second = await t.admin('/api/articles', {
      method: 'POST',
      body: articleJson({ summary: 'second' }),
    })
    expect(second.status).toBe(409)
    expect((await readJson(second)).error).toBe('conflict')
    const stored = await readJson(t.admin('/api/articles/bandoche-suchul-jeonmang'))
    expect(stored.summary).toBe('first')
  })

  it('answers 422 naming each bad field, and stores nothing', async () => {
    const response = await t.admin('/api/articles', {
      method: 'POST',
      body: JSON.stringify({ title: '제목', body: '', tags: 'x', image: 'ftp://x', slug: 'Bad Slug' }),
    })
    expect(response.status).toBe(422)
    const body = await readJson(response)
    expect(body.problems.map((p: { field: string }) => p.field).sort()).toEqual(['body', 'image', 'slug'])
    const list = await readJson(t.admin('/api/articles'))
    expect(list.items).toEqual([])
  })

  it('answers 422 for malformed JSON and for an unsupported content type', async () => {
    const broken = await t.admin('/api/articles', { method: 'POST', body: '{"title": ' })
    expect(broken.status).toBe(422)
    expect((await readJson(broken)).problems[0].problem).toBe('is not valid JSON')
    const form = await t.admin('/api/articles', {
      method: 'POST',
      body: 'title=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect((await readJson(form)).problems[0].field).toBe('Content-Type')
  })

  it('answers 413 for a body over 1 MB', async () => {
    const response = await t.admin('/api/articles', {
      method: 'POST',
      body: articleJson({ body: 'x'.repeat(1_100_000) }),
    })
    expect(response.status).toBe(413)
  })

  it('upserts with PUT: creates, then updates the same slug and bumps the revision', async () => {
    const created = await t.admin('/api/articles/my-post', {
      method: 'PUT',
      body: articleJson({ title: 'First' }),
    })
    expect(created.status).toBe(201)
    t.clock.advance(60_000)
    const updated = await t.admin('/api/articles/my-post', {
      method: 'PUT',
      body: articleJson({ title: 'Second' }),
    })
    expect(updated.status).toBe(200)
    const article = await readJson(updated)
    expect(article).toMatchObject({ title: 'Second', revision: 2, slug: 'my-post' })
    expect(article.publishedAt).toBe((await readJson(created)).publishedAt)
    expect(article.updatedAt > article.createdAt).toBe(true)
  })

  it('refuses a stale revision with 409 so concurrent edits are not lost', async () => {
    await t.admin('/api/articles/my-post', { method: 'PUT', body: articleJson() })
    await t.admin('/api/articles/my-post', { method: 'PUT', body: articleJson({ title: 'B' }) })
    const stale = await t.admin('/api/articles/my-post', {
      method: 'PUT',
      body: articleJson({ title: 'C', revision: 1 }),
    })
    expect(stale.status).toBe(409)
  })

  it('refuses to change the slug through PUT', async () => {
    const response = await t.admin('/api/articles/my-post', {
      method: 'PUT',
      body: articleJson({ slug: 'other' }),
    })
    expect(response.status).toBe(422)
    expect((await readJson(response)).problems[0].field).toBe('slug')
  })

  it('publishes and unpublishes, keeping the first publication date', async () => {
    await t.admin('/api/articles', { method: 'POST', body: articleJson({ status: 'draft' }) })
    t.clock.advance(1000)
    const published = await readJson(
      t.admin('/api/articles/bandoche-suchul-jeonmang/publish', { method: 'POST' }),
    )
    expect(published).toMatchObject({ status: 'published', publishedAt: t.clock.now().toISOString() })
    t.clock.advance(1000)
    const draft = await readJson(
      t.admin('/api/articles/bandoche-suchul-jeonmang/unpublish', { method: 'POST' }),
    )
    expect(draft).toMatchObject({ status: 'draft', publishedAt: published.publishedAt })
    expect((await t.app.request('/articles/bandoche-suchul-jeonmang')).status).toBe(404)
  })

  it('deletes an article, and a second delete is a 404', async () => {
    await t.admin('/api/articles', { method: 'POST', body: articleJson() })
    expect((await t.admin('/api/articles/bandoche-suchul-jeonmang', { method: 'DELETE' })).status).toBe(204)
    const again = await t.admin('/api/articles/bandoche-suchul-jeonmang', { method: 'DELETE' })
    expect(again.status).toBe(404)
    expect((await readJson(again)).error).toBe('not_found')
  })

  it('lists every article newest first, page by page', async () => {
    for (const n of [1, 2, 3, 4, 5]) {
      await t.admin('/api/articles', {
        method: 'POST',
        body: articleJson({ title: `Post ${n}`, status: n % 2 ? 'published' : 'draft' }),
      })
      t.clock.advance(1000)
    }
    const first = await readJson(t.admin('/api/articles?limit=2'))
    expect(first.items.map((a: { title: string }) => a.title)).toEqual(['Post 5', 'Post 4'])
    expect(first.items[0].bodyHtml).toBeUndefined()
    const second = await readJson(t.admin(`/api/articles?limit=2&cursor=${first.cursor}`))
    const third = await readJson(t.admin(`/api/articles?limit=2&cursor=${second.cursor}`))
    expect([...second.items, ...third.items].map((a: { title: string }) => a.title)).toEqual([
      'Post 3',
      'Post 2',
      'Post 1',
    ])
  })

  describe('slugs in the URL path', () => {
    const badSlugs = ['a%20b', '%3Cscript%3E', 'UPPER-Case', '..%2F..%2Fx', 'x'.repeat(300), 'x'.repeat(1100)]
    const routes = (slug: string) =>
      [
        ['PUT', `/api/articles/${slug}`],
        ['GET', `/api/articles/${slug}`],
        ['DELETE', `/api/articles/${slug}`],
        ['POST', `/api/articles/${slug}/publish`],
        ['POST', `/api/articles/${slug}/unpublish`],
      ] as const

    it.each(badSlugs.map((slug) => [slug.length > 20 ? `${slug.length} characters` : slug, slug]))(
      'answers 422 naming the field slug for %s on every route, and stores nothing',
      async (_name, slug) => {
        for (const [method, path] of routes(slug)) {
          const response = await t.admin(path, {
            method,
            ...(method === 'PUT' && { body: articleJson({ title: 'Hostile' }) }),
          })
          expect(response.status, `${method} ${path}`).toBe(422)
          const body = await readJson(response)
          expect(body.error).toBe('invalid_input')
          expect(body.problems.map((p: { field: string }) => p.field)).toEqual(['slug'])
        }
        expect((await readJson(t.admin('/api/articles'))).items).toEqual([])
      },
    )
  })

  it('answers 422 asking for a slug when the title has nothing to make one of, and stores nothing', async () => {
    for (const title of ['🙂🙂', '!!!']) {
      const response = await t.admin('/api/articles', { method: 'POST', body: articleJson({ title }) })
      expect(response.status, title).toBe(422)
      const [problem] = (await readJson(response)).problems
      expect(problem.field).toBe('slug')
      expect(problem.problem).toContain('slug:')
    }
    expect((await readJson(t.admin('/api/articles'))).items).toEqual([])
  })

  describe('PUT with a source (what npm run publish sends)', () => {
    const put = (slug: string, fields: Record<string, unknown>) =>
      t.admin(`/api/articles/${slug}`, { method: 'PUT', body: articleJson(fields) })

    it('replaces an article only from the same source, and keeps the other intact', async () => {
      expect((await put('hello-world', { title: 'Hello, World!', source: 'a.md' })).status).toBe(201)
      expect((await put('hello-world', { title: 'Hello, World! (edited)', source: 'a.md' })).status).toBe(200)

      const other = await put('hello-world', { title: 'Hello World?', source: 'b.md' })
      expect(other.status).toBe(409)
      const body = await readJson(other)
      expect(body.error).toBe('conflict')
      expect(body.message).toContain('hello-world')
      expect(body.message).toContain('slug:')

      const stored = await readJson(t.admin('/api/articles/hello-world'))
      expect(stored).toMatchObject({ title: 'Hello, World! (edited)', source: 'a.md', revision: 2 })
    })

    it('refuses to take over an article that has no source, unless the slug is claimed in the body', async () => {
      await t.admin('/api/articles', { method: 'POST', body: articleJson({ title: 'Hello' }) })
      expect((await put('hello', { title: 'Hello again', source: 'b.md' })).status).toBe(409)
      expect((await readJson(t.admin('/api/articles/hello'))).title).toBe('Hello')

      const claimed = await put('hello', { title: 'Hello again', source: 'b.md', slug: 'hello' })
      expect(claimed.status).toBe(200)
      expect(await readJson(claimed)).toMatchObject({ title: 'Hello again', source: 'b.md' })
    })
  })

  it('answers 422 for a forged cursor or a bad limit', async () => {
    expect((await t.admin('/api/articles?cursor=bm9wZQ')).status).toBe(422)
    expect((await t.admin('/api/articles?limit=1000')).status).toBe(422)
  })
})
