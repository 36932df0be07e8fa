/**
 * The digest benchmark: `node --import tsx bench/scenarios/digest.ts` (also the second of `npm run bench`).
 *
 * One run measures, against the local stack:
 *   1. a daily digest to BENCH_SUBSCRIBERS confirmed subscribers, end to end (plan start to queue idle) and
 *      its send phase, through createLocalDigestRuntime: the real planner, the in-process queue, the real
 *      sender, DynamoDigestStore/DynamoSubscriberStore on in-memory dynalite, SesMailer on a real SESClient;
 *   2. the same SES endpoint's raw SendRawEmail throughput (same MIME bytes, same concurrency, same client);
 *      and the same digest (BENCH_EMULATOR_SUBSCRIBERS) through aws-ses-v2-local against its raw rate;
 *   3. MJML compiles per digest against the number of variants;
 *   4. personalisedContent() per recipient against one renderDigestVariant() (one MJML compile);
 *   5. peak RSS / heapUsed for a BENCH_SMALL_SUBSCRIBERS run and the full run, in this one process;
 *   6. the sender's and the planner's Lambda bundles (esbuild, as CDK bundles them): size, whether MJML is
 *      in them, and the time to import() each in a fresh node process.
 *
 * Layout, like `npm start` + `npm run digest`: dynalite (startDynalite, port 0, in memory) and a minimal
 * SES-compatible endpoint run in a child process (a fork of this file), aws-ses-v2-local in another; planner
 * and sender run in this process, so its memory and CPU are theirs alone. The minimal endpoint answers
 * SendRawEmail with a MessageId and discards the message; aws-ses-v2-local parses and keeps every message,
 * so the runs through it empty its store every 100 sends.
 *
 * Knobs (environment): BENCH_SUBSCRIBERS (default 10000), BENCH_SMALL_SUBSCRIBERS (memory comparison run,
 * default 2000; 0 skips it), BENCH_CONCURRENCY (queue handlers at once, default 2 as in the local runtime),
 * BENCH_ARTICLES (default 10), BENCH_RAW_SENDS (per raw round, default 1000), BENCH_RAW_ROUNDS (default 3),
 * BENCH_EMULATOR_SENDS (raw sends to aws-ses-v2-local per round, default 1000; 0 skips it and the digest
 * through it), BENCH_EMULATOR_SUBSCRIBERS (that digest, default 3000; 0 skips it), BENCH_PERSONALISE_CALLS
 * (default 20000), BENCH_COMPILES (timed MJML compiles, default 7), BENCH_INIT_RUNS (fresh processes per
 * bundle and mode, default 5; 0 skips bundling), BENCH_CPU_PROFILE (a folder: CPU profiles of the digest runs
 * and the guarantee-floor rounds).
 */
import { execFile, fork, spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { Session } from 'node:inspector'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { gzipSync } from 'node:zlib'
import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses'
import { createDynamoClients } from '../../functions/clients'
import { DynamoArticleStore } from '../../functions/adapters/dynamodb/article-store'
import { DynamoAuditLog } from '../../functions/adapters/dynamodb/audit-log'
import { DynamoDigestStore } from '../../functions/adapters/dynamodb/digest-store'
import { DynamoSubscriberStore } from '../../functions/adapters/dynamodb/subscriber-store'
import { ensureTable } from '../../functions/adapters/dynamodb/ensure-table'
import { TokenBucketPacer } from '../../functions/adapters/pacing/token-bucket'
import { buildMimeMessage, parseSender } from '../../functions/adapters/ses/mime'
import { SesMailer } from '../../functions/adapters/ses/ses-mailer'
import type { Article } from '../../functions/core/article'
import { createArticle, parseArticleInput } from '../../functions/core/articles'
import type { DigestVariant } from '../../functions/core/digest'
import type { RenderDigestVariant } from '../../functions/core/plan-digest'
import { systemClock, type Mailer, type SendPacer } from '../../functions/core/ports'
import { realLeaseWaits } from '../../functions/adapters/lease-waits'
import { subscriberLinks } from '../../functions/core/subscriber-links'
import { createLocalDigestRuntime, localSendQueue } from '../../infra/local/digest-runtime'
import { variantRenderer } from '../../functions/digest/render-variant'
import { renderDigestVariant } from '../../functions/email/digest'
import { personalisedContent } from '../../functions/email/personalise'
import { encodeBase64Body } from '../../functions/adapters/ses/base64-body'
import { startDynalite, startSesEmulator } from '../../infra/local/emulators'
import {
  articleInput,
  classOf,
  LANGS,
  POSTAL_ADDRESS,
  publication,
  subscriber,
  TOPIC_SETS,
} from '../support/digest-fixtures'
import { bundleLambda, linkNodeModules, SDK_EXTERNALS } from '../support/lambda-bundle'
import { startMinimalSes } from '../support/ses-endpoint'
import { markdownTable, plainTable } from '../support/table'
import { eachLimit, fmt, median, quantile, round, sleep } from '../support/stats'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = join(HERE, '..', '..')
const intEnv = (name: string, fallback: number, allowZero = false) => {
  const raw = process.env[name]
  const value = Number(raw)
  if (raw === undefined || raw === '' || !Number.isFinite(value)) return fallback
  return value > 0 || (allowZero && value === 0) ? Math.floor(value) : fallback
}
const SUBSCRIBERS = intEnv('BENCH_SUBSCRIBERS', 10_000)
const SMALL_SUBSCRIBERS = intEnv('BENCH_SMALL_SUBSCRIBERS', 2_000, true)
const CONCURRENCY = intEnv('BENCH_CONCURRENCY', 2)
const ARTICLES = intEnv('BENCH_ARTICLES', 10)
const RAW_SENDS = intEnv('BENCH_RAW_SENDS', 1_000)
const RAW_ROUNDS = intEnv('BENCH_RAW_ROUNDS', 3)
const EMULATOR_SENDS = intEnv('BENCH_EMULATOR_SENDS', 1_000, true)
const EMULATOR_SUBSCRIBERS = intEnv('BENCH_EMULATOR_SUBSCRIBERS', 3_000, true)
const PERSONALISE_CALLS = intEnv('BENCH_PERSONALISE_CALLS', 20_000)
const COMPILES = intEnv('BENCH_COMPILES', 7)
const INIT_RUNS = intEnv('BENCH_INIT_RUNS', 5, true)
/** Far above anything this machine can send, so the pacer never makes a sender wait. */
const PACER_RATE = 100_000
const SEED_CONCURRENCY = 32
const MEMORY_SAMPLE_MS = 25
const LIVE_HEAP_SAMPLE_MS = 3_000
const REGION = 'us-east-1'
const MAIL_FROM = 'Pressroom Bench <news@example.com>'
const HOUR_MS = 3_600_000

// ---------------------------------------------------------------------------------------------- helpers

const mib = (bytes: number) => round(bytes / 1024 ** 2, 1)
const kib = (bytes: number) => `${round(bytes / 1024, 1)} KiB`
const log = (message: string) =>
  console.error(`[bench-digest ${new Date().toISOString().slice(11, 19)}] ${message}`)
const run = promisify(execFile)

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/** Calls and wall time per method of an object whose methods return promises (the stores). */
type CallStats = Record<string, { calls: number; ms: number }>
function timedMethods<T extends object>(target: T, stats: CallStats): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown
      if (typeof value !== 'function' || typeof property !== 'string') return value
      return (...args: unknown[]) => {
        const t0 = performance.now()
        const record = () => {
          const entry = (stats[property] ??= { calls: 0, ms: 0 })
          entry.calls++
          entry.ms += performance.now() - t0
        }
        const result = (value as (...a: unknown[]) => unknown).apply(object, args)
        if (result instanceof Promise) return result.finally(record)
        record()
        return result
      }
    },
  })
}

/** Counts every DynamoDB request the SDK sends (per attempt) by its X-Amz-Target, as bench/scenarios/feeds.ts does. */
function countDynamoRequests(client: ReturnType<typeof createDynamoClients>['client']) {
  let counts: Record<string, number> = {}
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string> } | undefined
      const target = request?.headers?.['x-amz-target'] ?? request?.headers?.['X-Amz-Target'] ?? 'unknown'
      const operation = target.split('.').at(-1)!
      counts[operation] = (counts[operation] ?? 0) + 1
      return next(args)
    },
    { step: 'finalizeRequest', priority: 'low', name: 'benchDigestRequestCounter' },
  )
  return {
    take: () => {
      const taken = counts
      counts = {}
      return taken
    },
  }
}

