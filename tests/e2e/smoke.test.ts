import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve, type ServerType } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { subscriberId } from '../../functions/core/subscriber'
import { ADMIN_TOKEN, articleJson, createTestApp, readJson } from '../support/test-app'

/*
 * `npm run smoke` (cli/smoke.ts) run the way an operator runs it: node with tsx as a loader, in a child
 * process, against a real HTTP server on a free port. Once against the real app on dynalite with one
 * published article, once against a tiny node:http server whose feeds are broken.
 */

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

// A data folder without an admin token, so neither the developer's shell nor their .data/ changes what
// the test sees; a test that wants a token there writes its own folder.
const NO_TOKEN_DATA_DIR = mkdtempSync(join(tmpdir(), 'pressroom-smoke-'))

function smoke(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/smoke.ts', ...args], {
      env: { ...process.env, ADMIN_TOKEN: '', DATA_DIR: NO_TOKEN_DATA_DIR, ...env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

const lines = (output: string) => output.split('\n').filter((line) => line.length > 0)

/** The address the run subscribed, read from its ✓ line. */
function subscribedAddress(output: string[]): string {
  const line = output.find((text) => text.startsWith('✓ POST /subscribe: 202 for '))
  expect(line, output.join('\n')).toBeDefined()
  return line!.slice('✓ POST /subscribe: 202 for '.length)
}

describe('npm run smoke against the real app', () => {
  let server: ServerType
  let baseUrl: string
  let app: Awaited<ReturnType<typeof createTestApp>>
  // Paths the server answers 404 for, to make a check fail half-way through a run.
  const broken = new Set<string>()

  const storedState = async (email: string) =>
    (await app.deps.subscribers.get(subscriberId(email.toLowerCase())))?.state
  const total = async () => (await readJson(app.admin('/api/subscribers/counts'))).total as number

  beforeAll(async () => {
    app = await createTestApp()
    const res = await app.admin('/api/articles', { method: 'POST', body: articleJson() })
    expect(res.status, await res.clone().text()).toBe(201)
    // Past FeedCache's settle window, as a poll some seconds after publishing would be.
    app.clock.advance(10_000)
    const fetch = (request: Request) =>
      broken.has(new URL(request.url).pathname)
        ? new Response('gone', { status: 404 })
        : app.app.fetch(request)
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port))
    })
    baseUrl = `http://127.0.0.1:${port}`
  })

  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  })

  it('passes every check, erases the subscriber it made, and exits 0', async () => {
    const before = await total()

    const { code, stdout, stderr } = await smoke([baseUrl, '--token', ADMIN_TOKEN])

    expect(code, `${stdout}\n${stderr}`).toBe(0)
    const output = lines(stdout)
    expect(output[0]).toBe(`Smoke test of ${baseUrl}`)
    expect(output.filter((line) => line.startsWith('✗'))).toEqual([])
    for (const expected of [
      '✓ GET /: 200 text/html',
      '✓ RSS /feed.xml: 200 application/rss+xml, valid RSS 2.0, 1 item',
      '✓ Atom /atom.xml: 200 application/atom+xml, valid Atom 1.0, 1 entry',
      '✓ JSON Feed /feed.json: 200 application/feed+json, valid JSON Feed 1.1, 1 item',
      '✓ GET /api/articles with the admin token: 200 (token from --token)',
      '✓ GET /api/articles without a token: 401',
    ]) {
      expect(output).toContain(expected)
    }
    for (const path of ['/feed.xml', '/atom.xml', '/feed.json']) {
      expect(
        output.some((line) => line.startsWith(`✓ `) && line.includes(`${path} If-None-Match: ETag "`)),
      ).toBe(true)
    }
    const email = subscribedAddress(output)
    expect(email).toMatch(/^smoke\+\d+@example\.com$/)
    expect(output).toContain(`✓ Clean-up: erased the pending subscriber ${email}`)
    expect(output.at(-1)).toBe('11 passed, 0 failed.')
    expect(await storedState(email)).toBeUndefined()
    expect(await total()).toBe(before)
  })

  it('finds the admin token in the data folder, as npm run publish does', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pressroom-smoke-'))
    writeFileSync(join(dataDir, 'admin-token'), `${ADMIN_TOKEN}\n`, { mode: 0o600 })
    const before = await total()

    const { code, stdout } = await smoke([baseUrl], { DATA_DIR: dataDir })

    expect(code, stdout).toBe(0)
    const output = lines(stdout)
    expect(output).toContain(
      `✓ GET /api/articles with the admin token: 200 (token from ${join(dataDir, 'admin-token')})`,
    )
    expect(output).toContain(`✓ Clean-up: erased the pending subscriber ${subscribedAddress(output)}`)
    expect(output.at(-1)).toBe('11 passed, 0 failed.')
    expect(await total()).toBe(before)
  })

  it('still erases its subscriber when a check fails on the way', async () => {
    const before = await total()
    broken.add('/atom.xml')
    const run = await smoke([baseUrl, '--token', ADMIN_TOKEN]).finally(() => broken.clear())

    expect(run.code, run.stdout).toBe(1)
    const output = lines(run.stdout)
    expect(output).toContain('✗ Atom /atom.xml: /atom.xml answered 404, expected 200')
    const email = subscribedAddress(output)
    expect(output).toContain(`✓ Clean-up: erased the pending subscriber ${email}`)
    expect(output.at(-1)).toBe('9 passed, 2 failed.')
    expect(await storedState(email)).toBeUndefined()
    expect(await total()).toBe(before)
  })

  it('leaves an address that was on the list before the run as it was', async () => {
    const imported = await app.admin('/api/subscribers/import?dryRun=false', {
      method: 'POST',
      body: 'email,consent\nreader@example.com,yes\n',
      headers: { 'content-type': 'text/csv' },
    })
    expect((await readJson(imported)).created).toBe(1)

    const { code, stdout } = await smoke([baseUrl, '--token', ADMIN_TOKEN, '--email', 'Reader@example.com'])

    expect(code, stdout).toBe(0)
    expect(lines(stdout)).toContain(
      '○ Clean-up: Reader@example.com was on the list before this run, so it is left as it was',
    )
    expect(await storedState('reader@example.com')).toBe('confirmed')
  })

  it('skips the token check without a token, still checks the 401, and says what it leaves behind', async () => {
    const { code, stdout } = await smoke([baseUrl, '--email', 'smoke-no-token@example.com'])
    expect(code, stdout).toBe(0)
    const output = lines(stdout)
    expect(output).toContain(
      `○ GET /api/articles with the admin token: no token: pass --token, set ADMIN_TOKEN or run it where ${join(NO_TOKEN_DATA_DIR, 'admin-token')} exists`,
    )
    expect(output).toContain('✓ POST /subscribe: 202 for smoke-no-token@example.com')
    expect(output).toContain(
      '○ Clean-up: no token, so smoke-no-token@example.com stays pending; erase it with DELETE /api/subscribers/smoke-no-token@example.com',
    )
    expect(output.at(-1)).toBe('9 passed, 0 failed, 2 skipped.')
    expect(await storedState('smoke-no-token@example.com')).toBe('pending')
  })
})

