/**
 * The subscribe-timing benchmark: `node --import tsx bench/scenarios/subscribe.ts` (also part of `npm run bench`).
 *
 * Does the time POST /subscribe takes tell whether an address is on the list? The real app, built by the
 * same composition root as `npm start` (buildHttpDeps), is served on node:http; dynalite (in memory) and the SES
 * emulator (aws-ses-v2-local) run in a child process (a fork of this file), so the app's process does only
 * the app's work. BENCH_SUBSCRIBES confirmed subscribers are written first; then BENCH_SUBSCRIBES subscribes
 * of new addresses and as many of the confirmed ones are sent one at a time, in a shuffled order, and each is
 * timed at the client (request sent to response read). The confirmation worker runs in the same process, as
 * under `npm start`, and the run fails unless every new address, and no confirmed one, got its email. Each request comes from its own loopback address
 * (127.0.x.y), so the per-client rate limit applies to every request alike and never refuses one.
 *
 * Reported: the median and p90 of each kind, their ratios, and how often the best single time threshold
 * tells the two kinds apart (50% is a coin toss). Knobs: BENCH_SUBSCRIBES (per kind, default 200),
 * BENCH_WARMUP (unmeasured requests of each kind first, default 20), BENCH_SEED (shuffle seed, default 1),
 * BENCH_HOLD_WORKER (1: start the confirmation worker only after the measured requests, to see the request
 * path's own cost without the emails being sent meanwhile).
 */