// ------------------------------------------------------------------------------ emulators (child process)

type ChildRequest = { type: 'stats' } | { type: 'stop' }
interface ChildStats {
  type: 'stats'
  /** SendRawEmail requests the minimal endpoint accepted, and their request bytes. */
  sesMessages: number
  sesRequestBytes: number
  cpuMs: number
  rss: number
}
interface ChildReady {
  type: 'ready'
  dynamo: string
  ses: string
  emulator: string
}

/**
 * The children. `--emulators`: dynalite in memory and a minimal SES endpoint that accepts SendRawEmail
 * (Action=SendRawEmail form POST) and discards the message. `--ses-emulator`: aws-ses-v2-local alone (it
 * parses every message with mailparser and keeps it), in its own process so that it and dynalite do not
 * share one event loop when a digest goes through it.
 */
async function serveEmulators(role: 'emulators' | 'ses-emulator'): Promise<void> {
  const dynamo = role === 'emulators' ? await startDynalite({ port: 0, host: '127.0.0.1' }) : undefined
  const minimal = role === 'emulators' ? await startMinimalSes() : undefined
  const emulator =
    role === 'ses-emulator' ? await startSesEmulator({ port: 0, host: '127.0.0.1' }) : undefined
  const ready: ChildReady = {
    type: 'ready',
    dynamo: dynamo?.url ?? '',
    ses: minimal?.url ?? '',
    emulator: emulator?.url ?? '',
  }
  const stop = async () => {
    process.off('message', onMessage)
    await minimal?.close()
    await emulator?.close()
    await dynamo?.close()
    process.disconnect?.()
  }
  const onMessage = (message: ChildRequest) => {
    if (message.type === 'stats') {
      const cpu = process.cpuUsage()
      const { messages: sesMessages, requestBytes: sesRequestBytes } = minimal?.stats() ?? {
        messages: 0,
        requestBytes: 0,
      }
      const stats: ChildStats = {
        type: 'stats',
        sesMessages,
        sesRequestBytes,
        cpuMs: (cpu.user + cpu.system) / 1000,
        rss: process.memoryUsage.rss(),
      }
      process.send!(stats)
    } else if (message.type === 'stop') {
      void stop()
    }
  }
  process.on('message', onMessage)
  process.once('disconnect', () => void stop().catch(() => undefined))
  process.send!(ready)
}

class Emulators {
  private constructor(
    private readonly children: ChildProcess[],
    readonly urls: ChildReady,
  ) {}

  static async start(): Promise<Emulators> {
    const children: ChildProcess[] = []
    const readies: ChildReady[] = []
    for (const role of ['--emulators', '--ses-emulator']) {
      const child = fork(fileURLToPath(import.meta.url), [role], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      })
      children.push(child)
      readies.push(
        await new Promise<ChildReady>((resolve, reject) => {
          child.once('message', (message: ChildReady) => resolve(message))
          child.once('exit', (code) =>
            reject(new Error(`The emulator process exited (${code}) before it was ready`)),
          )
        }),
      )
    }
    const [main, ses] = readies as [ChildReady, ChildReady]
    return new Emulators(children, { ...main, emulator: ses.emulator })
  }

  /** Both children together: CPU and RSS summed, SendRawEmail counts from the minimal endpoint. */
  async stats(): Promise<ChildStats> {
    const all = await Promise.all(this.children.map((child) => childStats(child)))
    return all.reduce((a, b) => ({
      type: 'stats',
      sesMessages: a.sesMessages + b.sesMessages,
      sesRequestBytes: a.sesRequestBytes + b.sesRequestBytes,
      cpuMs: a.cpuMs + b.cpuMs,
      rss: a.rss + b.rss,
    }))
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(async (child) => {
        if (child.exitCode !== null) return
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
        child.send({ type: 'stop' } satisfies ChildRequest)
        await Promise.race([exited, sleep(5_000)])
        if (child.exitCode === null) child.kill()
      }),
    )
  }
}

function childStats(child: ChildProcess): Promise<ChildStats> {
  return new Promise((resolve) => {
    const onMessage = (message: ChildStats) => {
      if (message.type !== 'stats') return
      child.off('message', onMessage)
      resolve(message)
    }
    child.on('message', onMessage)
    child.send({ type: 'stats' } satisfies ChildRequest)
  })
}

// ----------------------------------------------------------------------------------------- digest run

interface MemorySample {
  rss: number
  heapUsed: number
  external: number
  queued: number
}

function sampleMemory(queueSize: () => number) {
  const peak: MemorySample = { rss: 0, heapUsed: 0, external: 0, queued: 0 }
  let samples = 0
  let liveHeap = 0
  let gcSamples = 0
  const tick = () => {
    const usage = process.memoryUsage()
    peak.rss = Math.max(peak.rss, usage.rss)
    peak.heapUsed = Math.max(peak.heapUsed, usage.heapUsed)
    peak.external = Math.max(peak.external, usage.external)
    peak.queued = Math.max(peak.queued, queueSize())
    samples++
  }
  // heapUsed includes garbage not yet collected; a forced full GC every few seconds shows what is live
  // (the planner's and the queue's state). Each one pauses the loop for some tens of milliseconds.
  const live = () => {
    gc()
    liveHeap = Math.max(liveHeap, process.memoryUsage().heapUsed)
    gcSamples++
  }
  tick()
  const timer = setInterval(tick, MEMORY_SAMPLE_MS)
  const gcTimer = setInterval(live, LIVE_HEAP_SAMPLE_MS)
  return {
    /** One more live-heap sample now (when planning ends, the queue holds the most batches). */
    live,
    stop: () => {
      clearInterval(timer)
      clearInterval(gcTimer)
      tick()
      return { peak, samples, liveHeap, gcSamples }
    },
  }
}

interface RunContext {
  emulators: Emulators
  ses: SESClient
  sesTiming: { calls: number; ms: number }
  tokenSecret: string
  /** The first raw message sent to each subscriber class (language/topics), for the raw baseline. */
  captured: Map<string, { raw: Uint8Array; to: string }>
  rawSizes: number[]
}

/** Another SES endpoint for a run: aws-ses-v2-local, whose store is emptied every 100 sends. */
interface Via {
  name: string
  client: SESClient
  url: string
}

/** aws-ses-v2-local keeps every message (~100 KB): empty it now and then, without waiting for it. */
function clearStoreEvery100(url: string, count: number): void {
  if (count % 100 === 0) void fetch(`${url}/clear-store`, { method: 'POST' }).catch(() => undefined)
}

