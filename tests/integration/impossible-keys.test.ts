import { describe, expect, it, vi } from 'vitest'
import { createApp } from '../../functions/http/app'
import { logger } from '../../functions/log'
import { ADMIN_TOKEN, articleJson, createTestApp, readJson } from '../support/test-app'

// DynamoDB refuses a partition key over 2,048 bytes and a sort key over 1,024 with a ValidationException;
// an id that long can name nothing, so a lookup is "not found" and a write is a 422 naming the field.
const long = (n: number) => 'a'.repeat(n)

describe('ids longer than a DynamoDB key can hold', () => {
  it('answers not found for pages and lookups, never a 500 and never an unhandled error', async () => {
    const t = await createTestApp()
    const logged = vi.spyOn(logger, 'error')
    const pages = [
      `/articles/${long(2_100)}`,
      `/digests/${long(3_000)}/x`,
      `/digests/x/${long(3_000)}`,
      `/tags/${long(3_000)}/`,
      `/tags/${long(3_000)}/feed.xml`,
      `/tags/${long(3_000)}/archive/2026-11/atom.xml`,
    ]
    for (const path of pages) {
      const response = await t.app.request(path)
      expect(response.status, path).toBeLessThan(500)
      if (response.status !== 200) {
        expect(response.status, path).toBe(404)
        expect(response.headers.get('content-type'), path).toContain('text/html')
      }
    }
    // The article routes take the slug rule first: a slug that long breaks it, so the editor is told which
    // field is wrong (422) rather than that nothing is there (functions/core/articles.ts, getArticle).
    for (const [method, path] of [
      ['GET', `/api/articles/${long(3_000)}`],
      ['DELETE', `/api/articles/${long(3_000)}`],
      ['POST', `/api/articles/${long(3_000)}/publish`],
      ['POST', `/api/articles/${long(3_000)}/unpublish`],
    ] as const) {
      const response = await t.admin(path, { method })
      expect(response.status, `${method} ${path}`).toBe(422)
      expect(await readJson(response), path).toMatchObject({
        error: 'invalid_input',
        problems: [{ field: 'slug' }],
      })
    }
    const digest = await t.admin(`/api/digests/${long(3_000)}`)
    expect(digest.status).toBe(404)
    expect(await readJson(digest)).toMatchObject({ error: 'not_found' })
    expect(logged).not.toHaveBeenCalled()
    logged.mockRestore()
  })

  it('refuses to write an article under a key DynamoDB cannot store, naming the slug, and writes nothing', async () => {
    const t = await createTestApp()
    for (const slug of [long(3_000), long(1_010)]) {
      const response = await t.admin(`/api/articles/${slug}`, {
        method: 'PUT',
        body: articleJson({ status: 'published' }),
      })
      expect(response.status).toBe(422)
      expect(await readJson(response)).toMatchObject({
        error: 'invalid_input',
        problems: [{ field: 'slug' }],
      })
    }
    const response = await t.admin('/api/articles', {
      method: 'POST',
      body: articleJson({ slug: long(1_010), status: 'published' }),
    })
    expect(response.status).toBeGreaterThanOrEqual(400)
    expect(response.status).toBeLessThan(500)
    expect((await readJson(t.admin('/api/articles'))).items).toEqual([])
  })

  it('answers a preview naming an impossible slug with a 422 naming it', async () => {
    const t = await createTestApp()
    const runtime = await t.digestRuntime('test')
    const app = createApp({
      ...t.deps,
      digestTrigger: {
        run: runtime.plan,
        preview: runtime.preview,
        test: runtime.test,
        previewDraft: runtime.previewDraft,
      },
    })
    const response = await app.request('/api/digests/preview', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ articles: [long(3_000)] }),
    })
    expect(response.status).toBe(422)
    expect((await readJson(response)).problems[0]).toMatchObject({ field: 'articles.0' })
    await runtime.stop()
  })

  it('finds no subscriber, digest or variant under an impossible id in the stores', async () => {
    const t = await createTestApp()
    expect(await t.deps.subscribers.get(long(3_000))).toBeUndefined()
    expect(await t.deps.subscribers.erase(long(3_000))).toBeUndefined()
    expect((await t.deps.subscribers.getMany([long(3_000)])).size).toBe(0)
    expect(await t.deps.articles.listPublished({ limit: 5, tag: long(3_000) })).toEqual([])
    expect(await t.deps.digests.getDigest(long(3_000))).toBeUndefined()
    expect(await t.deps.digests.getVariant('x', long(3_000))).toBeUndefined()
    expect(await t.deps.digests.listVariants(long(3_000))).toEqual([])
  })
})
