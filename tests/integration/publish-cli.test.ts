import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { publishFile, type PublishTarget } from '../../cli/publish-files'
import { ADMIN_TOKEN, SITE_URL, createTestApp, readJson } from '../support/test-app'

type TestApp = Awaited<ReturnType<typeof createTestApp>>

/*
 * npm run publish's per-file work, run against the real app on dynalite: the CLI's own requests go to
 * app.request instead of over a socket (tests/e2e/local-stack.test.ts runs the real process).
 */
describe('npm run publish never overwrites an article it did not create from that file', () => {
  let t: TestApp
  let dir: string
  let target: PublishTarget

  beforeEach(async () => {
    t = await createTestApp()
    dir = await mkdtemp(join(tmpdir(), 'pressroom-publish-'))
    target = { baseUrl: SITE_URL, token: ADMIN_TOKEN, fetch: (url, init) => t.app.request(url, init) }
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  const file = async (name: string, frontMatter: string, body = 'Text.') => {
    const path = join(dir, name)
    await writeFile(path, `---\n${frontMatter}\n---\n${body}\n`)
    return path
  }
  const stored = (slug: string) => readJson(t.admin(`/api/articles/${slug}`))

  it('creates the first of two titles with the same slug and refuses the second with a clear line', async () => {
    // Prepare
    const first = await file('a.md', "title: 'Hello, World!'", 'First body.')
    const second = await file('b.md', "title: 'Hello World?'", 'Second body.')

    // Act
    const outcomes = [await publishFile(first, target), await publishFile(second, target)]

    // Assess
    expect(outcomes[0]).toMatchObject({
      ok: true,
      line: `${SITE_URL}/articles/hello-world (created, published)`,
    })
    expect(outcomes[1]!.ok).toBe(false)
    expect(outcomes[1]!.line).toMatch(/^.*b\.md: 409 slug hello-world is taken by another article/)
    expect(outcomes[1]!.line).toContain('slug:')
    expect(outcomes[1]!.line).not.toContain('\n')
    expect(await stored('hello-world')).toMatchObject({ title: 'Hello, World!', revision: 1 })
    expect((await stored('hello-world')).bodyMarkdown).toContain('First body.')
  })

  it('refuses titles with nothing to make a slug of, asking for slug:', async () => {
    const outcomes = [
      await publishFile(await file('a.md', "title: '🙂🙂'"), target),
      await publishFile(await file('b.md', "title: '🎉'"), target),
    ]
    for (const outcome of outcomes) {
      expect(outcome.ok).toBe(false)
      expect(outcome.line).toMatch(/\.md: slug: cannot be made from this title.*slug:/)
    }
    expect((await readJson(t.admin('/api/articles'))).items).toEqual([])
  })

  it('updates its own article when the same file is published again', async () => {
    const path = await file('a.md', "title: 'Hello, World!'", 'Version one.')
    expect((await publishFile(path, target)).line).toContain('(created, published)')
    await writeFile(path, "---\ntitle: 'Hello, World!'\n---\nVersion two.\n")

    const again = await publishFile(path, target)

    expect(again).toMatchObject({ ok: true, line: `${SITE_URL}/articles/hello-world (updated, published)` })
    expect(await stored('hello-world')).toMatchObject({ revision: 2, bodyMarkdown: 'Version two.' })
  })

  it('replaces another article when the file claims its slug in the front matter', async () => {
    await publishFile(await file('a.md', "title: 'Hello, World!'"), target)

    const claim = await publishFile(await file('b.md', "title: 'Hello World?'\nslug: hello-world"), target)

    expect(claim).toMatchObject({ ok: true, line: `${SITE_URL}/articles/hello-world (updated, published)` })
    expect(await stored('hello-world')).toMatchObject({ title: 'Hello World?', revision: 2 })
  })

  it('refuses to take over an article created through the API under the derived slug', async () => {
    await t.admin('/api/articles', {
      method: 'POST',
      body: JSON.stringify({ title: 'Hello, World!', body: 'From the API.' }),
    })

    const outcome = await publishFile(await file('a.md', "title: 'Hello World'"), target)

    expect(outcome.ok).toBe(false)
    expect(outcome.line).toContain('409 slug hello-world is taken by another article ("Hello, World!")')
    expect((await stored('hello-world')).bodyMarkdown).toBe('From the API.')
  })

  it('says when a file dated in the future goes live, in the publication time zone or else UTC', async () => {
    // The test clock stands at 2026-11-27T09:00Z; the file is dated the next morning in Seoul.
    const path = await file('later.md', "title: 'Later'\npublishedAt: '2026-11-28T10:00:00+09:00'")

    const seoul = await publishFile(path, { ...target, timeZone: 'Asia/Seoul' })
    const utc = await publishFile(path, target)

    expect(seoul.line).toBe(
      `${SITE_URL}/articles/later (created, scheduled: goes live at 2026-11-28T10:00:00+09:00[Asia/Seoul])`,
    )
    expect(utc.line).toBe(
      `${SITE_URL}/articles/later (updated, scheduled: goes live at 2026-11-28T01:00:00+00:00[UTC])`,
    )
    expect((await stored('later')).status).toBe('scheduled')
  })
})
