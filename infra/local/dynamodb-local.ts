import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import type { RunningServer } from './emulators'

/**
 * AWS's own DynamoDB Local, the second storage backend of the test suite (dynalite stays the default of
 * `npm start`: no Java needed to try Pressroom). The jar ships inside the npm package
 * amplify-dynamodb-simulator, so nothing is downloaded at install time; it runs on a Java 17+ runtime
 * (Debian's default-jre-headless, installed by `npm run setup:system`).
 */
export async function startDynamoDbLocal(options: { port: number; host: string }): Promise<RunningServer> {
  const emulatorDir = join(
    dirname(createRequire(import.meta.url).resolve('amplify-dynamodb-simulator/package.json')),
    'emulator',
  )
  const port = options.port === 0 ? await freePort(options.host) : options.port
  // -sharedDb: one database whatever the credentials and region, like dynalite; -inMemory: tests want
  // a clean slate and no files left behind.
  const java = spawn(
    'java',
    [
      '-Xmx1g',
      `-Djava.library.path=${join(emulatorDir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(emulatorDir, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-sharedDb',
      '-port',
      String(port),
    ],
    { cwd: emulatorDir, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  // The JVM is a separate process: should the runner exit without calling close(), take it down too.
  const killOnExit = () => java.kill('SIGKILL')
  process.once('exit', killOnExit)
  let output = ''
  java.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  java.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = once(java, 'exit').then(([code]) => {
    throw new Error(`DynamoDB Local exited with code ${String(code)} before it listened:\n${output}`)
  })
  const spawnFailed = once(java, 'error').then(([error]) => {
    throw new Error(`Cannot start DynamoDB Local (is Java installed? npm run setup:system): ${String(error)}`)
  })
  const url = `http://${options.host}:${port}`
  await Promise.race([waitUntilAnswering(url), exited, spawnFailed])
  exited.catch(() => undefined)
  spawnFailed.catch(() => undefined)
  return {
    url,
    close: async () => {
      process.removeListener('exit', killOnExit)
      if (java.exitCode !== null) return
      const gone = once(java, 'exit')
      java.kill('SIGTERM')
      await gone
    },
  }
}

/**
 * Polls until the server answers an HTTP request at all (the JVM takes seconds to start, more on a busy
 * machine); the ceiling is generous and only there so a hung JVM fails the run instead of stalling it.
 */
async function waitUntilAnswering(url: string, ceilingMs = 120_000): Promise<void> {
  const deadline = Date.now() + ceilingMs
  for (;;) {
    try {
      await fetch(url, { method: 'GET' })
      return
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer at ${url}`, { cause: error })
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}

/** A port the OS says is free now; the JVM cannot be asked to pick one and report it. */
async function freePort(host: string): Promise<number> {
  const probe = createServer()
  probe.listen(0, host)
  await once(probe, 'listening')
  const address = probe.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  await new Promise((resolve) => probe.close(resolve))
  return port
}