async function digestRun(label: string, subscribers: number, context: RunContext, via?: Via) {
  // Setup (not timed as part of the digest): a fresh table, the articles, the subscribers.
  const setupStart = performance.now()
  const { client, document } = createDynamoClients({
    region: REGION,
    endpoint: context.emulators.urls.dynamo,
  })
  const counter = countDynamoRequests(client)
  const tableName = `bench-digest-${label}-${randomUUID().slice(0, 8)}`
  await ensureTable(client, tableName)
  const articles = new DynamoArticleStore(document, tableName)
  const now = Date.now()
  for (let index = 0; index < ARTICLES; index++) {
    // Published over the last ARTICLES hours: all inside a first daily digest's one-day lookback.
    await createArticle(
      { articles, clock: systemClock, publication, audit: new DynamoAuditLog(document, tableName) },
      parseArticleInput(articleInput(index, new Date(now - (ARTICLES - index) * HOUR_MS))),
    )
  }
  const subscriberStore = new DynamoSubscriberStore(document, tableName)
  const stamp = new Date(now - 48 * HOUR_MS).toISOString()
  const indexes = Array.from({ length: subscribers }, (_, i) => i)
  await eachLimit(indexes, SEED_CONCURRENCY, (i) => subscriberStore.create(subscriber(i, label, stamp)))
  const setupMs = performance.now() - setupStart
  counter.take()
  log(
    `${label}: table with ${ARTICLES} articles and ${fmt(subscribers)} confirmed subscribers in ${round(setupMs / 1000, 1)} s`,
  )

  // The runtime, with timing wrappers around what it is given (nothing in functions/ is changed).
  const storeCalls: CallStats = {}
  const digests = timedMethods(new DynamoDigestStore(document, tableName), storeCalls)
  const subscriberCalls = timedMethods(subscriberStore, storeCalls)
  const mailer = new SesMailer({ region: REGION, from: MAIL_FROM, client: via?.client ?? context.ses })
  const send = { calls: 0, ms: 0, first: Infinity, last: 0, failures: 0, beforePlanEnded: 0 }
  const phase: { planEndedAt?: number } = {}
  const timedMailer: Mailer = {
    send: async (email) => {
      const t0 = performance.now()
      send.first = Math.min(send.first, t0)
      try {
        return await mailer.send(email)
      } catch (error) {
        send.failures++
        throw error
      } finally {
        const t1 = performance.now()
        send.calls++
        send.ms += t1 - t0
        send.last = Math.max(send.last, t1)
        if (phase.planEndedAt === undefined) send.beforePlanEnded++
        if (via !== undefined) clearStoreEvery100(via.url, send.calls)
      }
    },
  }
  const bucket = new TokenBucketPacer({ ratePerSecond: PACER_RATE, burst: PACER_RATE })
  const pacing = { calls: 0, waitMs: 0, maxWaitMs: 0 }
  const pacer: SendPacer = {
    acquire: async () => {
      const t0 = performance.now()
      await bucket.acquire()
      const waited = performance.now() - t0
      pacing.calls++
      pacing.waitMs += waited
      pacing.maxWaitMs = Math.max(pacing.maxWaitMs, waited)
    },
  }
  const renderer = variantRenderer(publication, POSTAL_ADDRESS)
  const compiles: number[] = []
  const renderVariant: RenderDigestVariant = async (input) => {
    const t0 = performance.now()
    try {
      return await renderer(input)
    } finally {
      compiles.push(performance.now() - t0)
    }
  }
  const warnings: string[] = []
  const originalWarn = console.warn
  console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '))
  const runtime = createLocalDigestRuntime({
    subscribers: subscriberCalls,
    articles,
    digests,
    clock: systemClock,
    renderVariant,
    mailer: timedMailer,
    pacer,
    publication,
    tokenSecret: context.tokenSecret,
    worker: `bench-${label}`,
    ...realLeaseWaits,
    queue: localSendQueue({ concurrency: CONCURRENCY }),
  })

  gc()
  await sleep(100)
  const before = process.memoryUsage()
  const childBefore = await context.emulators.stats()
  const sesBefore = { ...context.sesTiming }
  const memory = sampleMemory(() => runtime.queue.size)
  const cpuBefore = process.cpuUsage()
  const elu = performance.eventLoopUtilization()

  const profiler = await startProfile(label)
  const t0 = performance.now()
  const summary = await runtime.plan('daily', true)
  const planned = performance.now()
  phase.planEndedAt = planned
  memory.live()
  await runtime.idle()
  const idle = performance.now()
  await profiler?.stop()

  const eluUsed = performance.eventLoopUtilization(elu)
  const cpu = process.cpuUsage(cpuBefore)
  const { peak, samples, liveHeap, gcSamples } = memory.stop()
  const childAfter = await context.emulators.stats()
  const dead = runtime.queue.deadLetters()
  await runtime.stop()
  console.warn = originalWarn
  const requests = counter.take()

  const digestId = summary.digests[0]!
  const stored = await digests.getDigest(digestId)
  const storedVariants = await new DynamoDigestStore(document, tableName).listVariants(digestId)
  const totalMs = idle - t0
  const sendWindowMs = send.last - send.first
  const sent = stored?.counts.sent ?? 0
  const received = childAfter.sesMessages - childBefore.sesMessages
  const problems = [
    ...(summary.planned !== subscribers ? [`planned ${summary.planned} of ${subscribers}`] : []),
    ...(sent !== subscribers ? [`sent ${sent} of ${subscribers}`] : []),
    ...(via === undefined && received !== sent ? [`endpoint received ${received}, ledger says ${sent}`] : []),
    ...(dead.length > 0 ? [`${dead.length} dead-lettered batch(es)`] : []),
    ...(send.failures > 0 ? [`${send.failures} failed sends`] : []),
    ...(warnings.length > 0 ? [`${warnings.length} warnings, first: ${warnings[0]}`] : []),
  ]
  for (const problem of problems) log(`WARNING ${label}: ${problem}`)
  const perCall = Object.fromEntries(
    Object.entries(storeCalls)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, { calls, ms }]) => [name, { calls, meanMs: round(ms / calls, 3) }]),
  )
  const sesCalls = context.sesTiming.calls - sesBefore.calls
  const sesMs = context.sesTiming.ms - sesBefore.ms
  const totalRequests = Object.values(requests).reduce((sum, n) => sum + n, 0)
  const result = {
    label,
    via: via?.name ?? 'minimal endpoint',
    subscribers,
    tableName,
    setupMs: round(setupMs),
    summary,
    digestId,
    counts: stored?.counts,
    deadLetters: dead.length,
    endpointReceived: received,
    problems,
    planMs: round(t0 === planned ? 0 : planned - t0),
    totalMs: round(totalMs),
    endToEndPerSecond: round(sent / (totalMs / 1000), 1),
    sendPhase: {
      firstSendAfterMs: round(send.first - t0),
      lastSendAfterMs: round(send.last - t0),
      windowMs: round(sendWindowMs),
      perSecond: round(send.calls / (sendWindowMs / 1000), 1),
      sentBeforePlanEnded: send.beforePlanEnded,
      /** Sends after planning finished, over the time from then to the last send: the sender alone. */
      afterPlanPerSecond: round((send.calls - send.beforePlanEnded) / ((send.last - planned) / 1000), 1),
    },
    compiles: { calls: compiles.length, ms: compiles.map((ms) => round(ms, 1)) },
    variants: { planned: summary.variants, stored: storedVariants.length },
    pacer: {
      ratePerSecond: PACER_RATE,
      burst: PACER_RATE,
      acquires: pacing.calls,
      totalWaitMs: round(pacing.waitMs, 1),
      maxWaitMs: round(pacing.maxWaitMs, 2),
    },
    perRecipientMeanMs: {
      mailerSend: round(send.ms / Math.max(1, send.calls), 3),
      sesClientSend: round(sesMs / Math.max(1, sesCalls), 3),
      mimeBuildAndRest: round((send.ms - sesMs) / Math.max(1, send.calls), 3),
    },
    storeCalls: perCall,
    dynamoRequests: requests,
    dynamoRequestsPerEmail: round(totalRequests / Math.max(1, sent), 2),
    cpu: {
      mainMs: round((cpu.user + cpu.system) / 1000),
      mainBusy: round((cpu.user + cpu.system) / 1000 / totalMs, 3),
      mainMsPerEmail: round((cpu.user + cpu.system) / 1000 / Math.max(1, sent), 2),
      eventLoopUtilization: round(eluUsed.utilization, 3),
      emulatorsMs: round(childAfter.cpuMs - childBefore.cpuMs),
      emulatorsBusy: round((childAfter.cpuMs - childBefore.cpuMs) / totalMs, 3),
    },
    memory: {
      beforeRss: before.rss,
      beforeHeapUsed: before.heapUsed,
      peakRss: peak.rss,
      peakHeapUsed: peak.heapUsed,
      peakExternal: peak.external,
      peakHeapOverBefore: peak.heapUsed - before.heapUsed,
      /** The largest heap left after a forced full GC, sampled every LIVE_HEAP_SAMPLE_MS. */
      peakLiveHeap: liveHeap,
      liveHeapSamples: gcSamples,
      peakQueuedBatches: peak.queued,
      samples,
      processMaxRss: process.resourceUsage().maxRSS * 1024,
    },
  }
  log(
    `${label}: ${fmt(sent)} sent in ${round(totalMs / 1000, 1)} s (${result.endToEndPerSecond}/s end to end; ` +
      `plan ${round((planned - t0) / 1000, 1)} s; send window ${result.sendPhase.perSecond}/s); ` +
      `${compiles.length} compiles for ${summary.variants} variants; peak RSS ${mib(peak.rss)} MiB, heap ${mib(peak.heapUsed)} MiB`,
  )
  client.destroy()
  return result
}

