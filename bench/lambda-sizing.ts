/**
 * Lambda sizing: `node --import tsx bench/lambda-sizing.ts` (npm run sizing). About a minute;
 * on a shared machine run it under `nice -n 19`. Linux only (it reads /proc/self/status).
 *
 * For each of the stack's five functions it bundles the entry as the stack does (bench/support/lambda-bundle.ts),
 * starts a fresh `node` process with the stack's NODE_OPTIONS (--enable-source-maps) and an environment like
 * the stack's, imports the bundle there (the cold start) and invokes its handler with events of the real
 * AWS shapes, one after another, as one Lambda instance would receive them. Per invocation it records the
 * wall time, the process's CPU time, the peak heapUsed (sampled every 20 ms), heapUsed right after V8's own
 * major GCs (about what is live) and the process's peak RSS: VmHWM of /proc/self/status, the resident
 * high-water mark, the figure closest to Lambda's "Max Memory Used". Not process.resourceUsage().maxRSS: on
 * Linux a spawned child's maxRSS starts at its parent's RSS, so it would report this process's memory.
 *
 * The loads:
 *   - HTTP (functions/http/lambda.ts), API Gateway HTTP API 2.0 events: GET /feed.xml on 50 articles (the
 *     cold build), If-None-Match polls (304), full 200s, the first brotli variant, the home page and article
 *     pages;
 *   - planner (functions/digest/lambda.ts), the scheduler's `{ "cadence": "daily" }`, a fresh process and
 *     table each: a daily digest of 10 articles to SIZING_SMALL and to SIZING_LARGE confirmed subscribers,
 *     all due now, each followed by the same run again in the same process (Lambda's async retry: everyone
 *     is planned already, so it re-reads and requeues them all); a long digest (40 articles, so variants of
 *     20–40) to 600; and an hourly run over SIZING_IDLE subscribers none of whom is due (the common case);
 *   - sender (functions/send/lambda.ts), SQS events of one record (batch size 1) holding a delivery batch of
 *     50 recipients that the planner queued: with the pacer far above the machine (not limiting), the same
 *     for the long digest, then in a fresh process at cdk.json's rate (maxSendRate 14/s shared by
 *     senderConcurrency 2);
 *   - feedback (functions/ses-events/lambda.ts), SNS events of one record (as SNS invokes Lambda) holding an
 *     SES bounce or complaint notification (configuration-set event publishing shape);
 *   - WebSub (functions/websub/lambda.ts, deployed only with hubs configured), SQS events of the feed-change
 *     queue: one record, then full batches of 10 (the event source's batch size), each naming the 9 feeds an
 *     article with two tags changes, pinged to two local hubs (node:http, answering 204 after 20 ms).
 *
 * Local stand-ins, in this process: dynalite (in memory), a minimal SES endpoint (bench/support/ses-endpoint.ts),
 * a minimal SQS endpoint (bench/support/sqs-endpoint.ts) and the WebSub hubs. ADMIN_TOKEN and TOKEN_SECRET are given
 * directly, so no Secrets Manager call is made at cold start (on AWS there are two).
 *
 * Knobs: SIZING_SMALL (default 2000), SIZING_LARGE (10000), SIZING_IDLE (10000; 0 skips), SIZING_POLLS (304
 * polls, 200), SIZING_SEND_BATCHES (sender batches with the pacer not limiting, 6).
 * Writes every figure to bench/results/lambda-sizing.json.
 */
