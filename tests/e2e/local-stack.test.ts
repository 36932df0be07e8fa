import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { linkIn, readOutbox } from '../support/outbox'

// The same command as the npm scripts: node itself with tsx as a loader, so signals reach the app directly.
const NODE_ARGS = ['--import', 'tsx']

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...NODE_ARGS, ...args], { env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Starts `npm start`'s entry point and resolves once it prints its banner. */
function startPressroom(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_ARGS, 'infra/local/start.ts'], {
      env: { ...process.env, ...env },
    })
    let output = ''
    const timer = setTimeout(() => reject(new Error(`no banner within 120 s:\n${output}`)), 120_000)
    const onData = (chunk: Buffer) => {
      output += chunk
      if (output.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer)
        resolve({ child, output: () => output })
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`exited with ${code}:\n${output}`))
    })
  })
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit')
    child.on('exit', (code) => resolve(code))
    child.kill('SIGINT')
  })
}

describe('npm start and npm run publish on a fresh data folder', () => {
  let dir: string
  let env: NodeJS.ProcessEnv
  let site: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pressroom-e2e-'))
    const port = await freePort()
    env = {
      DATA_DIR: join(dir, 'data'),
      PORT: String(port),
      DYNAMODB_PORT: String(await freePort()),
      SES_PORT: String(await freePort()),
      ADMIN_TOKEN: '',
      PRESSROOM_URL: '',
    }
    site = `http://127.0.0.1:${port}`
  })

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('publishes a Korean article, keeps it across a restart, and refuses a taken port', async () => {
    // Prepare
    const first = await startPressroom(env)
    expect(first.output()).toContain(`RSS           ${site}/feed.xml`)
    await writeFile(join(dir, 'broken.md'), '---\ntitle: [unclosed\n---\nbody')

    // Act: one good file, one broken file, one missing file
    const published = await run(
      ['cli/publish.ts', 'examples/korean-economy-2027.md', join(dir, 'broken.md'), join(dir, 'missing.md')],
      env,
    )

    // Assess: the good file went through, each bad one got one line naming it
    expect(published.code).toBe(1)
    const url = published.stdout.trim()
    expect(url).toMatch(
      new RegExp(`^${site}/articles/2027-nyeon-hanguk-gyeongje-jeonmang[a-z0-9-]* \\(created, published\\)$`),
    )
    const errors = published.stderr.trim().split('\n')
    expect(errors).toHaveLength(2)
    expect(errors[0]).toMatch(/broken\.md: front matter: is not valid YAML/)
    expect(errors[1]).toMatch(/missing\.md: no such file/)

    // Publishing the same file again updates it
    const again = await run(['cli/publish.ts', 'examples/korean-economy-2027.md'], env)
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('(updated, published)')

    // Two files whose titles make the same slug: the first is created, the second refused in one line
    await writeFile(join(dir, 'hello-a.md'), "---\ntitle: 'Hello, World!'\n---\nFirst.\n")
    await writeFile(join(dir, 'hello-b.md'), "---\ntitle: 'Hello World?'\n---\nSecond.\n")
    const twins = await run(['cli/publish.ts', join(dir, 'hello-a.md'), join(dir, 'hello-b.md')], env)
    expect(twins.code).toBe(1)
    expect(twins.stdout.trim()).toBe(`${site}/articles/hello-world (created, published)`)
    expect(twins.stderr.trim()).toMatch(
      /^\S*hello-b\.md: 409 slug hello-world is taken by another article [^\n]*$/,
    )
    const kept = (await (await fetch(`${site}/articles/hello-world`)).text()).includes('First.')
    expect(kept).toBe(true)

    // Ctrl-C stops cleanly; a restart keeps the article
    expect(await stop(first.child)).toBe(0)
    const second = await startPressroom(env)
    try {
      const feed = await (await fetch(`${site}/feed.xml`)).text()
      expect(feed).toContain('2027년 한국 경제 전망: 반도체 회복과 내수 부진의 갈림길')

      // A second instance on the same port says so in one line and exits non-zero
      const clash = await run(['infra/local/start.ts'], { ...env, DATA_DIR: join(dir, 'other') })
      expect(clash.code).toBe(1)
      expect(clash.stderr.trim()).toMatch(
        /^Port \d+ on 127\.0\.0\.1 is already in use; .* set PORT to another port\.$/,
      )
    } finally {
      expect(await stop(second.child)).toBe(0)
    }
  }, 300_000)

  it('mails the confirmation of a subscribe after answering, from its in-process worker', async () => {
    // Prepare
    const pressroom = await startPressroom(env)
    try {
      // Act
      const response = await fetch(`${site}/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'local-reader@example.com' }),
      })

      // Assess: accepted at once; the worker sends the email, which lands in the data folder's outbox.
      expect(response.status).toBe(202)
      const outbox = join(env.DATA_DIR!, 'outbox')
      const messages = async () =>
        (await readdir(outbox).catch(() => [])).filter((file) => file.endsWith('.eml'))
      try {
        await expect.poll(messages, { timeout: 120_000, interval: 100 }).toHaveLength(1)
      } catch (error) {
        // What npm start printed (a failed job logs each attempt) says why; without it a failure is mute.
        throw new Error(`no confirmation email in the outbox; npm start printed:\n${pressroom.output()}`, {
          cause: error,
        })
      }
      const [mail] = await readOutbox(outbox)
      expect(mail!.to).toMatchObject({ text: 'local-reader@example.com' })
      expect(linkIn(mail!, `${site}/confirm?token=`)).toMatch(/token=[\w.-]+$/)
    } finally {
      expect(await stop(pressroom.child)).toBe(0)
    }
  }, 300_000)
})