/**
 * With BENCH_CPU_PROFILE=<folder>, the main process's CPU profile of each digest run (plan start to queue
 * idle, nothing else) and of each guarantee-floor round, as <folder>/digest-<label>.cpuprofile for Chrome
 * DevTools or speedscope: comparing the two shows what the digest spends beyond the guarantee's own work.
 */
async function startProfile(label: string) {
  const folder = process.env.BENCH_CPU_PROFILE
  if (folder === undefined || folder === '') return undefined
  const session = new Session()
  session.connect()
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    )
  await post('Profiler.enable')
  await post('Profiler.setSamplingInterval', { interval: 200 })
  await post('Profiler.start')
  return {
    stop: async () => {
      const { profile } = (await post('Profiler.stop')) as { profile: object }
      mkdirSync(folder, { recursive: true })
      writeFileSync(join(folder, `digest-${label}.cpuprofile`), JSON.stringify(profile))
      session.disconnect()
      log(`CPU profile of the ${label} run: ${join(folder, `digest-${label}.cpuprofile`)}`)
    },
  }
}

// ------------------------------------------------------------------------------------------ raw sends

/** Runs `concurrency` copies of `worker` until they finish `total` sends: rate and this process's CPU per send. */
async function timedWorkers(total: number, concurrency: number, worker: () => Promise<void>) {
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  await Promise.all(Array.from({ length: concurrency }, worker))
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  return {
    sends: total,
    ms: round(ms),
    perSecond: round(total / (ms / 1000), 1),
    cpuMsPerSend: round((cpu.user + cpu.system) / 1000 / total, 3),
  }
}

/** SendRawEmail of captured messages, `concurrency` at a time, through `client`; no ledger, no MIME building. */
async function rawRound(
  client: SESClient,
  messages: { raw: Uint8Array; to: string }[],
  total: number,
  concurrency: number,
  afterSend?: (count: number) => void,
) {
  let next = 0
  let sent = 0
  const latencies: number[] = []
  const worker = async () => {
    while (next < total) {
      const message = messages[next++ % messages.length]!
      const s0 = performance.now()
      await client.send(
        new SendRawEmailCommand({ RawMessage: { Data: message.raw }, Destinations: [message.to] }),
      )
      latencies.push(performance.now() - s0)
      afterSend?.(++sent)
    }
  }
  return { ...(await timedWorkers(total, concurrency, worker)), medianMs: round(median(latencies), 3) }
}

/**
 * The least any sender that keeps the guarantee must do per email: claim the recipient's delivery
 * (conditional UpdateItem), send the ready bytes, mark it sent (conditional UpdateItem), with the real
 * DynamoDigestStore against the same dynalite, one recipient at a time per worker, `concurrency` workers.
 * No subscriber reads, MIME building, counters, cursors, planning or queue: what this round reaches is a
 * ceiling for the digest on this machine, and digest ÷ this shows what the rest of the pipeline costs.
 */
async function guaranteeFloorRound(
  client: SESClient,
  store: DynamoDigestStore,
  messages: { raw: Uint8Array; to: string }[],
  total: number,
  concurrency: number,
  afterSend?: (count: number) => void,
) {
  const digestId = `floor-${randomUUID()}`
  const deliveries = Array.from({ length: total }, (_, i) => ({
    digestId,
    subscriberId: `floor-${i}`,
    variantId: 'v',
    state: 'planned' as const,
    attempts: 0,
  }))
  await store.addDeliveries(deliveries, new Date(Date.now() + 86_400_000)) // not timed
  let next = 0
  let sent = 0
  const claim = (index: number) => {
    const now = new Date()
    return store.claimDelivery(digestId, `floor-${index}`, 'floor', new Date(now.getTime() + 300_000), now)
  }
  // Like the sender, each worker takes its next claim while its current message is on its way to SES.
  const worker = async () => {
    let index = next++
    let claimed = index < total ? claim(index) : undefined
    while (index < total) {
      if ((await claimed) === undefined) throw new Error(`floor round: claim of floor-${index} refused`)
      const message = messages[index % messages.length]!
      const sending = client.send(
        new SendRawEmailCommand({ RawMessage: { Data: message.raw }, Destinations: [message.to] }),
      )
      const following = next < total ? next++ : total
      claimed = following < total ? claim(following) : undefined
      const output = await sending
      if (
        !(await store.markSent(digestId, `floor-${index}`, 'floor', output.MessageId ?? 'none', new Date()))
      )
        throw new Error(`floor round: mark of floor-${index} refused`)
      afterSend?.(++sent)
      index = following
    }
  }
  const profiler = await startProfile(`floor-${digestId.slice(-8)}`)
  const result = await timedWorkers(total, concurrency, worker)
  await profiler?.stop()
  return result
}

// -------------------------------------------------------------------------------------- micro-benches

/** Median per-call time of a synchronous function, over `blocks` blocks of `perBlock` calls. */
function perCallMedian(call: (i: number) => unknown, calls: number, perBlock = 50) {
  const blocks = Math.max(1, Math.floor(calls / perBlock))
  for (let i = 0; i < Math.min(2_000, calls); i++) call(i) // warm-up
  const samples: number[] = []
  let sink = 0
  for (let b = 0; b < blocks; b++) {
    const t0 = performance.now()
    for (let j = 0; j < perBlock; j++) sink += (call(b * perBlock + j) as { html?: string }).html?.length ?? 1
    samples.push((performance.now() - t0) / perBlock)
  }
  if (sink < 0) log('unreachable')
  return { medianMs: median(samples), p90Ms: quantile(samples, 0.9), calls: blocks * perBlock }
}

async function asyncMedian(call: () => Promise<unknown>, warmUps: number, runs: number) {
  for (let i = 0; i < warmUps; i++) await call()
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await call()
    samples.push(performance.now() - t0)
  }
  return { medianMs: median(samples), minMs: Math.min(...samples), maxMs: Math.max(...samples), runs }
}

// ------------------------------------------------------------------------------------- Lambda bundles

interface BundleReport {
  entry: string
  bytes: number
  gzipBytes: number
  mapBytes: number
  mjmlInputs: number
  mjmlMentions: number
  topPackages: { name: string; bytes: number }[]
  externals: string[]
  initMs: { plain: number[]; sourceMaps: number[] }
  processMs: { plain: number[]; sourceMaps: number[] }
}

async function bundleAndTime(entry: string, externals: string[], env: Record<string, string>) {
  const dir = mkdtempSync(join(os.tmpdir(), 'pressroom-bundle-'))
  try {
    // @aws-sdk/* and @smithy/* stay external, as on Lambda (there they come with the runtime; here from
    // the repository's node_modules, reached through a symlink).
    linkNodeModules(dir)
    const outfile = join(dir, 'index.mjs')
    const built = await bundleLambda(entry, externals, outfile)
    const code = readFileSync(outfile)
    const output = Object.values(built.metafile.outputs).find((o) => o.entryPoint !== undefined)!
    const byPackage = new Map<string, number>()
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)
      const name = match?.[1] ?? '(project code)'
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput)
    }
    const report: BundleReport = {
      entry,
      bytes: code.length,
      gzipBytes: gzipSync(code).length,
      mapBytes: statSync(`${outfile}.map`).size,
      mjmlInputs: Object.keys(built.metafile.inputs).filter((path) => /node_modules\/mjml/.test(path)).length,
      mjmlMentions: (code.toString('utf8').match(/mjml/gi) ?? []).length,
      topPackages: [...byPackage.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([name, bytes]) => ({ name, bytes })),
      externals,
      initMs: { plain: [], sourceMaps: [] },
      processMs: { plain: [], sourceMaps: [] },
    }
    const script =
      `const t0 = performance.now(); await import(${JSON.stringify(pathToFileURL(outfile).href)}); ` +
      `process.stdout.write(JSON.stringify({ importMs: performance.now() - t0 }))`
    const once = (sourceMaps: boolean) =>
      new Promise<{ importMs: number; processMs: number }>((resolve, reject) => {
        const started = performance.now()
        const child = spawn(
          process.execPath,
          [...(sourceMaps ? ['--enable-source-maps'] : []), '--input-type=module', '-e', script],
          { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
        )
        let out = ''
        let err = ''
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
        child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
        child.on('error', reject)
        child.on('exit', (code) => {
          if (code !== 0)
            return reject(new Error(`import of ${entry} failed (${code}): ${err.slice(0, 500)}`))
          const { importMs } = JSON.parse(out) as { importMs: number }
          resolve({ importMs, processMs: performance.now() - started })
        })
      })
    await once(false) // warm the file cache
    for (let i = 0; i < INIT_RUNS; i++) {
      for (const sourceMaps of [false, true]) {
        const timing = await once(sourceMaps)
        report.initMs[sourceMaps ? 'sourceMaps' : 'plain'].push(round(timing.importMs, 1))
        report.processMs[sourceMaps ? 'sourceMaps' : 'plain'].push(round(timing.processMs, 1))
      }
    }
    return report
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A fresh `node -e` that imports nothing: the floor under every process time. */
async function bareNodeMs(runs: number) {
  const samples: number[] = []
  for (let i = 0; i < runs + 1; i++) {
    const t0 = performance.now()
    await run(process.execPath, ['--input-type=module', '-e', '0'], { env: { PATH: process.env.PATH ?? '' } })
    if (i > 0) samples.push(performance.now() - t0)
  }
  return samples
}

// ------------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  const started = performance.now()
  const cleanups: (() => Promise<void>)[] = []
  try {
    await benchmark(cleanups)
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined)
    log(`done in ${round((performance.now() - started) / 1000, 1)} s; emulators stopped`)
  }
}