import { fork, execFile, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:http'
import { createHash, randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import type { APIGatewayProxyEventV2, SNSEvent, SQSEvent } from 'aws-lambda'
import { createDynamoClients } from '../functions/clients'
import { DynamoArticleStore } from '../functions/adapters/dynamodb/article-store'
import { DynamoAuditLog } from '../functions/adapters/dynamodb/audit-log'
import { DynamoSubscriberStore } from '../functions/adapters/dynamodb/subscriber-store'
import { ensureTable } from '../functions/adapters/dynamodb/ensure-table'
import { createArticle, parseArticleInput } from '../functions/core/articles'
import type { DeliveryBatch } from '../functions/core/digest'
import { startDynalite } from '../infra/local/emulators'
import { articleInput, POSTAL_ADDRESS, publication, subscriber } from './support/digest-fixtures'
import { bundleLambda, linkNodeModules, SDK_EXTERNALS } from './support/lambda-bundle'
import { startMinimalSes } from './support/ses-endpoint'
import { markdownTable, plainTable } from './support/table'
import { startMinimalSqs } from './support/sqs-endpoint'
import { eachLimit, fmt, median, round as roundTo, sleep } from './support/stats'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = join(HERE, '..')
const intEnv = (name: string, fallback: number) => {
  const value = Number(process.env[name])
  return process.env[name] === undefined || !Number.isInteger(value) || value < 0 ? fallback : value
}
const SMALL = intEnv('SIZING_SMALL', 2_000)
const LARGE = intEnv('SIZING_LARGE', 10_000)
const IDLE = intEnv('SIZING_IDLE', 10_000)
const POLLS = intEnv('SIZING_POLLS', 200)
const SEND_BATCHES = Math.max(1, intEnv('SIZING_SEND_BATCHES', 6))
/** cdk.json's maxSendRate and senderConcurrency: each sender paces itself to 14 / 2 = 7 emails/s. */
const CONFIGURED_RATE = 14
const CONFIGURED_SENDERS = 2
const HTTP_ARTICLES = 50
const DIGEST_ARTICLES = 10
/** A long digest (a busy week): its variants carry 20–40 articles, so MJML and MIME get their largest input. */
const HEAVY_ARTICLES = 40
const HEAVY_SUBSCRIBERS = 600
const SEED_CONCURRENCY = 32
const FEEDBACK_EVENTS = 20
const WEBSUB_BATCHES = 20
const REGION = 'us-east-1'
const ACCOUNT = '123456789012'
const HOUR_MS = 3_600_000
/** Lambda gives a function one vCPU's worth of CPU at 1,769 MB, and a share in proportion below. */
const FULL_VCPU_MB = 1_769

// One decimal unless told otherwise, in this bench's tables.
const round = (value: number, digits = 1) => roundTo(value, digits)
const mib = (bytes: number) => round(bytes / 1024 ** 2, 1)
const log = (message: string) =>
  console.error(`[sizing ${new Date().toISOString().slice(11, 19)}] ${message}`)
const run = promisify(execFile)

// ------------------------------------------------------------------------------- the Lambda stand-in

/**
 * The program of the fresh process: import the bundle (the cold start), then run each invocation the
 * parent sends, one at a time, and answer with its figures. Plain JavaScript, so nothing but the bundle
 * (and the SDK it leaves external) is loaded.
 */
const RUNNER = `
import { readFileSync } from 'node:fs'
import { constants, PerformanceObserver } from 'node:perf_hooks'
// heapUsed right after each of V8's own major GCs: close to what is live, with no forced GC.
let majorGcs = 0
let liveAfterGc = 0
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.detail?.kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue
    majorGcs++
    liveAfterGc = Math.max(liveAfterGc, process.memoryUsage().heapUsed)
  }
}).observe({ entryTypes: ['gc'] })
const started = performance.now()
const { handler } = await import(process.argv[2])
const initMs = performance.now() - started
const cpuMs = (usage) => (usage.user + usage.system) / 1000
const snapshot = () => {
  const m = process.memoryUsage()
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external,
    peakRss: peakRss() }
}
function peakRss() {
  const match = /VmHWM:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
  if (match === null) throw new Error('no VmHWM in /proc/self/status (Linux only)')
  return Number(match[1]) * 1024
}
const summarise = (result) => {
  if (result === null || typeof result !== 'object' || typeof result.body !== 'string') return result
  const h = result.headers ?? {}
  return { statusCode: result.statusCode, isBase64Encoded: result.isBase64Encoded, bodyLength: result.body.length,
    etag: h.etag, contentEncoding: h['content-encoding'], contentType: h['content-type'] }
}
process.send({ type: 'ready', initMs, processCpuMs: cpuMs(process.cpuUsage()), memory: snapshot() })
process.on('message', async (message) => {
  if (message.type === 'exit') return process.exit(0)
  const deadline = Date.now() + message.timeoutMs
  const context = {
    callbackWaitsForEmptyEventLoop: true, functionName: message.functionName, functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:${REGION}:${ACCOUNT}:function:' + message.functionName,
    memoryLimitInMB: String(message.memoryMb), awsRequestId: crypto.randomUUID(),
    logGroupName: '/aws/lambda/' + message.functionName, logStreamName: '2026/11/28/[$LATEST]sizing',
    getRemainingTimeInMillis: () => deadline - Date.now(), done() {}, fail() {}, succeed() {},
  }
  majorGcs = 0
  liveAfterGc = 0
  let peakHeapUsed = 0
  const sample = () => { peakHeapUsed = Math.max(peakHeapUsed, process.memoryUsage().heapUsed) }
  const timer = setInterval(sample, 20)
  sample()
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  let result, error
  try { result = await handler(message.event, context) } catch (e) { error = String(e?.stack ?? e) }
  const ms = performance.now() - t0
  const cpu = cpuMs(process.cpuUsage(cpu0))
  clearInterval(timer)
  sample()
  await new Promise((resolve) => setImmediate(resolve)) // lets the GC observer hear the run's last GCs
  process.send({ type: 'result', ms, cpuMs: cpu, peakHeapUsed, majorGcs, liveAfterGc, memory: snapshot(),
    result: summarise(result), error })
})
`

interface Memory {
  rss: number
  heapUsed: number
  heapTotal: number
  external: number
  peakRss: number
}
interface Ready {
  type: 'ready'
  initMs: number
  processCpuMs: number
  memory: Memory
}
interface Invocation {
  type: 'result'
  label: string
  ms: number
  cpuMs: number
  peakHeapUsed: number
  /** V8's own major GCs during the invocation, and the largest heapUsed seen right after one. */
  majorGcs: number
  liveAfterGc: number
  memory: Memory
  result: unknown
  error?: string
}

interface LambdaSpec {
  name: string
  entry: string
  externals: string[]
  bundle: string
  bundleBytes: number
}

/** One fresh process running one bundle: a Lambda instance from its cold start on. */
class Instance {
  readonly invocations: Invocation[] = []

  private constructor(
    private readonly child: ChildProcess,
    readonly spec: LambdaSpec,
    readonly ready: Ready & { processMs: number },
    /** The end of stderr, for error messages, and the function's log output (stdout). */
    private readonly output: { stderr: string; logLines: number; logBytes: number },
  ) {}

  static async start(spec: LambdaSpec, runner: string, env: Record<string, string>): Promise<Instance> {
    const t0 = performance.now()
    const child = fork(runner, [pathToFileURL(spec.bundle).href], {
      cwd: dirname(spec.bundle),
      // The stack's NODE_OPTIONS, not this process's flags (tsx): only the bundle is loaded.
      execArgv: [],
      env: { ...env, NODE_OPTIONS: '--enable-source-maps' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    })
    const output = { stderr: '', logLines: 0, logBytes: 0 }
    child.stderr!.on('data', (chunk: Buffer) => {
      output.stderr = (output.stderr + chunk.toString()).slice(-4_000)
    })
    // The function's log lines (Powertools Logger, one JSON line each), as CloudWatch Logs would get them.
    child.stdout!.on('data', (chunk: Buffer) => {
      output.logBytes += chunk.length
      for (const byte of chunk) if (byte === 10) output.logLines++
    })
    const ready = await new Promise<Ready>((resolve, reject) => {
      child.once('message', (message: Ready) => resolve(message))
      child.once('exit', (code) =>
        reject(new Error(`${spec.name} exited (${code}) at init: ${output.stderr}`)),
      )
    })
    return new Instance(child, spec, { ...ready, processMs: performance.now() - t0 }, output)
  }

  invoke(label: string, event: unknown, options: { memoryMb?: number; timeoutMs?: number } = {}) {
    return new Promise<Invocation>((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`${this.spec.name} exited (${code}) during ${label}: ${this.output.stderr}`))
      this.child.once('exit', onExit)
      this.child.once('message', (message: Omit<Invocation, 'label'>) => {
        this.child.off('exit', onExit)
        const invocation = { ...message, label }
        if (invocation.error !== undefined) return reject(new Error(`${label}: ${invocation.error}`))
        this.invocations.push(invocation)
        resolve(invocation)
      })
      this.child.send({
        type: 'invoke',
        event,
        functionName: `pressroom-${this.spec.name.toLowerCase()}`,
        memoryMb: options.memoryMb ?? 512,
        timeoutMs: options.timeoutMs ?? 300_000,
      })
    })
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()))
    this.child.send({ type: 'exit' })
    await Promise.race([exited, sleep(5_000)])
    if (this.child.exitCode === null) this.child.kill()
  }

  /** The instance's figures: the cold start, and every invocation's. */
  report() {
    const last = this.invocations.at(-1)
    return {
      initMs: round(this.ready.initMs),
      processStartMs: round(this.ready.processMs),
      initCpuMs: round(this.ready.processCpuMs),
      afterInit: this.ready.memory,
      peakRss: last?.memory.peakRss ?? this.ready.memory.peakRss,
      peakHeapUsed: Math.max(this.ready.memory.heapUsed, ...this.invocations.map((i) => i.peakHeapUsed)),
      logLines: this.output.logLines,
      logBytes: this.output.logBytes,
      invocations: this.invocations.map((i) => ({
        label: i.label,
        ms: round(i.ms, 2),
        cpuMs: round(i.cpuMs, 2),
        peakHeapUsed: i.peakHeapUsed,
        majorGcs: i.majorGcs,
        liveAfterGc: i.liveAfterGc,
        peakRss: i.memory.peakRss,
        result: i.result,
      })),
    }
  }
}