import { fork } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { request, createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { createDynamoClients } from '../../functions/clients'
import { ensureTable } from '../../functions/adapters/dynamodb/ensure-table'
import { loadConfig } from '../../functions/config'
import { subscriberId, type Subscriber } from '../../functions/core/subscriber'
import { buildHttpDeps } from '../../functions/http/deps'
import { startLocalConfirmations } from '../../functions/confirmations/local-worker'
import { createApp } from '../../functions/http/app'
import { nodeListener } from '../../functions/http/node-listener'
import { startDynalite, startSesEmulator } from '../../infra/local/emulators'
import { median, quantile, round } from '../support/stats'
import { markdownTable, plainTable } from '../support/table'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const intEnv = (name: string, fallback: number) => {
  const value = Number(process.env[name])
  return Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback
}
const PER_KIND = intEnv('BENCH_SUBSCRIBES', 200)
const WARMUP = intEnv('BENCH_WARMUP', 20)
const SEED = intEnv('BENCH_SEED', 1)
/** 1: the worker starts only after the measured requests, which then show the request path's cost alone. */
const HOLD_WORKER = process.env.BENCH_HOLD_WORKER === '1'
const TABLE = 'pressroom-bench-subscribe'

const log = (message: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`)

interface EmulatorUrls {
  dynamo: string
  ses: string
}

/** The child: dynalite in memory and the SES emulator, until the parent says stop or goes away. */
async function serveEmulators(): Promise<void> {
  const dynamo = await startDynalite({ port: 0, host: '127.0.0.1' })
  const ses = await startSesEmulator({ port: 0, host: '127.0.0.1' })
  const stop = async () => {
    await ses.close()
    await dynamo.close()
    process.disconnect?.()
  }
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'stop') void stop()
  })
  process.once('disconnect', () => void stop().catch(() => undefined))
  process.send!({ dynamo: dynamo.url, ses: ses.url } satisfies EmulatorUrls)
}

/** A small seeded PRNG (mulberry32), so a run's order can be repeated. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function shuffle<T>(items: T[], next: () => number): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

/** The n-th distinct loopback address after 127.0.0.1 (Linux routes all of 127/8 to lo). */
const loopback = (n: number) => `127.0.${1 + Math.floor(n / 250)}.${1 + (n % 250)}`

/** One POST /subscribe (JSON) from `localAddress`, timed from sending to the last byte of the answer. */
function timedSubscribe(
  port: number,
  localAddress: string,
  email: string,
): Promise<{ status: number; ms: number; body: string }> {
  const payload = JSON.stringify({ email, cadence: 'weekly', lang: 'en', timezone: 'Asia/Seoul' })
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const req = request(
      {
        host: '127.0.0.1',
        port,
        localAddress,
        method: 'POST',
        path: '/subscribe',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            ms: performance.now() - started,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
}

/** How often the best single threshold on the time sorts a request into the right kind (0.5: chance). */
function bestThresholdAccuracy(a: number[], b: number[]): number {
  const all = [...a.map((ms) => ({ ms, a: true })), ...b.map((ms) => ({ ms, a: false }))].sort(
    (x, y) => x.ms - y.ms,
  )
  let best = 0.5
  let aBelow = 0
  let bBelow = 0
  for (const point of all) {
    if (point.a) aBelow++
    else bBelow++
    // "At most this many ms: kind a", or the other way round; whichever is right more often.
    const aFast = (aBelow + (b.length - bBelow)) / all.length
    best = Math.max(best, aFast, 1 - aFast)
  }
  return best
}

async function main(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ['--emulators'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const urls = await new Promise<EmulatorUrls>((resolve, reject) => {
    child.once('message', (message: EmulatorUrls) => resolve(message))
    child.once('exit', (code) => reject(new Error(`The emulator process exited (${code}) early`)))
  })
  const outbox = mkdtempSync(join(os.tmpdir(), 'pressroom-bench-outbox-'))
  let server: Server | undefined
  try {
    const { client } = createDynamoClients({ region: 'us-east-1', endpoint: urls.dynamo })
    await ensureTable(client, TABLE)
    // The configuration `npm start` builds (infra/local/local-app-config.ts), outbox included.
    const config = loadConfig({
      TABLE_NAME: TABLE,
      AWS_REGION: 'us-east-1',
      DYNAMODB_ENDPOINT: urls.dynamo,
      SES_ENDPOINT: urls.ses,
      OUTBOX_DIR: outbox,
      SITE_URL: 'http://127.0.0.1:3000',
      ADMIN_TOKEN: 'bench-admin-token-0123456789',
      TOKEN_SECRET: 'bench-token-secret-0123456789abcdefghijklmnop',
      PUBLICATION_LANG: 'en',
    })
    const deps = await buildHttpDeps(config)
    // As `npm start` runs it: the confirmation worker in this process, mailing after the answers.
    let confirmations = HOLD_WORKER ? undefined : startLocalConfirmations(deps)
    const app = createApp(deps)
    server = createServer(nodeListener(app))
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()))
    const { port } = server.address() as AddressInfo

    // Confirmed subscribers, written as the confirm step leaves them.
    const runId = Date.now().toString(36)
    const address = (kind: 'new' | 'confirmed', i: number) => `${kind}-${runId}-${i}@bench.example.com`
    const now = new Date().toISOString()
    const total = PER_KIND + WARMUP
    log(`writing ${total} confirmed subscribers`)
    for (let i = 0; i < total; i++) {
      const email = address('confirmed', i)
      const subscriber: Subscriber = {
        id: subscriberId(email),
        email,
        topics: [],
        cadence: 'weekly',
        deliveryHour: 8,
        timezone: 'Asia/Seoul',
        lang: 'en',
        state: 'confirmed',
        createdAt: now,
        updatedAt: now,
        confirmedAt: now,
        consent: { source: 'form', at: now },
        softBounces: 0,
        tokenVersion: 1,
        revision: 2,
      }
      await deps.subscribers.create(subscriber)
    }

    const next = random(SEED)
    const kinds = (count: number, offset: number) =>
      shuffle(
        Array.from({ length: count * 2 }, (_, i) => ({
          kind: i % 2 === 0 ? ('new' as const) : ('confirmed' as const),
          index: offset + (i >> 1),
        })),
        next,
      )
    let clients = 0
    const times: Record<'new' | 'confirmed', number[]> = { new: [], confirmed: [] }
    const bodies = new Set<string>()
    const run = async (plan: { kind: 'new' | 'confirmed'; index: number }[], record: boolean) => {
      for (const { kind, index } of plan) {
        const answer = await timedSubscribe(port, loopback(clients++), address(kind, index))
        if (answer.status !== 202)
          throw new Error(`POST /subscribe answered ${answer.status}: ${answer.body}`)
        bodies.add(answer.body)
        if (record) times[kind].push(answer.ms)
      }
    }
    log(`warm-up: ${WARMUP} of each kind`)
    await run(kinds(WARMUP, PER_KIND), false)
    log(`measuring: ${PER_KIND} of each kind, interleaved (seed ${SEED})`)
    const started = performance.now()
    await run(kinds(PER_KIND, 0), true)
    const seconds = round((performance.now() - started) / 1000, 1)
    confirmations ??= startLocalConfirmations(deps)
    await confirmations.drained()
    await confirmations.stop()
    // Every new address got its confirmation, and no confirmed one got anything.
    const mailed = readdirSync(outbox).filter((file) => file.endsWith('.eml')).length
    if (mailed !== PER_KIND + WARMUP || confirmations.deadLetters().length > 0) {
      throw new Error(`${mailed} confirmation emails for ${PER_KIND + WARMUP} new addresses`)
    }

    const stats = (values: number[]) => ({ median: median(values), p90: quantile(values, 0.9) })
    const fresh = stats(times.new)
    const known = stats(times.confirmed)
    const ms = (value: number) => `${round(value, 1)} ms`
    const ratio = (a: number, b: number) => round(a / b, 2).toFixed(2)
    const rows = [
      ['New address', ms(fresh.median), ms(fresh.p90)],
      ['Confirmed address', ms(known.median), ms(known.p90)],
      ['New / confirmed', ratio(fresh.median, known.median), ratio(fresh.p90, known.p90)],
    ]
    const accuracy = bestThresholdAccuracy(times.new, times.confirmed)
    const head = ['POST /subscribe', 'Median', 'p90']
    const machine =
      `Node ${process.version}; ${os.cpus().length} vCPUs (${os.cpus()[0]?.model.trim()}), load average ` +
      `${round(os.loadavg()[0]!, 1)}`
    const setup =
      `${PER_KIND} subscribes of each kind, one at a time, shuffled (seed ${SEED}) after ${WARMUP} of each ` +
      `unmeasured${HOLD_WORKER ? ', confirmation worker held until the end' : ''}; dynalite + aws-ses-v2-local in a child process; ${seconds} s measured; ` +
      `${bodies.size} distinct answer bod${bodies.size === 1 ? 'y' : 'ies'}; ${mailed} confirmation emails ` +
      `(one per new address, none to the confirmed); best single-threshold ` +
      `classifier right ${round(accuracy * 100, 1)}% of the time (50% = chance)`
    console.log(['', machine, setup, '', ...plainTable(head, rows)].join('\n'))
    console.log('\n---- Markdown ----')
    console.log(['', `${machine}  `, setup, '', ...markdownTable(head, rows), ''].join('\n'))
  } finally {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
    server?.closeAllConnections()
    child.send({ type: 'stop' })
    await new Promise<void>((resolve) =>
      child.exitCode !== null ? resolve() : child.once('exit', () => resolve()),
    )
    rmSync(outbox, { recursive: true, force: true })
  }
}

if (process.argv.includes('--emulators')) {
  await serveEmulators()
} else {
  // No process.exit on success: the process ending by itself shows that every socket and child closed.
  await main().catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
}