async function benchmark(cleanups: (() => Promise<void>)[]): Promise<void> {
  const benchStart = performance.now()
  const pkg = (name: string) =>
    (
      JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string
      }
    ).version
  const git = async (...args: string[]) =>
    (await run('git', args, { cwd: ROOT }).catch(() => ({ stdout: '' }))).stdout.trim()
  const commit = (await git('rev-parse', '--short', 'HEAD')) || 'unknown'
  const dirty = (await git('status', '--porcelain', '--untracked-files=no')) !== ''
  const machine = {
    date: new Date().toISOString(),
    commit: `${commit}${dirty ? ' + uncommitted changes' : ''}`,
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    totalMemGiB: round(os.totalmem() / 1024 ** 3, 1),
    loadAvgAtStart: os.loadavg().map((n) => round(n, 2)),
    mjml: pkg('mjml'),
    sdk: pkg('@aws-sdk/client-ses'),
    dynalite: pkg('dynalite'),
    sesEmulator: pkg('aws-ses-v2-local'),
    esbuild: pkg('esbuild'),
  }
  log(
    `node ${machine.node}, ${machine.cpus} CPUs (${machine.cpuModel}), load ${machine.loadAvgAtStart.join(' ')}`,
  )

  // 6 first, while nothing else runs: the Lambda bundles and their init time in fresh processes.
  const lambdaEnv = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: REGION,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    TABLE_NAME: 'bench',
    SITE_URL: publication.siteUrl,
    ADMIN_TOKEN: 'bench-admin-token-0123456789',
    TOKEN_SECRET: 'bench-token-secret-0123456789abcdefghijklmnop',
    // Set, so that cold start makes no network call (no GetSendQuota, no Secrets Manager); nothing listens.
    SES_ENDPOINT: 'http://127.0.0.1:9',
    DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
    SEND_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/bench-send',
  }
  const bundles: BundleReport[] = []
  let nodeFloorMs: number[] = []
  if (INIT_RUNS > 0) {
    nodeFloorMs = await bareNodeMs(INIT_RUNS)
    bundles.push(await bundleAndTime('functions/send/lambda.ts', SDK_EXTERNALS, lambdaEnv))
    try {
      statSync(join(ROOT, 'functions/digest/lambda.ts'))
      // The planner's stack entry leaves typescript unbundled (reached only through htmlnano's config loader).
      bundles.push(
        await bundleAndTime('functions/digest/lambda.ts', [...SDK_EXTERNALS, 'typescript'], lambdaEnv),
      )
    } catch (error) {
      log(`planner bundle skipped: ${error instanceof Error ? error.message : String(error)}`)
    }
    for (const b of bundles) {
      log(
        `${b.entry}: ${kib(b.bytes)} (${b.mjmlInputs} mjml inputs); import ${round(median(b.initMs.plain), 1)} ms, ` +
          `with --enable-source-maps ${round(median(b.initMs.sourceMaps), 1)} ms`,
      )
    }
  }

  // The emulators, in their own process.
  const emulators = await Emulators.start()
  cleanups.push(() => emulators.stop())
  log(
    `emulators: dynalite ${emulators.urls.dynamo}, minimal SES ${emulators.urls.ses}, aws-ses-v2-local ${emulators.urls.emulator}`,
  )

  // One SESClient for the sender and the raw baseline: the same SDK path, the same keep-alive sockets.
  const ses = new SESClient({
    region: REGION,
    endpoint: emulators.urls.ses,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  cleanups.push(async () => ses.destroy())
  const context: RunContext = {
    emulators,
    ses,
    sesTiming: { calls: 0, ms: 0 },
    tokenSecret: randomUUID() + randomUUID(),
    captured: new Map(),
    rawSizes: [],
  }
  ses.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { RawMessage?: { Data?: Uint8Array }; Destinations?: string[] }
      const t0 = performance.now()
      try {
        return await next(args)
      } finally {
        context.sesTiming.calls++
        context.sesTiming.ms += performance.now() - t0
        const data = input.RawMessage?.Data
        const to = input.Destinations?.[0]
        if (data !== undefined && to !== undefined) {
          const key = classOf(to)
          if (key !== undefined) {
            context.rawSizes.push(data.byteLength)
            if (!context.captured.has(key)) context.captured.set(key, { raw: data, to })
          }
        }
      }
    },
    { step: 'initialize', priority: 'high', name: 'benchSesTiming' },
  )

  // 1 + 5. The digest, small then full (the same process: peak memory can only grow between the two).
  const runs: Awaited<ReturnType<typeof digestRun>>[] = []
  if (SMALL_SUBSCRIBERS > 0 && SMALL_SUBSCRIBERS < SUBSCRIBERS)
    runs.push(await digestRun('small', SMALL_SUBSCRIBERS, context))

  // 2. Raw SendRawEmail baseline: the captured messages (one per subscriber class, so the same mix of
  // sizes the digest sends), the same client, the same concurrency as the queue's handlers.
  // Each raw round is followed by a guarantee-floor round (claim + send + mark) on a table of its own.
  const floorDb = createDynamoClients({ region: REGION, endpoint: emulators.urls.dynamo })
  cleanups.push(async () => floorDb.client.destroy())
  const floorTable = `bench-floor-${randomUUID().slice(0, 8)}`
  await ensureTable(floorDb.client, floorTable)
  const floorStore = new DynamoDigestStore(floorDb.document, floorTable)
  const rawRounds: Awaited<ReturnType<typeof rawRound>>[] = []
  const floorRounds: Awaited<ReturnType<typeof guaranteeFloorRound>>[] = []
  const rawBaseline = async () => {
    const messages = [...context.captured.values()]
    rawRounds.push(await rawRound(ses, messages, RAW_SENDS, CONCURRENCY))
    log(`raw SendRawEmail round ${rawRounds.length}: ${rawRounds.at(-1)!.perSecond}/s`)
    floorRounds.push(await guaranteeFloorRound(ses, floorStore, messages, RAW_SENDS, CONCURRENCY))
    log(`guarantee floor round ${floorRounds.length}: ${floorRounds.at(-1)!.perSecond}/s`)
  }
  if (runs.length > 0) {
    await rawRound(ses, [...context.captured.values()], 50, CONCURRENCY) // warm-up
    await rawBaseline()
  }

  const full = await digestRun('full', SUBSCRIBERS, context)
  runs.push(full)
  if (rawRounds.length === 0) await rawRound(ses, [...context.captured.values()], 50, CONCURRENCY)
  while (rawRounds.length < RAW_ROUNDS) await rawBaseline()
  const rawMedian = median(rawRounds.map((r) => r.perSecond))
  const floorMedian = median(floorRounds.map((r) => r.perSecond))

  // The same digest through aws-ses-v2-local, the SES emulator `npm start` runs, against its own raw
  // SendRawEmail rate. It parses (mailparser) and keeps every message, so both empty its store every 100
  // sends without waiting for it. It runs alone in its own process.
  let emulatorRaw:
    | {
        rounds: Awaited<ReturnType<typeof rawRound>>[]
        medianPerSecond: number
        floorRounds: Awaited<ReturnType<typeof guaranteeFloorRound>>[]
        floorMedianPerSecond: number
      }
    | undefined
  let emulatorRun: Awaited<ReturnType<typeof digestRun>> | undefined
  if (EMULATOR_SENDS > 0) {
    const emulatorClient = new SESClient({
      region: REGION,
      endpoint: emulators.urls.emulator,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    })
    cleanups.push(async () => emulatorClient.destroy())
    const messages = [...context.captured.values()]
    const rounds: Awaited<ReturnType<typeof rawRound>>[] = []
    const emulatorFloor: Awaited<ReturnType<typeof guaranteeFloorRound>>[] = []
    const emulatorRawRound = async () => {
      await fetch(`${emulators.urls.emulator}/clear-store`, { method: 'POST' })
      rounds.push(
        await rawRound(emulatorClient, messages, EMULATOR_SENDS, CONCURRENCY, (count) =>
          clearStoreEvery100(emulators.urls.emulator, count),
        ),
      )
      log(`aws-ses-v2-local raw SendRawEmail round ${rounds.length}: ${rounds.at(-1)!.perSecond}/s`)
      await fetch(`${emulators.urls.emulator}/clear-store`, { method: 'POST' })
      emulatorFloor.push(
        await guaranteeFloorRound(
          emulatorClient,
          floorStore,
          messages,
          EMULATOR_SENDS,
          CONCURRENCY,
          (count) => clearStoreEvery100(emulators.urls.emulator, count),
        ),
      )
      log(
        `aws-ses-v2-local guarantee floor round ${emulatorFloor.length}: ${emulatorFloor.at(-1)!.perSecond}/s`,
      )
    }
    await rawRound(emulatorClient, messages, 20, CONCURRENCY) // warm-up
    await emulatorRawRound()
    if (EMULATOR_SUBSCRIBERS > 0) {
      emulatorRun = await digestRun('emulator', EMULATOR_SUBSCRIBERS, context, {
        name: 'aws-ses-v2-local',
        client: emulatorClient,
        url: emulators.urls.emulator,
      })
    }
    while (rounds.length < RAW_ROUNDS) await emulatorRawRound()
    await fetch(`${emulators.urls.emulator}/clear-store`, { method: 'POST' })
    emulatorRaw = {
      rounds,
      medianPerSecond: round(median(rounds.map((r) => r.perSecond)), 1),
      floorRounds: emulatorFloor,
      floorMedianPerSecond: round(median(emulatorFloor.map((r) => r.perSecond)), 1),
    }
  }

  // 3 + 4. MJML compiles against personalisation, on the full run's stored variants.
  const { document: readDocument, client: readClient } = createDynamoClients({
    region: REGION,
    endpoint: emulators.urls.dynamo,
  })
  cleanups.push(async () => readClient.destroy())
  const fullTable = full.tableName
  const store = new DynamoDigestStore(readDocument, fullTable)
  const variants = await store.listVariants(full.digestId)
  const biggest = variants.reduce((a, b) => (b.articleSlugs.length > a.articleSlugs.length ? b : a))
  const articleStore = new DynamoArticleStore(readDocument, fullTable)
  const allArticles = (await articleStore.listPublished({ limit: 200 }))
    .filter((a) => biggest.articleSlugs.includes(a.slug))
    .sort((a, b) => (a.publishedAt! < b.publishedAt! ? -1 : 1))
  const compile = await asyncMedian(
    () =>
      renderDigestVariant({
        digest: { id: full.digestId, cadence: 'daily', period: full.digestId.slice('daily-'.length) },
        lang: biggest.lang as 'ko' | 'en',
        articles: allArticles as Article[],
        publication,
        postalAddress: POSTAL_ADDRESS,
        webVersionUrl: `${publication.siteUrl}/digests/${full.digestId}/${biggest.id}`,
      }),
    2,
    COMPILES,
  )
  log(`renderDigestVariant (${allArticles.length} articles): median ${round(compile.medianMs, 1)} ms`)

  // What one DynamoDB request costs this process (SDK: marshalling, signing, HTTP), as the sender makes them.
  const subscriberReader = new DynamoSubscriberStore(readDocument, fullTable)
  const someone = subscriber(0, 'full', '').id
  const dynamoCost = async (call: (i: number) => Promise<unknown>, n: number) => {
    for (let i = 0; i < 100; i++) await call(i)
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    for (let i = 0; i < n; i++) await call(i)
    const cpu = process.cpuUsage(cpu0)
    return {
      cpuMs: round((cpu.user + cpu.system) / 1000 / n, 3),
      wallMs: round((performance.now() - t0) / n, 3),
      n,
    }
  }
  const getItemCost = await dynamoCost(() => subscriberReader.get(someone), 1_000)
  const counterDigest = await store.ensureDigest({
    id: `bench-counter-${Date.now()}`,
    cadence: 'daily',
    period: 'bench',
    state: 'done',
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    counts: { planned: 0, sent: 0, failed: 0, skipped: 0 },
  })
  const updateItemCost = await dynamoCost(() => store.addCounts(counterDigest.id, { sent: 1 }), 1_000)
  log(
    `one DynamoDB request, this process's CPU: GetItem ${getItemCost.cpuMs} ms, UpdateItem ${updateItemCost.cpuMs} ms`,
  )

  const clock = systemClock
  const people = Array.from({ length: 1_000 }, (_, i) => subscriber(i, 'micro', new Date().toISOString()))
  const values = people.map((person) => {
    // As the sender makes them: the links name the digest (delivery figures).
    const links = subscriberLinks({ publication, tokenSecret: context.tokenSecret, clock }, person, {
      digestId: counterDigest.id,
    })
    return {
      unsubscribeUrl: links.unsubscribeUrl,
      preferencesUrl: links.preferencesUrl,
      ...(person.name !== undefined && { name: person.name }),
    }
  })
  // What the sender calls per recipient: the variant's shared parts with this subscriber's values.
  const personaliseStats = perCallMedian(
    (i) => personalisedContent(biggest, values[i % values.length]!),
    PERSONALISE_CALLS,
  )
  // The values reach the message's bytes when the mailer encodes both parts (base64-body.ts: the shared
  // parts were encoded once per variant, so this is the bytes around each value plus copying): the whole
  // per-recipient cost of personalisation, an upper bound for the goal.
  const personaliseFlatStats = perCallMedian((i) => {
    const content = personalisedContent(biggest, values[i % values.length]!)
    return encodeBase64Body(content.html).length + encodeBase64Body(content.text).length
  }, PERSONALISE_CALLS)
  // The first call on a variant object also cuts it into pieces (cached per object in a WeakMap); the
  // sender reads the variant anew for every batch, so this happens once per batch.
  const prepareSamples: number[] = []
  for (let i = 0; i < 20; i++) {
    const copy: DigestVariant = { ...biggest, html: `${biggest.html}`, text: `${biggest.text}` }
    const t0 = performance.now()
    const content = personalisedContent(copy, values[i]!)
    encodeBase64Body(content.html)
    encodeBase64Body(content.text)
    prepareSamples.push(performance.now() - t0)
  }
  const linksStats = perCallMedian(
    (i) =>
      subscriberLinks({ publication, tokenSecret: context.tokenSecret, clock }, people[i % people.length]!, {
        digestId: counterDigest.id,
      }),
    Math.min(PERSONALISE_CALLS, 5_000),
  )
  const sender = parseSender(MAIL_FROM)
  const sample = personalisedContent(biggest, values[0]!)
  const mime = await asyncMedian(
    () =>
      buildMimeMessage(
        {
          to: people[0]!.email,
          subject: biggest.subject,
          html: sample.html,
          text: sample.text,
          listUnsubscribe: { url: values[0]!.unsubscribeUrl },
          headers: { 'List-Id': `${publication.title} <digest.news.example.com>` },
        },
        { sender, date: new Date() },
      ),
    20,
    200,
  )
  const personaliseRatio = personaliseStats.medianMs / compile.medianMs
  const personaliseFlatRatio = personaliseFlatStats.medianMs / compile.medianMs
  log(
    `personalise ${round(personaliseStats.medianMs * 1000, 1)} µs/call; ratio to one compile ${round(personaliseRatio * 100, 4)} %; ` +
      `links ${round(linksStats.medianMs * 1000, 1)} µs; MIME ${round(mime.medianMs, 2)} ms`,
  )

  // ----------------------------------------------------------------------------------------- report
  const small = runs.find((r) => r.label === 'small')
  const rawSizes = context.rawSizes
  const results = {
    machine,
    settings: {
      subscribers: SUBSCRIBERS,
      smallSubscribers: small ? SMALL_SUBSCRIBERS : 0,
      articles: ARTICLES,
      languages: LANGS,
      topicSets: TOPIC_SETS.map((s) => s.topics),
      queueConcurrency: CONCURRENCY,
      plannerBatchSize: 50,
      pacer: { ratePerSecond: PACER_RATE, burst: PACER_RATE },
      sesEndpoint:
        'minimal node:http SendRawEmail endpoint in the emulator process (discards messages); the emulator run: aws-ses-v2-local in its own process, store emptied every 100 sends',
      dynamo: 'dynalite in memory, in the emulator process (a child of this one)',
      emulatorSubscribers: EMULATOR_SUBSCRIBERS,
      rawSends: RAW_SENDS,
      rawRounds: RAW_ROUNDS,
      emulatorSends: EMULATOR_SENDS,
    },
    runs,
    mimeBytes: {
      min: Math.min(...rawSizes),
      median: median(rawSizes),
      max: Math.max(...rawSizes),
      messages: rawSizes.length,
    },
    raw: { rounds: rawRounds, medianPerSecond: rawMedian },
    guaranteeFloor: { rounds: floorRounds, medianPerSecond: floorMedian },
    emulatorRaw,
    emulatorRun,
    ratios: {
      endToEndOverRaw: round(full.endToEndPerSecond / rawMedian, 3),
      sendPhaseOverRaw: round(full.sendPhase.perSecond / rawMedian, 3),
      floorOverRaw: round(floorMedian / rawMedian, 3),
      endToEndOverFloor: round(full.endToEndPerSecond / floorMedian, 3),
      ...(emulatorRaw !== undefined && {
        emulatorFloorOverRaw: round(emulatorRaw.floorMedianPerSecond / emulatorRaw.medianPerSecond, 3),
      }),
      ...(emulatorRun !== undefined &&
        emulatorRaw !== undefined && {
          emulatorEndToEndOverRaw: round(emulatorRun.endToEndPerSecond / emulatorRaw.medianPerSecond, 3),
          emulatorSendPhaseOverRaw: round(emulatorRun.sendPhase.perSecond / emulatorRaw.medianPerSecond, 3),
          emulatorEndToEndOverFloor: round(
            emulatorRun.endToEndPerSecond / emulatorRaw.floorMedianPerSecond,
            3,
          ),
        }),
      compilesPerVariant: round(full.compiles.calls / Math.max(1, full.variants.planned), 3),
      personaliseOverCompile: personaliseRatio,
      personaliseEncodedOverCompile: personaliseFlatRatio,
    },
    micro: {
      renderDigestVariant: { ...compile, articles: allArticles.length, lang: biggest.lang },
      personalise: { ...personaliseStats, firstCallOnNewVariantMedianMs: median(prepareSamples) },
      personaliseEncoded: personaliseFlatStats,
      subscriberLinks: linksStats,
      buildMimeMessage: mime,
      dynamoGetItem: getItemCost,
      dynamoUpdateItem: updateItemCost,
      sendRawEmailCpuMs: median(rawRounds.map((r) => r.cpuMsPerSend)),
    },
    bundles,
    nodeFloorMs,
    totalSeconds: round((performance.now() - benchStart) / 1000, 1),
  }
  const resultsDir = join(HERE, '..', 'results')
  mkdirSync(resultsDir, { recursive: true })
  writeFileSync(join(resultsDir, 'digest.json'), `${JSON.stringify(results, null, 2)}\n`)

  const ms = (value: number, digits = 1) => `${round(value, digits)} ms`
  const runRow = (r: (typeof runs)[number]): [string, string, string][] => [
    [
      `Digest ${fmt(r.subscribers)}: end to end`,
      `${r.endToEndPerSecond} emails/s`,
      `${fmt(r.counts?.sent ?? 0)} sent in ${round(r.totalMs / 1000, 1)} s (plan start → queue idle); planning ${round(r.planMs / 1000, 1)} s; ` +
        `${r.problems.length === 0 ? 'ledger, endpoint and counts agree, 0 dead letters' : r.problems.join('; ')}`,
    ],
    [
      `Digest ${fmt(r.subscribers)}: send phase`,
      `${r.sendPhase.perSecond} emails/s`,
      `first to last send (first ${ms(r.sendPhase.firstSendAfterMs, 0)} after plan start); ${fmt(r.sendPhase.sentBeforePlanEnded)} sent while planning ran; ` +
        `after planning ended ${r.sendPhase.afterPlanPerSecond} emails/s`,
    ],
    [
      `Digest ${fmt(r.subscribers)}: CPU`,
      `main ${Math.round(r.cpu.mainBusy * 100)} %, emulators ${Math.round(r.cpu.emulatorsBusy * 100)} %`,
      `of one core over the run; ${r.cpu.mainMsPerEmail} ms of main-process CPU per email; event loop utilisation ${r.cpu.eventLoopUtilization}`,
    ],
    [
      `Digest ${fmt(r.subscribers)}: peak memory`,
      `RSS ${mib(r.memory.peakRss)} MiB, heap ${mib(r.memory.peakHeapUsed)} MiB`,
      `live heap (after forced GC, every ${LIVE_HEAP_SAMPLE_MS / 1000} s) ${mib(r.memory.peakLiveHeap)} MiB; before the run: RSS ${mib(r.memory.beforeRss)}, heap ${mib(r.memory.beforeHeapUsed)} MiB; ` +
        `peak queued batches ${r.memory.peakQueuedBatches}; audience read in ${r.storeCalls.listAudience?.calls ?? 0} pages`,
    ],
  ]
  const storeLine = Object.entries(full.storeCalls)
    .map(([name, s]) => `${name} ${round(s.calls / full.subscribers, 2)}×${s.meanMs}`)
    .join(', ')
  const rows: [string, string, string][] = [
    [
      'Setup (not timed in the runs)',
      `${round(full.setupMs / 1000, 1)} s`,
      `${ARTICLES} articles + ${fmt(SUBSCRIBERS)} subscribers (${SEED_CONCURRENCY} concurrent creates)${small ? `; small run ${round(small.setupMs / 1000, 1)} s` : ''}`,
    ],
    [
      'MIME message size',
      `${kib(results.mimeBytes.median)} median`,
      `${kib(results.mimeBytes.min)}–${kib(results.mimeBytes.max)} over ${fmt(results.mimeBytes.messages)} messages`,
    ],
    ...(small ? runRow(small) : []),
    ...runRow(full),
    [
      'Raw SendRawEmail, minimal endpoint',
      `${round(rawMedian, 1)} emails/s`,
      `median of ${rawRounds.length} rounds (${rawRounds.map((r) => r.perSecond).join(', ')}), ${fmt(RAW_SENDS)} sends each, ${CONCURRENCY} at a time; median latency ${ms(median(rawRounds.map((r) => r.medianMs)), 2)}`,
    ],
    [
      'Ratio digest/raw, minimal endpoint (goal ≥ 0.7)',
      `${results.ratios.endToEndOverRaw}`,
      `end to end; send phase ${results.ratios.sendPhaseOverRaw}`,
    ],
    [
      'Guarantee floor, minimal endpoint',
      `${round(floorMedian, 1)} emails/s`,
      `claim + send + mark only (guaranteeFloorRound), median of ${floorRounds.length} rounds (${floorRounds.map((r) => r.perSecond).join(', ')}), ${CONCURRENCY} at a time; ` +
        `floor/raw ${results.ratios.floorOverRaw}, digest/floor ${results.ratios.endToEndOverFloor}; ${ms(median(floorRounds.map((r) => r.cpuMsPerSend)), 2)} of main-process CPU per email`,
    ],
    ...(emulatorRun !== undefined
      ? ([
          [
            `Digest ${fmt(emulatorRun.subscribers)} via aws-ses-v2-local: end to end`,
            `${emulatorRun.endToEndPerSecond} emails/s`,
            `${fmt(emulatorRun.counts?.sent ?? 0)} sent in ${round(emulatorRun.totalMs / 1000, 1)} s; planning ${round(emulatorRun.planMs / 1000, 1)} s; ` +
              `send phase ${emulatorRun.sendPhase.perSecond} emails/s; ` +
              `${emulatorRun.problems.length === 0 ? 'ledger and counts agree, 0 failed sends, 0 dead letters' : emulatorRun.problems.join('; ')}`,
          ],
          [
            `Digest ${fmt(emulatorRun.subscribers)} via aws-ses-v2-local: CPU`,
            `main ${Math.round(emulatorRun.cpu.mainBusy * 100)} %, emulators ${Math.round(emulatorRun.cpu.emulatorsBusy * 100)} %`,
            `of one core over the run (emulators: dynalite and aws-ses-v2-local, each in its own process)`,
          ],
        ] as [string, string, string][])
      : []),
    ...(emulatorRaw !== undefined
      ? ([
          [
            'Raw SendRawEmail, aws-ses-v2-local',
            `${emulatorRaw.medianPerSecond} emails/s`,
            `median of ${emulatorRaw.rounds.length} rounds (${emulatorRaw.rounds.map((r) => r.perSecond).join(', ')}), ${fmt(EMULATOR_SENDS)} sends each, ${CONCURRENCY} at a time, store emptied every 100 sends as in the digest run`,
          ],
          [
            'Guarantee floor, aws-ses-v2-local',
            `${emulatorRaw.floorMedianPerSecond} emails/s`,
            `claim + send + mark only, median of ${emulatorRaw.floorRounds.length} rounds (${emulatorRaw.floorRounds.map((r) => r.perSecond).join(', ')}); ` +
              `floor/raw ${results.ratios.emulatorFloorOverRaw}` +
              (results.ratios.emulatorEndToEndOverFloor !== undefined
                ? `, digest/floor ${results.ratios.emulatorEndToEndOverFloor}`
                : ''),
          ],
        ] as [string, string, string][])
      : []),
    ...(results.ratios.emulatorEndToEndOverRaw !== undefined
      ? ([
          [
            'Ratio digest/raw, aws-ses-v2-local (goal ≥ 0.7)',
            `${results.ratios.emulatorEndToEndOverRaw}`,
            `end to end; send phase ${results.ratios.emulatorSendPhaseOverRaw}`,
          ],
        ] as [string, string, string][])
      : []),
    [
      'Sender, mean per recipient (wall)',
      `${ms(full.perRecipientMeanMs.mailerSend, 2)} in SesMailer.send`,
      `SESClient.send ${ms(full.perRecipientMeanMs.sesClientSend, 2)}, rest (MIME build + waiting for the event loop) ${ms(full.perRecipientMeanMs.mimeBuildAndRest, 2)}`,
    ],
    [
      'Main-process CPU per request (SDK)',
      `GetItem ${ms(getItemCost.cpuMs, 2)}, UpdateItem ${ms(updateItemCost.cpuMs, 2)}`,
      `SendRawEmail ${ms(results.micro.sendRawEmailCpuMs, 2)} (raw rounds); ${fmt(getItemCost.n)} sequential each against dynalite, wall ${ms(getItemCost.wallMs, 2)} / ${ms(updateItemCost.wallMs, 2)}`,
    ],
    [
      'Store calls per subscriber × mean ms',
      `${full.dynamoRequestsPerEmail} DynamoDB requests/email`,
      storeLine,
    ],
    [
      'Pacer',
      `${fmt(PACER_RATE)}/s, burst ${fmt(PACER_RATE)}`,
      `waited ${ms(full.pacer.totalWaitMs)} in total over ${fmt(full.pacer.acquires)} acquires (max ${ms(full.pacer.maxWaitMs, 2)}): not limiting`,
    ],
    [
      'MJML compiles per digest (goal = variants)',
      `${full.compiles.calls} compiles / ${full.variants.planned} variants`,
      `${full.variants.stored} variants stored; each compile ${full.compiles.ms.join(', ')} ms${small ? `; small run ${small.compiles.calls}/${small.variants.planned}` : ''}`,
    ],
    [
      'renderDigestVariant (one MJML compile)',
      ms(compile.medianMs),
      `${allArticles.length} articles (${biggest.lang}), median of ${COMPILES} after 2 warm-up; min ${round(compile.minMs, 1)}, max ${round(compile.maxMs, 1)}`,
    ],
    [
      'personalisedContent() per recipient',
      `${round(personaliseStats.medianMs * 1000, 2)} µs`,
      `median over ${fmt(personaliseStats.calls)} calls (blocks of 50); ` +
        `${round(personaliseFlatStats.medianMs * 1000, 1)} µs with both parts encoded into base64 (encodeBase64Body); first call on a new variant object (cut and encode its shared parts) ${ms(median(prepareSamples), 3)}`,
    ],
    [
      'Ratio personalise/compile (goal < 1 %)',
      `${round(personaliseRatio * 100, 4)} %`,
      `${round(personaliseFlatRatio * 100, 3)} % with both parts encoded; subscriberLinks() ${round(linksStats.medianMs * 1000, 1)} µs, buildMimeMessage() ${ms(mime.medianMs, 2)} per recipient (extras)`,
    ],
    ...(small
      ? [
          [
            `Peak memory ${fmt(small.subscribers)} → ${fmt(full.subscribers)} (goal flat)`,
            `live heap ${mib(small.memory.peakLiveHeap)} → ${mib(full.memory.peakLiveHeap)} MiB`,
            `heapUsed ${mib(small.memory.peakHeapUsed)} → ${mib(full.memory.peakHeapUsed)} MiB, RSS ${mib(small.memory.peakRss)} → ${mib(full.memory.peakRss)} MiB ` +
              `(sampled every ${MEMORY_SAMPLE_MS} ms); ${round((full.memory.peakLiveHeap - small.memory.peakLiveHeap) / (full.subscribers - small.subscribers), 0)} B of live heap per extra subscriber`,
          ] as [string, string, string],
        ]
      : []),
    ...bundles.map((b): [string, string, string] => [
      `${b.entry.startsWith('functions/send/') ? 'Sender' : 'Planner'} bundle`,
      `${kib(b.bytes)} (${kib(b.gzipBytes)} gzip)`,
      `${b.mjmlInputs === 0 ? 'no mjml input' : `${b.mjmlInputs} mjml inputs`}, 'mjml' ${b.mjmlMentions}× in the code; ` +
        `largest: ${b.topPackages
          .slice(0, 4)
          .map((p) => `${p.name} ${kib(p.bytes)}`)
          .join(', ')}`,
    ]),
    ...bundles.map((b): [string, string, string] => [
      `${b.entry.startsWith('functions/send/') ? 'Sender' : 'Planner'} init: import() of the bundle`,
      `${ms(median(b.initMs.plain))}`,
      `with --enable-source-maps ${ms(median(b.initMs.sourceMaps))}; median of ${INIT_RUNS} fresh processes; whole process ${ms(median(b.processMs.plain), 0)} (bare node ${ms(median(nodeFloorMs), 0)})`,
    ]),
  ]

  const machineLine =
    `${machine.date} · ${machine.commit} · node ${machine.node} · ${machine.cpus} CPUs (${machine.cpuModel}) · ` +
    `${machine.platform} · load at start ${machine.loadAvgAtStart.join(' ')} · mjml ${machine.mjml}, ` +
    `@aws-sdk/client-ses ${machine.sdk}, dynalite ${machine.dynalite}`
  const setupLine =
    `${fmt(SUBSCRIBERS)} subscribers${small ? ` (and ${fmt(SMALL_SUBSCRIBERS)})` : ''}, ${ARTICLES} articles, 2 languages × 3 topic sets; ` +
    `queue concurrency ${CONCURRENCY}, planner batches of 50; dynalite + SES endpoint in a child process, aws-ses-v2-local in another; total ${results.totalSeconds} s`
  const head = ['Measure', 'Value', 'Notes']
  console.log(['', machineLine, setupLine, '', ...plainTable(head, rows)].join('\n'))
  console.log('')
  console.log('---- Markdown ----')
  console.log(['', `${machineLine}  `, setupLine, '', ...markdownTable(head, rows), ''].join('\n'))
  console.log(`JSON: ${join('bench', 'results', 'digest.json')}`)
}

if (process.argv.includes('--emulators')) {
  await serveEmulators('emulators')
} else if (process.argv.includes('--ses-emulator')) {
  await serveEmulators('ses-emulator')
} else {
  // No process.exit on success: the process ending by itself shows that every socket and child closed.
  await main().catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
}