// ------------------------------------------------------------------------------------------ events

/** An HTTP API (payload format 2.0) event as API Gateway sends it behind CloudFront. */
function httpEvent(rawPath: string, headers: Record<string, string> = {}): APIGatewayProxyEventV2 {
  const domainName = `abc123.execute-api.${REGION}.amazonaws.com`
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: '',
    headers: {
      accept: '*/*',
      host: domainName,
      'user-agent': 'Amazon CloudFront',
      via: '2.0 0123456789abcdef.cloudfront.net (CloudFront)',
      'x-forwarded-for': '203.0.113.9, 130.176.0.1',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...headers,
    },
    requestContext: {
      accountId: ACCOUNT,
      apiId: 'abc123',
      domainName,
      domainPrefix: 'abc123',
      http: {
        method: 'GET',
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '130.176.0.1',
        userAgent: 'Amazon CloudFront',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  }
}

/** One SQS record, as the event source mapping delivers it with batch size 1. */
function sqsEvent(body: string, ...more: string[]): SQSEvent {
  const now = String(Date.now())
  return {
    Records: [body, ...more].map((body) => ({
      messageId: randomUUID(),
      receiptHandle: `AQEB${randomUUID().replace(/-/g, '')}`,
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: now,
        SenderId: 'AROAEXAMPLE:pressroom-planner',
        ApproximateFirstReceiveTimestamp: now,
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:${REGION}:${ACCOUNT}:pressroom-send`,
      awsRegion: REGION,
    })),
  }
}

/** One SNS record around an SES event (the fixtures' shape), for `email`. */
function snsEvent(template: SNSEvent, email: string, n: number): SNSEvent {
  const record = template.Records[0]!
  const message = JSON.parse(record.Sns.Message) as {
    bounce?: { bouncedRecipients: { emailAddress: string }[]; feedbackId: string }
    complaint?: { complainedRecipients: { emailAddress: string }[]; feedbackId: string }
    mail: { messageId: string; destination: string[] }
  }
  const feedback = message.bounce ?? message.complaint!
  for (const recipient of message.bounce?.bouncedRecipients ?? message.complaint!.complainedRecipients) {
    recipient.emailAddress = email
  }
  feedback.feedbackId = `sizing-${n}-${randomUUID()}`
  message.mail.messageId = `sizing-mail-${n}-${randomUUID()}`
  message.mail.destination = [email]
  return {
    Records: [
      {
        ...record,
        Sns: {
          ...record.Sns,
          MessageId: randomUUID(),
          Message: JSON.stringify(message),
          Timestamp: new Date().toISOString(),
        },
      },
    ],
  }
}

// ------------------------------------------------------------------------------------------- fixtures

interface Stand {
  dynamo: ReturnType<typeof createDynamoClients>
  ses: Awaited<ReturnType<typeof startMinimalSes>>
  sqs: Awaited<ReturnType<typeof startMinimalSqs>>
  env: (table: string) => Record<string, string>
}

/** Articles written and published `apartMs` apart, the last `lastAgoMs` ago. */
async function seedArticles(
  stand: Stand,
  table: string,
  count: number,
  lastAgoMs: number,
  apartMs = HOUR_MS,
) {
  const articles = new DynamoArticleStore(stand.dynamo.document, table)
  const audit = new DynamoAuditLog(stand.dynamo.document, table)
  const now = Date.now()
  for (let index = 0; index < count; index++) {
    const at = new Date(now - lastAgoMs - (count - 1 - index) * apartMs)
    await createArticle(
      { articles, clock: { now: () => at }, publication, audit },
      parseArticleInput(articleInput(index, at)),
    )
  }
}

/** `count` confirmed daily subscribers in UTC, with delivery hour `hour`. */
async function seedSubscribers(stand: Stand, table: string, label: string, count: number, hour: number) {
  const store = new DynamoSubscriberStore(stand.dynamo.document, table)
  const stamp = new Date(Date.now() - 48 * HOUR_MS).toISOString()
  const people = Array.from({ length: count }, (_, i) => ({
    ...subscriber(i, label, stamp),
    timezone: 'UTC',
    deliveryHour: hour,
  }))
  await eachLimit(people, SEED_CONCURRENCY, (person) => store.create(person))
}

async function freshTable(stand: Stand, label: string) {
  const table = `sizing-${label}-${randomUUID().slice(0, 8)}`
  await ensureTable(stand.dynamo.client, table)
  return table
}

/** Waits for the next UTC hour when fewer than `neededMs` are left in this one (planner runs need "now"). */
async function hourWithRoom(neededMs: number): Promise<number> {
  const left = HOUR_MS - (Date.now() % HOUR_MS)
  if (left < neededMs) {
    log(`waiting ${round(left / 1000, 0)} s for the UTC hour to turn, so the run stays inside one hour`)
    await sleep(left + 1_000)
  }
  return new Date().getUTCHours()
}

// --------------------------------------------------------------------------------------------- loads

async function sizeHttp(spec: LambdaSpec, runner: string, stand: Stand) {
  const table = await freshTable(stand, 'http')
  const t0 = performance.now()
  // The last 10 hours ago: long before the feed cache's settle window.
  await seedArticles(stand, table, HTTP_ARTICLES, 10 * HOUR_MS)
  log(`http: ${HTTP_ARTICLES} articles in ${round((performance.now() - t0) / 1000)} s`)
  const instance = await Instance.start(spec, runner, {
    ...stand.env(table),
    FEED_SIZE: String(HTTP_ARTICLES),
  })
  try {
    const first = await instance.invoke('GET /feed.xml, cold: build of 50 items', httpEvent('/feed.xml'))
    const etag = (first.result as { etag?: string }).etag
    if (etag === undefined) throw new Error(`no ETag on the feed: ${JSON.stringify(first.result)}`)
    for (let i = 0; i < POLLS; i++) {
      const poll = await instance.invoke(
        'GET /feed.xml If-None-Match (304)',
        httpEvent('/feed.xml', { 'if-none-match': etag }),
      )
      if ((poll.result as { statusCode: number }).statusCode !== 304) throw new Error('a poll was not a 304')
    }
    for (let i = 0; i < 20; i++) await instance.invoke('GET /feed.xml (200)', httpEvent('/feed.xml'))
    await instance.invoke(
      'GET /feed.xml, first brotli variant',
      httpEvent('/feed.xml', { 'accept-encoding': 'gzip, deflate, br' }),
    )
    await instance.invoke('GET / (home page), first', httpEvent('/'))
    for (let i = 0; i < 10; i++) await instance.invoke('GET / (home page)', httpEvent('/'))
    await instance.invoke('GET /articles/:slug, first', httpEvent('/articles/digest-bench-25'))
    for (let i = 0; i < 10; i++)
      await instance.invoke('GET /articles/:slug', httpEvent(`/articles/digest-bench-${26 + i}`))
  } finally {
    await instance.stop()
  }
  return { table, instance: instance.report() }
}

async function sizePlanner(
  spec: LambdaSpec,
  runner: string,
  stand: Stand,
  label: string,
  count: number,
  articles = DIGEST_ARTICLES,
) {
  const table = await freshTable(stand, label)
  const setup = performance.now()
  // All inside a first daily digest's one-day lookback.
  await seedArticles(stand, table, articles, 0, Math.min(HOUR_MS, (20 * HOUR_MS) / articles))
  // Seeding and both runs must happen within one UTC hour, or nobody is due when the run comes.
  const hour = await hourWithRoom(30_000 + count * 12)
  await seedSubscribers(stand, table, label, count, hour)
  log(
    `${label}: ${articles} articles and ${fmt(count)} due subscribers in ${round((performance.now() - setup) / 1000)} s`,
  )
  const firstBody = stand.sqs.bodies.length
  const instance = await Instance.start(spec, runner, stand.env(table))
  let batches: string[]
  try {
    const cold = await instance.invoke(
      `daily digest (${articles} articles) to ${fmt(count)}, cold`,
      { cadence: 'daily' },
      { memoryMb: 1024 },
    )
    batches = stand.sqs.bodies.slice(firstBody)
    const summary = cold.result as { planned: number; variants: number }
    if (summary.planned !== count) {
      throw new Error(
        `planned ${summary.planned} of ${count}: the UTC hour probably turned during the run; run again`,
      )
    }
    log(
      `${label}: planned ${fmt(summary.planned)} in ${round(cold.ms / 1000, 2)} s (${summary.variants} variants, ${batches.length} batches)`,
    )
    const retry = await instance.invoke(
      `the same run again (async retry): ${fmt(count)} requeued`,
      { cadence: 'daily' },
      { memoryMb: 1024 },
    )
    log(`${label}: re-run in ${round(retry.ms / 1000, 2)} s: ${JSON.stringify(retry.result)}`)
  } finally {
    await instance.stop()
  }
  return { table, label, subscribers: count, batches, instance: instance.report() }
}

async function sizeIdlePlanner(spec: LambdaSpec, runner: string, stand: Stand, count: number) {
  const table = await freshTable(stand, 'idle')
  await seedArticles(stand, table, DIGEST_ARTICLES, 0)
  await seedSubscribers(stand, table, 'idle', count, (new Date().getUTCHours() + 12) % 24)
  const instance = await Instance.start(spec, runner, stand.env(table))
  try {
    const run = await instance.invoke(
      `hourly run, ${fmt(count)} subscribers, none due`,
      { cadence: 'daily' },
      { memoryMb: 1024 },
    )
    log(`idle: ${fmt(count)} considered in ${round(run.ms / 1000, 2)} s: ${JSON.stringify(run.result)}`)
  } finally {
    await instance.stop()
  }
  return { table, subscribers: count, batches: [] as string[], instance: instance.report() }
}

async function sizeSender(
  spec: LambdaSpec,
  runner: string,
  stand: Stand,
  table: string,
  batches: string[],
  rate: { perSecond: number; senders: number; batches: number; label: string },
) {
  const instance = await Instance.start(spec, runner, {
    ...stand.env(table),
    SEND_RATE_FALLBACK: String(rate.perSecond),
    SENDER_CONCURRENCY: String(rate.senders),
  })
  const sentBefore = stand.ses.stats().messages
  try {
    for (let i = 0; i < rate.batches; i++) {
      const body = batches[i]!
      const recipients = (JSON.parse(body) as DeliveryBatch).subscriberIds.length
      const invocation = await instance.invoke(
        `${i === 0 ? 'cold' : 'warm'}: ${recipients} recipients, ${rate.label}`,
        sqsEvent(body),
        { timeoutMs: 120_000 },
      )
      const failures = (invocation.result as { batchItemFailures: unknown[] }).batchItemFailures
      if (failures.length > 0) throw new Error(`the sender reported failures: ${JSON.stringify(failures)}`)
    }
  } finally {
    await instance.stop()
  }
  return { rate, sent: stand.ses.stats().messages - sentBefore, instance: instance.report() }
}

async function sizeFeedback(spec: LambdaSpec, runner: string, stand: Stand, table: string, emails: string[]) {
  const fixture = (name: string) =>
    JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/ses', name), 'utf8')) as SNSEvent
  const bounce = fixture('event-bounce.json')
  const complaint = fixture('event-complaint.json')
  const instance = await Instance.start(spec, runner, stand.env(table))
  try {
    for (let n = 0; n < FEEDBACK_EVENTS; n++) {
      const kind = n % 4 === 3 ? 'complaint' : 'permanent bounce'
      const event = snsEvent(kind === 'complaint' ? complaint : bounce, emails[n]!, n)
      await instance.invoke(`${n === 0 ? 'cold' : 'warm'}: one SES ${kind}`, event, { timeoutMs: 10_000 })
    }
  } finally {
    await instance.stop()
  }
  return { instance: instance.report() }
}

/** Two WebSub hubs on loopback that accept every ping after `delayMs`, as a real hub's round trip would. */
async function startHubs(delayMs: number) {
  let pings = 0
  const servers = [createServer(), createServer()]
  for (const server of servers) {
    server.on('request', (req, res) => {
      req.resume().on('end', () => {
        pings++
        setTimeout(() => res.writeHead(204).end(), delayMs)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  }
  return {
    urls: servers.map((server) => `http://127.0.0.1:${(server.address() as { port: number }).port}/hub`),
    pings: () => pings,
    close: () =>
      Promise.all(
        servers.map((server) => {
          server.closeAllConnections()
          return new Promise((resolve) => server.close(resolve))
        }),
      ),
  }
}

async function sizeWebSub(spec: LambdaSpec, runner: string, stand: Stand, table: string) {
  const hubs = await startHubs(20)
  // The feeds one article with two tags changes: the publication's and each tag's, in three formats.
  const feeds = ['', '/tags/economy', '/tags/policy'].flatMap((scope) =>
    ['feed.xml', 'atom.xml', 'feed.json'].map((file) => `${publication.siteUrl}${scope}/${file}`),
  )
  const change = JSON.stringify({ topicUrls: feeds })
  const instance = await Instance.start(spec, runner, {
    ...stand.env(table),
    WEBSUB_HUBS: hubs.urls.join(','),
  })
  try {
    const expectNoFailures = (result: unknown) => {
      const failures = (result as { batchItemFailures?: unknown[] }).batchItemFailures
      if (failures === undefined || failures.length > 0) throw new Error(`WebSub: ${JSON.stringify(result)}`)
    }
    expectNoFailures((await instance.invoke('cold: one feed change', sqsEvent(change))).result)
    for (let n = 0; n < WEBSUB_BATCHES; n++) {
      const batch = sqsEvent(change, ...Array.from({ length: 9 }, () => change))
      expectNoFailures((await instance.invoke('warm: 10 feed changes', batch, { timeoutMs: 60_000 })).result)
    }
  } finally {
    await instance.stop()
    await hubs.close()
  }
  return { pings: hubs.pings(), instance: instance.report() }
}

// ------------------------------------------------------------------------------------------- report

/** A function's invocations grouped by label: count, median and max wall and CPU ms. */
function byLabel(report: ReturnType<Instance['report']>) {
  const groups = new Map<
    string,
    { ms: number[]; cpuMs: number[]; peakRss: number; peakHeapUsed: number; liveAfterGc: number }
  >()
  for (const i of report.invocations) {
    const group = groups.get(i.label) ?? { ms: [], cpuMs: [], peakRss: 0, peakHeapUsed: 0, liveAfterGc: 0 }
    group.ms.push(i.ms)
    group.cpuMs.push(i.cpuMs)
    group.peakRss = Math.max(group.peakRss, i.peakRss)
    group.peakHeapUsed = Math.max(group.peakHeapUsed, i.peakHeapUsed)
    group.liveAfterGc = Math.max(group.liveAfterGc, i.liveAfterGc)
    groups.set(i.label, group)
  }
  return [...groups.entries()].map(([label, g]) => ({
    label,
    n: g.ms.length,
    medianMs: round(median(g.ms), 2),
    maxMs: round(Math.max(...g.ms), 2),
    medianCpuMs: round(median(g.cpuMs), 2),
    maxCpuMs: round(Math.max(...g.cpuMs), 2),
    /** The process's RSS high-water mark after the group's last invocation. */
    peakRss: g.peakRss,
    peakHeapUsed: g.peakHeapUsed,
    /** 0 when V8 made no major GC during the group's invocations. */
    liveAfterGc: g.liveAfterGc,
  }))
}

/** The memory the rule asks for: twice the peak RSS, rounded up to a 128 MB step. */
const memoryFloorMb = (peakRss: number) => Math.ceil((2 * peakRss) / 1024 ** 2 / 128) * 128
/** CPU-bound work measured here, stretched to Lambda's CPU share at `memoryMb` (one vCPU at 1,769 MB). */
const onLambdaMs = (cpuMs: number, memoryMb: number) => cpuMs / Math.min(1, memoryMb / FULL_VCPU_MB)

async function main() {
  const started = performance.now()
  const git = async (...args: string[]) =>
    (await run('git', args, { cwd: ROOT }).catch(() => ({ stdout: '' }))).stdout.trim()
  const dirty = (await git('status', '--porcelain', '--untracked-files=no', '--', 'functions')) !== ''
  const machine = {
    date: new Date().toISOString(),
    commit: `${(await git('rev-parse', '--short', 'HEAD')) || 'unknown'}${dirty ? ' + uncommitted changes in functions/' : ''}`,
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    platform: `${os.platform()} ${os.arch()}`,
    loadAvgAtStart: os.loadavg().map((n) => round(n, 2)),
    niceness: os.getPriority(),
  }
  log(
    `node ${machine.node}, ${machine.cpus} CPUs (${machine.cpuModel}), load ${machine.loadAvgAtStart.join(' ')}, nice ${machine.niceness}`,
  )

  const work = mkdtempSync(join(os.tmpdir(), 'pressroom-sizing-'))
  const dynamo = await startDynalite({ port: 0, host: '127.0.0.1' })
  const ses = await startMinimalSes()
  const sqs = await startMinimalSqs()
  const clients = createDynamoClients({ region: REGION, endpoint: dynamo.url })
  try {
    const runner = join(work, 'runner.mjs')
    writeFileSync(runner, RUNNER)
    // Bundled as infra/constructs (http-api.ts, digest-pipeline.ts, email-feedback.ts) have CDK bundle them.
    const specs: LambdaSpec[] = []
    for (const [name, entry, externals] of [
      ['HTTP', 'functions/http/lambda.ts', SDK_EXTERNALS],
      ['Planner', 'functions/digest/lambda.ts', [...SDK_EXTERNALS, 'typescript']],
      ['Sender', 'functions/send/lambda.ts', SDK_EXTERNALS],
      ['Feedback', 'functions/ses-events/lambda.ts', SDK_EXTERNALS],
      ['WebSub', 'functions/websub/lambda.ts', SDK_EXTERNALS],
    ] as const) {
      const dir = join(work, name.toLowerCase())
      mkdirSync(dir)
      linkNodeModules(dir)
      const bundle = join(dir, 'index.mjs')
      await bundleLambda(entry, [...externals], bundle)
      specs.push({ name, entry, externals: [...externals], bundle, bundleBytes: statSync(bundle).size })
    }
    const [httpSpec, plannerSpec, senderSpec, feedbackSpec, websubSpec] = specs as [
      LambdaSpec,
      LambdaSpec,
      LambdaSpec,
      LambdaSpec,
      LambdaSpec,
    ]
    log(`bundled: ${specs.map((s) => `${s.name} ${round(s.bundleBytes / 1024, 0)} KiB`).join(', ')}`)

    const stand: Stand = {
      dynamo: clients,
      ses,
      sqs,
      // The environment the stack sets (infra/constructs/app-function.ts), with local endpoints and the
      // secrets' values instead of their ARNs.
      env: (table) => ({
        PATH: process.env.PATH ?? '',
        AWS_REGION: REGION,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        TABLE_NAME: table,
        SITE_URL: publication.siteUrl,
        FEED_SIZE: String(publication.feedSize),
        PUBLICATION_TITLE: publication.title,
        PUBLICATION_LANG: publication.lang,
        PUBLICATION_DESCRIPTION: publication.description,
        ADMIN_TOKEN: 'sizing-admin-token-0123456789',
        TOKEN_SECRET: 'sizing-token-secret-0123456789abcdefghijklmnop',
        MAIL_FROM: 'Pressroom Sizing <news@example.com>',
        POSTAL_ADDRESS,
        SES_CONFIGURATION_SET: 'pressroom-sizing',
        SES_ENDPOINT: ses.url,
        DYNAMODB_ENDPOINT: dynamo.url,
        SEND_QUEUE_URL: `${sqs.url}/${ACCOUNT}/pressroom-send`,
        AWS_ENDPOINT_URL_SQS: sqs.url,
      }),
    }

    const http = await sizeHttp(httpSpec, runner, stand)
    log(`http: done, peak RSS ${mib(http.instance.peakRss)} MiB`)
    const small = await sizePlanner(plannerSpec, runner, stand, 'small', SMALL)
    const large = await sizePlanner(plannerSpec, runner, stand, 'large', LARGE)
    const heavy = await sizePlanner(plannerSpec, runner, stand, 'heavy', HEAVY_SUBSCRIBERS, HEAVY_ARTICLES)
    const idle = IDLE > 0 ? await sizeIdlePlanner(plannerSpec, runner, stand, IDLE) : undefined
    // Full delivery batches (50 recipients); each variant's last batch of the run is smaller.
    const fullOf = (batches: string[]) =>
      batches.filter((b) => (JSON.parse(b) as DeliveryBatch).subscriberIds.length === 50)
    const full = fullOf(small.batches)
    if (full.length < SEND_BATCHES + 2)
      throw new Error(`only ${full.length} full batches; raise SIZING_SMALL`)
    const unpaced = await sizeSender(senderSpec, runner, stand, small.table, full, {
      perSecond: 10_000,
      senders: 1,
      batches: SEND_BATCHES,
      label: 'pacer not limiting',
    })
    log(`sender: ${unpaced.sent} sent, peak RSS ${mib(unpaced.instance.peakRss)} MiB`)
    const paced = await sizeSender(senderSpec, runner, stand, small.table, full.slice(SEND_BATCHES), {
      perSecond: CONFIGURED_RATE,
      senders: CONFIGURED_SENDERS,
      batches: 2,
      label: `paced to ${CONFIGURED_RATE}/${CONFIGURED_SENDERS} per s`,
    })
    log(
      `sender, paced: ${paced.sent} sent, ${paced.instance.invocations.map((i) => `${round(i.ms / 1000, 2)} s`).join(', ')}`,
    )
    const heavySend = await sizeSender(senderSpec, runner, stand, heavy.table, fullOf(heavy.batches), {
      perSecond: 10_000,
      senders: 1,
      batches: 2,
      label: `pacer not limiting, ${HEAVY_ARTICLES}-article digest`,
    })
    // Subscribers of the small table whose batches the sender did not take.
    const store = new DynamoSubscriberStore(clients.document, small.table)
    const sentTo = new Set(
      full.slice(0, SEND_BATCHES + 2).flatMap((b) => (JSON.parse(b) as DeliveryBatch).subscriberIds),
    )
    const emails: string[] = []
    for (let i = SMALL - 1; emails.length < FEEDBACK_EVENTS; i--) {
      const person = subscriber(i, 'small', '')
      if (!sentTo.has(person.id) && (await store.get(person.id)) !== undefined) emails.push(person.email)
    }
    const feedback = await sizeFeedback(feedbackSpec, runner, stand, small.table, emails)
    const websub = await sizeWebSub(websubSpec, runner, stand, small.table)
    log(`websub: ${websub.pings} pings, peak RSS ${mib(websub.instance.peakRss)} MiB`)

    // ------------------------------------------------------------------------------------- figures
    const plannerCold = (r: typeof small) => r.instance.invocations[0]!
    const slope = {
      msPerSubscriber: (plannerCold(large).ms - plannerCold(small).ms) / (LARGE - SMALL),
      cpuMsPerSubscriber: (plannerCold(large).cpuMs - plannerCold(small).cpuMs) / (LARGE - SMALL),
    }
    const fixed = {
      ms: plannerCold(small).ms - slope.msPerSubscriber * SMALL,
      cpuMs: plannerCold(small).cpuMs - slope.cpuMsPerSubscriber * SMALL,
    }
    const dueIn300s = (msPerSubscriber: number, fixedMs: number) =>
      Math.floor((300_000 - fixedMs) / msPerSubscriber)
    const extrapolation = {
      ...slope,
      fixedMs: fixed.ms,
      fixedCpuMs: fixed.cpuMs,
      dueSubscribersIn300s: {
        here: dueIn300s(slope.msPerSubscriber, fixed.ms),
        lambda1024MbCpuBound: dueIn300s(
          onLambdaMs(slope.cpuMsPerSubscriber, 1024),
          onLambdaMs(fixed.cpuMs, 1024),
        ),
        lambda1769MbCpuBound: dueIn300s(
          onLambdaMs(slope.cpuMsPerSubscriber, 1769),
          onLambdaMs(fixed.cpuMs, 1769),
        ),
      },
      idleMsPerSubscriber: idle ? idle.instance.invocations[0]!.ms / idle.subscribers : undefined,
      idleCpuMsPerSubscriber: idle ? idle.instance.invocations[0]!.cpuMs / idle.subscribers : undefined,
    }
    const functions = {
      HTTP: [http.instance],
      Planner: [small.instance, large.instance, heavy.instance, ...(idle ? [idle.instance] : [])],
      Sender: [unpaced.instance, heavySend.instance, paced.instance],
      Feedback: [feedback.instance],
      WebSub: [websub.instance],
    }
    const summary = Object.entries(functions).map(([name, instances]) => {
      const spec = specs.find((s) => s.name === name)!
      const peakRss = Math.max(...instances.map((i) => i.peakRss))
      const all = instances.flatMap((i) => i.invocations)
      const worst = all.reduce((a, b) => (b.ms > a.ms ? b : a))
      const worstCpu = all.reduce((a, b) => (b.cpuMs > a.cpuMs ? b : a))
      return {
        name,
        entry: spec.entry,
        bundleKiB: round(spec.bundleBytes / 1024, 0),
        initMs: round(median(instances.map((i) => i.initMs))),
        initCpuMs: round(median(instances.map((i) => i.initCpuMs))),
        peakRss,
        afterInitRss: median(instances.map((i) => i.afterInit.rss)),
        peakHeapUsed: Math.max(...instances.map((i) => i.peakHeapUsed)),
        worst: { label: worst.label, ms: worst.ms, cpuMs: worst.cpuMs },
        worstCpu: { label: worstCpu.label, ms: worstCpu.ms, cpuMs: worstCpu.cpuMs },
        memoryFloorMb: memoryFloorMb(peakRss),
        /** CPU of a cold start (import + first invocation) and of the CPU-heaviest invocation. */
        coldStartCpuMs: round(median(instances.map((i) => i.initCpuMs + (i.invocations[0]?.cpuMs ?? 0)))),
        worstCpuMs: worstCpu.cpuMs,
        logBytesPerInvocation: round(
          instances.reduce((s, i) => s + i.logBytes, 0) / Math.max(1, all.length),
          0,
        ),
      }
    })
    const results = {
      machine,
      settings: {
        httpArticles: HTTP_ARTICLES,
        polls: POLLS,
        digestArticles: DIGEST_ARTICLES,
        heavy: { articles: HEAVY_ARTICLES, subscribers: HEAVY_SUBSCRIBERS },
        small: SMALL,
        large: LARGE,
        idle: IDLE,
        sendBatches: SEND_BATCHES,
        configuredRate: { perSecond: CONFIGURED_RATE, senders: CONFIGURED_SENDERS },
      },
      summary,
      extrapolation,
      http: { ...http, loads: byLabel(http.instance) },
      planner: [small, large, heavy, ...(idle ? [idle] : [])].map((r) => ({
        subscribers: r.subscribers,
        table: r.table,
        batches: r.batches.length,
        loads: byLabel(r.instance),
        instance: r.instance,
      })),
      sender: [unpaced, heavySend, paced].map((r) => ({ ...r, loads: byLabel(r.instance) })),
      feedback: { ...feedback, loads: byLabel(feedback.instance) },
      websub: { ...websub, loads: byLabel(websub.instance) },
      sqs: { calls: sqs.calls(), messages: sqs.bodies.length },
      totalSeconds: round((performance.now() - started) / 1000),
    }
    mkdirSync(join(HERE, 'results'), { recursive: true })
    writeFileSync(join(HERE, 'results', 'lambda-sizing.json'), `${JSON.stringify(results, null, 2)}\n`)

    // --------------------------------------------------------------------------------------- tables
    const ms = (value: number) => (value >= 1_000 ? `${round(value / 1000, 2)} s` : `${round(value, 1)} ms`)
    const headers = [
      'Function',
      'Bundle',
      'Init (import)',
      'Worst invocation',
      'Peak RSS',
      'Peak heap',
      '2 × RSS',
    ]
    const rows = summary.map((s) => [
      s.name,
      `${fmt(s.bundleKiB)} KiB`,
      `${ms(s.initMs)} (CPU ${ms(s.initCpuMs)})`,
      `${ms(s.worst.ms)}, CPU ${ms(s.worst.cpuMs)}: ${s.worst.label}`,
      `${mib(s.peakRss)} MiB (${mib(s.afterInitRss)} after init)`,
      `${mib(s.peakHeapUsed)} MiB`,
      `${s.memoryFloorMb} MB`,
    ])
    const SIZES = [256, 512, 1024, FULL_VCPU_MB]
    const estimateHeaders = [
      'Function',
      'CPU: cold start / heaviest',
      ...SIZES.map((mb) => `≈ at ${fmt(mb)} MB`),
    ]
    const estimateRows = summary.map((s) => [
      s.name,
      `${ms(s.coldStartCpuMs)} / ${ms(s.worstCpuMs)}`,
      ...SIZES.map((mb) => `${ms(onLambdaMs(s.coldStartCpuMs, mb))} / ${ms(onLambdaMs(s.worstCpuMs, mb))}`),
    ])
    const loadHeaders = [
      'Function',
      'Load',
      'n',
      'Median',
      'Max',
      'CPU median',
      'CPU max',
      'Peak heap / after major GC',
      'Peak RSS so far',
    ]
    const loadRows = [
      ...byLabel(http.instance).map((l) => ['HTTP', l] as const),
      ...[small, large, heavy, ...(idle ? [idle] : [])].flatMap((r) =>
        byLabel(r.instance).map((l) => ['Planner', l] as const),
      ),
      ...[unpaced, heavySend, paced].flatMap((r) => byLabel(r.instance).map((l) => ['Sender', l] as const)),
      ...byLabel(feedback.instance).map((l) => ['Feedback', l] as const),
      ...byLabel(websub.instance).map((l) => ['WebSub', l] as const),
    ].map(([name, l]) => [
      name,
      l.label,
      String(l.n),
      ms(l.medianMs),
      ms(l.maxMs),
      ms(l.medianCpuMs),
      ms(l.maxCpuMs),
      `${mib(l.peakHeapUsed)} / ${l.liveAfterGc === 0 ? '–' : mib(l.liveAfterGc)} MiB`,
      `${mib(l.peakRss)} MiB`,
    ])
    const extrapolationLines = [
      `Planner, per due subscriber (slope ${fmt(SMALL)} → ${fmt(LARGE)}): ${round(slope.msPerSubscriber, 3)} ms wall, ` +
        `${round(slope.cpuMsPerSubscriber, 3)} ms CPU; fixed part ${ms(fixed.ms)} (CPU ${ms(fixed.cpuMs)}).`,
      `Due subscribers one 300 s run plans: ${fmt(extrapolation.dueSubscribersIn300s.here)} here; CPU-bound on Lambda ` +
        `${fmt(extrapolation.dueSubscribersIn300s.lambda1024MbCpuBound)} at 1,024 MB, ${fmt(extrapolation.dueSubscribersIn300s.lambda1769MbCpuBound)} at 1,769 MB.`,
      ...(idle
        ? [
            `Hourly run with nobody due: ${round(extrapolation.idleMsPerSubscriber! * 1000, 1)} µs wall, ` +
              `${round(extrapolation.idleCpuMsPerSubscriber! * 1000, 1)} µs CPU per subscriber in the audience.`,
          ]
        : []),
    ]
    const machineLine =
      `${machine.date} · ${machine.commit} · node ${machine.node} · ${machine.cpus} CPUs (${machine.cpuModel}) · ` +
      `${machine.platform} · load at start ${machine.loadAvgAtStart.join(' ')} · nice ${machine.niceness} · total ${results.totalSeconds} s`
    console.log(
      [
        '',
        machineLine,
        '',
        ...plainTable(headers, rows),
        '',
        ...plainTable(estimateHeaders, estimateRows),
        '',
        ...plainTable(loadHeaders, loadRows),
        '',
        ...extrapolationLines,
      ].join('\n'),
    )
    console.log(
      [
        '',
        '---- Markdown ----',
        '',
        `${machineLine}`,
        '',
        ...markdownTable(headers, rows),
        '',
        ...markdownTable(estimateHeaders, estimateRows),
        '',
        ...markdownTable(loadHeaders, loadRows),
        '',
        ...extrapolationLines,
      ].join('\n'),
    )
    console.log(`\nJSON: ${join('bench', 'results', 'lambda-sizing.json')}`)
  } finally {
    clients.client.destroy()
    await sqs.close()
    await ses.close()
    await dynamo.close()
    rmSync(work, { recursive: true, force: true })
    log(`done in ${round((performance.now() - started) / 1000)} s`)
  }
}

// No process.exit on success: the process ending by itself shows that every server and child closed.
await main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