describe('npm run smoke against a broken site', () => {
  let server: Server
  let baseUrl: string

  beforeAll(async () => {
    // Serves a home page, an RSS feed that is not well-formed, a JSON Feed of the wrong version, no Atom,
    // a subscribe endpoint and an admin API that refuses everyone.
    server = createServer((req, res) => {
      const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': type, ...headers })
        res.end(body)
      }
      switch (req.url?.split('?')[0]) {
        case '/':
          return send(200, 'text/html; charset=utf-8', '<!doctype html><html><body>Hi</body></html>')
        case '/feed.xml':
          return send(
            200,
            'application/rss+xml; charset=utf-8',
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title></rss>',
            { etag: '"broken"' },
          )
        case '/feed.json':
          return send(
            200,
            'application/feed+json',
            JSON.stringify({ version: 'https://jsonfeed.org/version/1', title: 'Old', items: [] }),
          )
        case '/subscribe':
          req.resume()
          return req.on('end', () => send(202, 'application/json', '{"status":"accepted"}'))
        case '/api/articles':
          return send(401, 'application/json', '{"error":"unauthorized"}')
        default:
          return send(404, 'text/html', '<html><body>Not found</body></html>')
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  it('names what is wrong on a ✗ line and exits 1', async () => {
    const { code, stdout } = await smoke([baseUrl, '--token', 'some-token-0123456789'])
    expect(code, stdout).toBe(1)
    const output = lines(stdout)
    expect(output).toContain('✓ GET /: 200 text/html')
    const rss = output.find((line) => line.startsWith('✗ RSS /feed.xml: '))
    expect(rss).toMatch(/^✗ RSS \/feed\.xml: RSS is not well-formed XML: .+ \(line 1, column \d+\)$/)
    expect(output).toContain(
      '✗ RSS /feed.xml If-None-Match: answered 200 to If-None-Match: "broken", expected 304',
    )
    expect(output).toContain('✗ Atom /atom.xml: /atom.xml answered 404, expected 200')
    expect(output).toContain(
      '✗ JSON Feed /feed.json: JSON Feed version is "https://jsonfeed.org/version/1", expected "https://jsonfeed.org/version/1.1"',
    )
    expect(output).toContain('✗ JSON Feed /feed.json If-None-Match: /feed.json has no ETag header')
    expect(output).toContain(
      '✗ GET /api/articles with the admin token: answered 401: the token from --token was refused',
    )
    expect(output).toContain('✓ GET /api/articles without a token: 401')
    expect(output).toContain('✗ Atom /atom.xml If-None-Match: /atom.xml answered 404, expected 200')
    expect(output.find((line) => line.includes('Clean-up'))).toMatch(
      /^✓ Clean-up: no subscriber smoke\+\d+@example\.com to erase$/,
    )
    expect(output.at(-1)).toBe('4 passed, 7 failed.')
  })

  it('speaks Korean with PUBLICATION_LANG=ko', async () => {
    const { code, stdout } = await smoke([baseUrl, '--token', 'some-token-0123456789'], {
      PUBLICATION_LANG: 'ko',
    })
    expect(code, stdout).toBe(1)
    const output = lines(stdout)
    expect(output[0]).toBe(`${baseUrl} 점검`)
    expect(output).toContain('✗ Atom /atom.xml: /atom.xml: 응답 404, 기대한 값 200')
    expect(output).toContain('✗ JSON Feed /feed.json If-None-Match: /feed.json에 ETag 헤더가 없습니다')
    expect(output).toContain('✗ 관리자 토큰으로 GET /api/articles: 401 응답: --token의 토큰이 거부되었습니다')
    expect(output).toContain('✓ 토큰 없이 GET /api/articles: 401')
    expect(output.find((line) => line.includes('정리'))).toMatch(
      /^✓ 정리: 지울 구독자 smoke\+\d+@example\.com이\(가\) 없습니다$/,
    )
    expect(output.at(-1)).toBe('통과 4, 실패 7.')
  })

  it('fails every check with the reason when nothing answers', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const { code, stdout } = await smoke([`http://127.0.0.1:${port}`])
    expect(code, stdout).toBe(1)
    expect(lines(stdout)).toContain(`✗ GET /: GET http://127.0.0.1:${port}/: ECONNREFUSED`)
  })

  it('exits 2 with the usage on a bad command line', async () => {
    const { code, stderr } = await smoke(['not a url'])
    expect(code).toBe(2)
    expect(stderr).toContain('Usage: npm run smoke -- <site-url>')
  })
})
