/**
 * The feed benchmark (`npm run bench -- feeds`, also the first of `npm run bench`): how fast the published feed is served, measured against a bare node:http server that
 * sends the very same bytes. One process: in-memory dynalite, 50 long-form articles written through the
 * real core, the real Hono app on @hono/node-server, and wrk (/usr/bin/wrk) as the load generator.
 *
 * Knobs (environment): BENCH_DURATION (s per wrk round, default 4), BENCH_ROUNDS (default 3),
 * BENCH_CONNECTIONS (default 32), BENCH_THREADS (default 2), BENCH_BUILDS (timed feed builds, default 15),
 * BENCH_POLLS (polls of each kind counted for DynamoDB requests, default 100), BENCH_GZIP (0 skips the gzip extra),
 * BENCH_BODY_BYTES (bodyHtml bytes each article reaches at least, default 4500).
 */
import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import {
  Agent,
  createServer,
  get as httpGet,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
  type RequestListener,
  type Server,
} from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { gunzipSync } from 'node:zlib'
import { createDynamoClients } from '../../functions/clients'
import { DynamoArticleStore } from '../../functions/adapters/dynamodb/article-store'
import { ensureTable } from '../../functions/adapters/dynamodb/ensure-table'
import type { Article } from '../../functions/core/article'
import { createArticle, parseArticleInput } from '../../functions/core/articles'
import { articleSummary, buildFeeds } from '../../functions/core/feed'
import { renderMarkdown } from '../../functions/core/markdown'
import type { Clock } from '../../functions/core/ports'
import type { Publication } from '../../functions/core/publication'
import { loadConfig } from '../../functions/config'
import { buildHttpDeps } from '../../functions/http/deps'
import { createApp, type PressroomApp } from '../../functions/http/app'
import { nodeListener } from '../../functions/http/node-listener'
import { markdownTable, plainTable } from '../support/table'
import { FeedCache } from '../../functions/http/feed-cache'
import { Representation } from '../../functions/http/representation'
import { startDynalite, type RunningServer } from '../../infra/local/emulators'
import { median, quantile, round, sleep } from '../support/stats'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const HERE = dirname(fileURLToPath(import.meta.url))
const WRK = '/usr/bin/wrk'
const intEnv = (name: string, fallback: number) => {
  const value = Number(process.env[name])
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback
}
const DURATION_S = intEnv('BENCH_DURATION', 4)
const ROUNDS = intEnv('BENCH_ROUNDS', 3)
const CONNECTIONS = intEnv('BENCH_CONNECTIONS', 32)
const THREADS = intEnv('BENCH_THREADS', 2)
const BUILDS = intEnv('BENCH_BUILDS', 15)
const POLLS = intEnv('BENCH_POLLS', 100)
const UNSETTLED_POLLS = 8
const GZIP_EXTRA = process.env.BENCH_GZIP !== '0'
const ARTICLE_COUNT = 50
const FEED_SIZE = 50
const TARGET_BODY_HTML_BYTES = intEnv('BENCH_BODY_BYTES', 4_500)
const HOUR_MS = 3_600_000

// ---------------------------------------------------------------------------------------------- helpers

const kb = (bytes: number) => `${round(bytes / 1024, 1)} KiB`
const log = (message: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`)

/** A clock the bench moves by hand while writing, then lets run on real time. */
class BenchClock implements Clock {
  private fixed: Date | undefined
  set(date: Date): void {
    this.fixed = date
  }
  useRealTime(): void {
    this.fixed = undefined
  }
  now(): Date {
    return new Date(this.fixed ?? Date.now())
  }
}

/** Deterministic PRNG (mulberry32), so every run writes the same articles. */
function prng(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// ------------------------------------------------------------------------------------ article fixtures

const KO_SENTENCES = [
  '반도체 수출은 3개월 연속 증가세를 이어 갔고, 메모리 가격 회복이 실적 개선을 이끌었다.',
  '한국은행은 기준금리를 동결하면서도 가계부채 증가 속도에 대해 경계감을 드러냈다.',
  '전문가들은 내년 상반기까지 원·달러 환율이 높은 수준에서 등락할 것으로 내다봤다.',
  '정부는 지역 균형 발전을 위해 수도권 밖 산업단지에 대한 세제 혜택을 확대하기로 했다.',
  '청년 고용률은 소폭 올랐지만 체감 실업률은 여전히 높은 수준에 머물러 있다.',
  '부동산 시장에서는 거래량이 회복되는 가운데 전세 가격이 다시 오르는 흐름이 나타났다.',
  '중소기업 대출 연체율이 상승하면서 금융당국은 충당금 적립 기준을 점검하고 있다.',
  '기후 위기 대응을 위한 탄소중립 로드맵이 산업계의 투자 계획에 영향을 주고 있다.',
  '인공지능 반도체 수요가 늘면서 고대역폭 메모리(HBM) 생산 능력 확보 경쟁이 치열해졌다.',
  '소비자물가 상승률은 2%대 중반으로 내려왔지만 외식 물가는 여전히 부담으로 남아 있다.',
]
const EN_SENTENCES = [
  'Exports of memory chips rose for a third straight month, helped by a recovery in DRAM contract prices.',
  'The Bank of Korea held its policy rate steady but warned that household debt is growing too quickly.',
  'Analysts expect the won to stay weak against the dollar until at least the middle of next year.',
  'Officials said the new tax credits are meant to draw factories away from the capital region.',
  'Youth employment improved slightly, yet the broader measure of joblessness remains stubbornly high.',
  'Housing transactions picked up in the third quarter while jeonse deposits started climbing again.',
  'Regulators are reviewing provisioning rules as delinquencies on small-business loans edge higher.',
  'The carbon-neutrality roadmap is already reshaping capital spending plans across heavy industry.',
  'Demand for AI accelerators has set off a race to expand high-bandwidth memory (HBM) capacity.',
  'Headline inflation has eased to the mid-2% range, but restaurant prices are still a burden.',
]
// Body text is drawn word by word from these pools, so it compresses roughly like prose (gzip about 3-4:1)
// rather than like a few sentences repeated (25:1), which would flatter the gzip figures.
const KO_NOUNS = (
  '반도체 수출 메모리 가격 회복 실적 개선 한국은행 기준금리 가계부채 증가 속도 전문가 환율 상반기 정부 지역 ' +
  '균형 발전 수도권 산업단지 세제 혜택 청년 고용률 실업률 부동산 시장 거래량 전세 중소기업 대출 연체율 ' +
  '금융당국 충당금 기후 위기 탄소중립 로드맵 산업계 투자 계획 인공지능 수요 생산 능력 경쟁 소비자물가 ' +
  '상승률 외식 물가 부담 재정 적자 국채 금리 채권 주식 코스피 외국인 기관 개인 매수 매도 원자재 유가 ' +
  '물류 공급망 조선 자동차 배터리 전기차 수주 계약 협상 관세 무역 흑자 적자 경상수지 성장률 전망치 ' +
  '통계청 기획재정부 국회 예산안 세수 법인세 소득세 임금 노동 시간 출산율 고령화 연금 개혁 의료 교육 ' +
  'HBM AI GDP ETF OECD IMF Fed CPI'
).split(' ')
const KO_VERBS = (
  '늘었다 줄었다 전망했다 밝혔다 발표했다 분석했다 우려했다 강조했다 이어졌다 나타났다 확대됐다 ' +
  '둔화됐다 반등했다 하락했다 상승했다 지적했다 평가했다 설명했다 예상된다 관측된다'
).split(' ')
const EN_WORDS = (
  'the a of to in and for on with as by at from that which while after before since despite amid over ' +
  'exports imports chips memory prices recovery earnings bank policy rate household debt growth won dollar ' +
  'analysts officials government region tax credits factories capital youth employment jobless housing ' +
  'transactions deposits regulators provisions loans delinquencies carbon roadmap industry spending demand ' +
  'accelerators capacity inflation restaurants budget deficit bonds yields equities investors foreign ' +
  'institutional retail commodities oil logistics supply shipbuilding cars batteries electric orders tariffs ' +
  'trade surplus account forecast statistics ministry parliament revenue wages labour hours fertility ' +
  'ageing pensions reform healthcare education rose fell expected warned said estimated reported noted ' +
  'slowed rebounded climbed dropped widened narrowed remained stayed signalled argued quarter month year ' +
  'percent billion trillion record highest lowest since early late strong weak steady sharp modest'
).split(' ')
const HEADINGS = ['핵심 요약', 'Background', '시장 반응', 'What comes next', '전망', 'Data notes']
const TAGS = ['경제', 'economy', '반도체', 'policy', '금융', 'markets', '부동산', 'energy']

function articleMarkdown(
  index: number,
  english: boolean,
  renderedBytes: (markdown: string) => number,
): string {
  const random = prng(1_000 + index)
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!
  const number = () =>
    pick([
      `${(random() * 9.9).toFixed(1)}%`,
      `${Math.floor(random() * 900) + 10}억 원`,
      `${2020 + Math.floor(random() * 8)}년`,
    ])
  const koSentence = () => {
    const words = Array.from({ length: 5 + Math.floor(random() * 6) }, (_, i) => {
      const noun = i === 2 && random() < 0.4 ? number() : pick(KO_NOUNS)
      const code = noun.charCodeAt(noun.length - 1) - 0xac00
      const batchim = code >= 0 && code < 11172 && code % 28 !== 0
      return `${noun}${random() < 0.6 ? pick(batchim ? ['은', '이', '을', '과', '의'] : ['는', '가', '를', '와', '의']) : ''}`
    })
    return `${words.join(' ')} ${pick(KO_VERBS)}.`
  }
  const enSentence = () => {
    const words = Array.from({ length: 9 + Math.floor(random() * 9) }, (_, i) =>
      i === 4 && random() < 0.4
        ? number().replace('억 원', ' billion won').replace('년', '')
        : pick(EN_WORDS),
    )
    const text = words.join(' ')
    return `${text[0]!.toUpperCase()}${text.slice(1)}.`
  }
  // Korean articles quote English sources now and then; English ones quote Korean officials.
  const sentence = () => (random() < 0.3 !== english ? enSentence() : koSentence())
  const blocks: string[] = []
  let section = 0
  while (true) {
    if (blocks.length % 4 === 0) blocks.push(`## ${HEADINGS[section++ % HEADINGS.length]}`)
    const kind = random()
    if (kind < 0.15) blocks.push([sentence(), sentence(), sentence()].map((line) => `- ${line}`).join('\n'))
    else if (kind < 0.25) blocks.push(`> ${sentence()}`)
    else {
      const link =
        random() < 0.4 ? ` [Source](https://data.example.org/report/${index}-${blocks.length})` : ''
      blocks.push(`${sentence()} **${sentence()}** ${sentence()}${link}`)
    }
    const markdown = blocks.join('\n\n')
    if (renderedBytes(markdown) >= TARGET_BODY_HTML_BYTES) return markdown
  }
}

// ----------------------------------------------------------------------------------------- DynamoDB counter

type DynamoCounts = Record<string, number>

/** Counts every request the SDK sends (per attempt, so a retry would count twice) by its X-Amz-Target. */
function countDynamoRequests(client: ReturnType<typeof createDynamoClients>['client']) {
  const counts: DynamoCounts = {}
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string> } | undefined
      const target = request?.headers?.['x-amz-target'] ?? request?.headers?.['X-Amz-Target'] ?? 'unknown'
      const operation = target.split('.').at(-1)!
      counts[operation] = (counts[operation] ?? 0) + 1
      return next(args)
    },
    { step: 'finalizeRequest', priority: 'low', name: 'benchRequestCounter' },
  )
  return {
    snapshot: (): DynamoCounts => ({ ...counts }),
    since: (before: DynamoCounts): DynamoCounts => {
      const delta: DynamoCounts = {}
      for (const [key, value] of Object.entries(counts)) {
        const diff = value - (before[key] ?? 0)
        if (diff !== 0) delta[key] = diff
      }
      return delta
    },
  }
}

// ---------------------------------------------------------------------------------------------- servers

interface Listening {
  url: string
  close(): Promise<void>
}

function closeHttp(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

async function serveApp(listener: RequestListener): Promise<Listening> {
  const server = createServer(listener)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, close: () => closeHttp(server) }
}

/** The floor: node:http answering from precomputed Buffers and header objects, no routing, no DB. */
async function serveBare(options: {
  etag: string
  ok: { headers: OutgoingHttpHeaders; body: Buffer }
  notModified: { headers: OutgoingHttpHeaders }
  gzip?: { headers: OutgoingHttpHeaders; body: Buffer }
}): Promise<Listening> {
  const server = createServer((req, res) => {
    if (req.headers['if-none-match'] === options.etag) {
      res.writeHead(304, options.notModified.headers)
      res.end()
    } else if (options.gzip !== undefined && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      res.writeHead(200, options.gzip.headers)
      res.end(options.gzip.body)
    } else {
      res.writeHead(200, options.ok.headers)
      res.end(options.ok.body)
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, close: () => closeHttp(server) }
}

interface RawResponse {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

// Like wrk: keep-alive, and no Accept-Encoding unless a test adds one (fetch() would offer gzip and decode).
const clientAgent = new Agent({ keepAlive: true })

function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers, agent: clientAgent }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
      )
      res.on('error', reject)
    }).on('error', reject)
  })
}

/** The response's headers minus those node:http writes itself on every response. */
function replayableHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const skip = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding'])
  return Object.fromEntries(Object.entries(headers).filter(([key]) => !skip.has(key)))
}

// ------------------------------------------------------------------------------------------------- wrk

interface WrkResult {
  requestsPerSec: number
  requests: number
  bytesRead: number
  bytesPerResponse: number
  latencyMs: { p50: number; p90: number; p99: number }
  non2xx3xx: number
  socketErrors: number
}

const run = promisify(execFile)

function parseSize(value: string, unit: string): number {
  const scale: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }
  return Number(value) * (scale[unit] ?? 1)
}

function parseDuration(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim())
  if (!match) return Number.NaN
  const scale: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 }
  return Number(match[1]) * scale[match[2]!]!
}

async function wrk(url: string, headers: string[], durationS: number): Promise<WrkResult> {
  const args = [`-t${THREADS}`, `-c${CONNECTIONS}`, `-d${durationS}s`, '--latency']
  for (const header of headers) args.push('-H', header)
  args.push(url)
  const { stdout } = await run(WRK, args, { timeout: (durationS + 30) * 1000 })
  const grab = (pattern: RegExp) => pattern.exec(stdout)
  const summary = grab(/(\d+) requests in [\d.]+\w+, ([\d.]+)(B|KB|MB|GB) read/)
  const rps = grab(/Requests\/sec:\s+([\d.]+)/)
  if (!summary || !rps) throw new Error(`Could not parse wrk output:\n${stdout}`)
  const requests = Number(summary[1])
  const bytesRead = parseSize(summary[2]!, summary[3]!)
  const latency = (p: string) => parseDuration(grab(new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm'))?.[1] ?? '')
  const socket = grab(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/)
  return {
    requestsPerSec: Number(rps[1]),
    requests,
    bytesRead,
    bytesPerResponse: requests > 0 ? bytesRead / requests : 0,
    latencyMs: { p50: latency('50'), p90: latency('90'), p99: latency('99') },
    non2xx3xx: Number(grab(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0),
    socketErrors: socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
  }
}

// ------------------------------------------------------------------------------------------------- main

interface Comparison {
  name: string
  /** app: the real app (version TTL 1 s); stub: the same app reading the version every poll; bare: node:http floor. */
  runs: { app: WrkResult[]; stub: WrkResult[]; bare: WrkResult[] }
  medianRps: { app: number; stub: number; bare: number }
  ratio: number
  stubRatio: number
}

function summarise(name: string, runs: Comparison['runs']): Comparison {
  const medianRps = {
    app: median(runs.app.map((r) => r.requestsPerSec)),
    stub: median(runs.stub.map((r) => r.requestsPerSec)),
    bare: median(runs.bare.map((r) => r.requestsPerSec)),
  }
  return {
    name,
    runs,
    medianRps,
    ratio: medianRps.app / medianRps.bare,
    stubRatio: medianRps.stub / medianRps.bare,
  }
}

async function main(): Promise<void> {
  const started = performance.now()
  const cleanups: (() => Promise<void>)[] = []
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined)
    cleanups.length = 0
  }
  try {
    await benchmark(cleanups)
  } finally {
    await stopAll()
    log(`done in ${round((performance.now() - started) / 1000, 1)} s; all servers stopped`)
  }
}

async function benchmark(cleanups: (() => Promise<void>)[]): Promise<void> {
  const wrkVersion = (
    await run(WRK, ['-v']).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }))
  ).stdout
    .split('\n')[0]!
    .trim()
  const pkg = (name: string) =>
    (
      JSON.parse(readFileSync(join(HERE, '..', '..', 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string
      }
    ).version
  const git = async (...args: string[]) =>
    (await run('git', args, { cwd: join(HERE, '..', '..') }).catch(() => ({ stdout: '' }))).stdout.trim()
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
    wrk: wrkVersion,
    hono: pkg('hono'),
    honoNodeServer: pkg('@hono/node-server'),
  }
  log(
    `node ${machine.node}, ${machine.cpus} CPUs (${machine.cpuModel}), load ${machine.loadAvgAtStart.join(' ')}`,
  )

  // 1. Setup -----------------------------------------------------------------------------------------
  const setupStart = performance.now()
  const dynamo: RunningServer = await startDynalite({ port: 0, host: '127.0.0.1' })
  cleanups.push(() => dynamo.close())
  cleanups.push(async () => clientAgent.destroy())
  const { client, document } = createDynamoClients({ region: 'us-east-1', endpoint: dynamo.url })
  cleanups.push(async () => client.destroy())
  const counter = countDynamoRequests(client)
  const tableName = `bench-${randomUUID()}`
  await ensureTable(client, tableName)

  const clock = new BenchClock()
  const publication: Publication = {
    title: 'Pressroom Bench',
    description: '경제와 정책을 깊이 있게 다루는 분석 — analysis of the Korean economy',
    lang: 'ko',
    author: 'Pressroom Desk',
    siteUrl: 'https://news.example.com',
    feedSize: FEED_SIZE,
  }
  // The HTTP function's own builder, on the instrumented client; what the feed benchmark never does (take
  // subscriptions, send email) fails loudly if that ever changes.
  const config = loadConfig({
    TABLE_NAME: tableName,
    AWS_REGION: 'us-east-1',
    DYNAMODB_ENDPOINT: dynamo.url,
    SITE_URL: publication.siteUrl,
    ADMIN_TOKEN: `bench-${randomUUID()}`,
    TOKEN_SECRET: randomUUID() + randomUUID(),
    // The production default: one version read serves the polls of the next second.
    FEED_VERSION_TTL_MS: '1000',
  })
  const deps = await buildHttpDeps(config, {
    clients: { dynamo: { client, document } },
    overrides: {
      clock,
      publication,
      subscribeRequests: {
        record: () => Promise.reject(new Error('the feed benchmark takes no subscriptions')),
        get: () => Promise.reject(new Error('the feed benchmark takes no subscriptions')),
        finish: () => Promise.reject(new Error('the feed benchmark takes no subscriptions')),
      },
      confirmations: {
        enqueue: () => Promise.reject(new Error('the feed benchmark takes no subscriptions')),
      },
      mailer: { send: () => Promise.reject(new Error('the feed benchmark sends no email')) },
      renderConfirmation: () => {
        throw new Error('the feed benchmark renders no email')
      },
    },
  })
  const { articles } = deps

  // Writes are one hour apart and end 10 hours ago, so the newest write is long past FeedCache's 3 s settle
  // window once the clock switches to real time: the first build after setup is kept.
  const firstWrite = Date.now() - (ARTICLE_COUNT - 1 + 10) * HOUR_MS
  const renderedBytes = (markdown: string) => Buffer.byteLength(renderMarkdown(markdown))
  const beforeWrites = counter.snapshot()
  for (let index = 0; index < ARTICLE_COUNT; index++) {
    clock.set(new Date(firstWrite + index * HOUR_MS))
    const english = index % 5 === 4
    const body = articleMarkdown(index, english, renderedBytes)
    await createArticle(
      { articles, clock, publication, audit: deps.audit },
      parseArticleInput({
        title: english
          ? `Chip exports and the won: briefing no. ${index + 1}`
          : `반도체 수출과 환율 전망 ${index + 1}호: HBM 경쟁의 의미`,
        // Half the articles carry an editor's dek; the others get an excerpt of the body in the feed.
        summary: index % 2 === 0 ? (english ? EN_SENTENCES[index % 10] : KO_SENTENCES[index % 10]) : '',
        body,
        ...(english && { lang: 'en' }),
        tags: [TAGS[index % TAGS.length]!, TAGS[(index * 3 + 1) % TAGS.length]!],
        status: 'published',
      }),
    )
  }
  const writeRequests = counter.since(beforeWrites)
  clock.useRealTime()
  const stored = await articles.listPublished({ limit: FEED_SIZE })
  if (stored.length !== ARTICLE_COUNT)
    throw new Error(`Expected ${ARTICLE_COUNT} published articles, got ${stored.length}`)
  const bodyBytes = stored.map((article) => Buffer.byteLength(article.bodyHtml))
  const setupMs = performance.now() - setupStart
  log(
    `setup: ${ARTICLE_COUNT} articles written in ${round(setupMs)} ms (bodyHtml median ${median(bodyBytes)} B)`,
  )

  // 2. Feed build, cold --------------------------------------------------------------------------------
  const timeBuilds = (input: Article[], runs: number, warmUps = 5) => {
    for (let i = 0; i < warmUps; i++) buildFeeds(publication, input) // warm-up (JIT, html-to-text, Intl.Segmenter)
    const samples: number[] = []
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now()
      buildFeeds(publication, input)
      samples.push(performance.now() - t0)
    }
    return { medianMs: median(samples), p90Ms: quantile(samples, 0.9), minMs: Math.min(...samples), runs }
  }
  const documents = buildFeeds(publication, stored)
  const feedBytes = {
    rss: Buffer.byteLength(documents.rss),
    atom: Buffer.byteLength(documents.atom),
    json: Buffer.byteLength(documents.json),
  }
  const build = timeBuilds(stored, BUILDS)
  log(
    `buildFeeds (50 items, RSS ${kb(feedBytes.rss)}): median ${round(build.medianMs)} ms over ${BUILDS} runs`,
  )

  // Diagnostics: what the build spends on summaries. Same articles, dek removed from all / given to all.
  const allExcerpts = timeBuilds(
    stored.map((article) => ({ ...article, summary: '' })),
    8,
    2,
  )
  const allDeks = timeBuilds(
    stored.map((article) => ({ ...article, summary: article.summary || 'Dek.' })),
    8,
    2,
  )
  const summarySamples: number[] = []
  const noDek = stored.filter((article) => article.summary === '')
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now()
    for (const article of noDek) articleSummary(article)
    summarySamples.push((performance.now() - t0) / noDek.length)
  }
  const excerptMsPerArticle = median(summarySamples)
  log(
    `  all-excerpt build ${round(allExcerpts.medianMs)} ms, all-dek build ${round(allDeks.medianMs)} ms, ` +
      `one excerpt ${round(excerptMsPerArticle, 3)} ms`,
  )

  /** Sequential calls after warm-up: median wall time, and this process's CPU time per call (all threads). */
  const timeCalls = async (call: () => Promise<unknown>, warmUps: number, runs: number) => {
    for (let i = 0; i < warmUps; i++) await call()
    const samples: number[] = []
    const cpuBefore = process.cpuUsage()
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now()
      await call()
      samples.push(performance.now() - t0)
    }
    const cpu = process.cpuUsage(cpuBefore)
    return { medianMs: median(samples), cpuMsPerCall: (cpu.user + cpu.system) / 1000 / runs, runs }
  }

  // A full FeedCache miss, in process: GetItem + Query of 50 items + build + SHA-256 of three documents.
  const miss = await timeCalls(() => new FeedCache(deps).get(), 2, 8)
  const cacheMissMs = miss.medianMs
  const dynaliteGetItem = await timeCalls(() => articles.publicationVersion(), 20, 100)
  const getItemMs = dynaliteGetItem.medianMs
  const getItemCpuMs = dynaliteGetItem.cpuMsPerCall

  // Compressed variants are made on the first request that asks for one, once per build (synchronously).
  const variantMs = { gzip: [] as number[], br: [] as number[] }
  for (let i = 0; i < 4; i++) {
    for (const coding of ['gzip', 'br'] as const) {
      const representation = new Representation(documents.rss, 'application/rss+xml', new Date())
      const t0 = performance.now()
      representation.variant(coding)
      if (i > 0) variantMs[coding].push(performance.now() - t0)
    }
  }
  const firstVariantMs = { gzip: median(variantMs.gzip), br: median(variantMs.br) }
  log(
    `first gzip variant of the RSS ${round(firstVariantMs.gzip)} ms, first br variant ${round(firstVariantMs.br)} ms`,
  )

  // The same GetItem against a node:http endpoint that answers with canned bytes: the SDK's share
  // (signing, middleware, HTTP, parsing) without dynalite's. Real DynamoDB adds network time, not local CPU.
  const cannedItem = JSON.stringify({
    Item: {
      PK: { S: 'PUBLICATION' },
      SK: { S: 'VERSION' },
      version: { N: String((await articles.publicationVersion()).version) },
      updatedAt: { S: new Date().toISOString() },
    },
  })
  const canned = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(200, {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': cannedItem.length,
      })
      res.end(cannedItem)
    })
  })
  await new Promise<void>((resolve) => canned.listen(0, '127.0.0.1', () => resolve()))
  const cannedClients = createDynamoClients({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${(canned.address() as AddressInfo).port}`,
  })
  const cannedStore = new DynamoArticleStore(cannedClients.document, tableName)
  const cannedGetItem = await timeCalls(() => cannedStore.publicationVersion(), 20, 100)
  cannedClients.client.destroy()
  await closeHttp(canned)
  const sdkGetItemMs = cannedGetItem.medianMs
  const sdkGetItemCpuMs = cannedGetItem.cpuMsPerCall
  log(
    `FeedCache miss ${round(cacheMissMs)} ms; one GetItem: dynalite ${round(getItemMs, 3)} ms, canned endpoint ${round(sdkGetItemMs, 3)} ms`,
  )

  // Feeds rebuilt within FeedCache's 3 s settle window are served but not kept: every poll then rebuilds.
  // An app whose clock sits 1 s after the last write shows what a poll costs during that window.
  const lastWrite = (await articles.publicationVersion()).updatedAt!
  const unsettledApp = createApp({ ...deps, clock: { now: () => new Date(Date.parse(lastWrite) + 1_000) } })
  const beforeUnsettled = counter.snapshot()
  const unsettledSamples: number[] = []
  for (let i = 0; i < UNSETTLED_POLLS; i++) {
    const t0 = performance.now()
    const response = await unsettledApp.request('/feed.xml')
    await response.arrayBuffer()
    unsettledSamples.push(performance.now() - t0)
  }
  const unsettledCounts = counter.since(beforeUnsettled)
  const unsettled = {
    polls: UNSETTLED_POLLS,
    medianMs: round(median(unsettledSamples), 3),
    counts: unsettledCounts,
    queryPerPoll: (unsettledCounts.Query ?? 0) / UNSETTLED_POLLS,
  }
  log(`within settle window: ${unsettled.medianMs} ms per poll, ${JSON.stringify(unsettledCounts)}`)

  // 3-4. Servers -----------------------------------------------------------------------------------------
  // The app as `npm start` serves it (node-listener.ts), counting the requests it serves.
  const counted = (app: PressroomApp) => {
    const listener = nodeListener(app)
    const counter: { served: number; listener: RequestListener } = {
      served: 0,
      listener: (req, res) => (counter.served++, listener(req, res)),
    }
    return counter
  }
  const app = counted(createApp(deps))
  const appServer = await serveApp(app.listener)
  cleanups.push(() => appServer.close())

  // The same app with FEED_VERSION_TTL_MS=0: it reads the publication version (one GetItem) on every poll,
  // the strictest freshness setting. Comparing the two splits the app's cost between Hono and the GetItem.
  const stub = counted(createApp({ ...deps, feeds: { ...deps.feeds, versionTtlMs: 0 } }))
  const stubServer = await serveApp(stub.listener)
  cleanups.push(() => stubServer.close())

  // What the app sends, byte for byte; the bare server replays exactly these bodies and headers.
  const first = await rawGet(`${appServer.url}/feed.xml`)
  if (first.status !== 200) throw new Error(`GET /feed.xml answered ${first.status}`)
  if (first.headers['content-encoding'] !== undefined)
    throw new Error('The identity request came back encoded')
  const appBody = first.body
  const etag = String(first.headers.etag)
  const notModified = await rawGet(`${appServer.url}/feed.xml`, { 'if-none-match': etag })
  if (notModified.status !== 304) throw new Error(`If-None-Match answered ${notModified.status}`)
  if (!(await rawGet(`${stubServer.url}/feed.xml`)).body.equals(appBody))
    throw new Error('The version-every-poll app served other bytes')
  const gzipResponse = await rawGet(`${appServer.url}/feed.xml`, { 'accept-encoding': 'gzip' })
  if (gzipResponse.headers['content-encoding'] !== 'gzip') throw new Error('The app did not gzip')
  if (!gunzipSync(gzipResponse.body).equals(appBody)) throw new Error('The gzip body is not the same RSS')

  const bare = await serveBare({
    etag,
    ok: { headers: replayableHeaders(first.headers), body: appBody },
    notModified: { headers: replayableHeaders(notModified.headers) },
    gzip: { headers: replayableHeaders(gzipResponse.headers), body: gzipResponse.body },
  })
  cleanups.push(() => bare.close())
  for (const [headers, expected] of [
    [{}, first],
    [{ 'if-none-match': etag }, notModified],
    [{ 'accept-encoding': 'gzip' }, gzipResponse],
  ] as const) {
    const response = await rawGet(`${bare.url}/feed.xml`, headers)
    if (response.status !== expected.status || !response.body.equals(expected.body))
      throw new Error('The bare server does not answer like the app')
  }

  // 5. DynamoDB requests per unchanged poll ------------------------------------------------------------
  await sleep(1_000) // let the feed cache settle before anything is measured
  const beforePolls = counter.snapshot()
  // Counted on the version-every-poll app: the worst case. The default app reads at most once a second.
  for (let i = 0; i < POLLS; i++) {
    const response = await rawGet(`${stubServer.url}/feed.xml`)
    if (response.status !== 200) throw new Error(`poll answered ${response.status}`)
  }
  for (let i = 0; i < POLLS; i++) {
    const response = await rawGet(`${stubServer.url}/feed.xml`, { 'if-none-match': etag })
    if (response.status !== 304) throw new Error(`conditional poll answered ${response.status}`)
  }
  const pollCounts = counter.since(beforePolls)
  const perPoll = (operation: string) => (pollCounts[operation] ?? 0) / (2 * POLLS)
  const dynamoPerPoll = {
    polls: 2 * POLLS,
    counts: pollCounts,
    getItem: perPoll('GetItem'),
    query: perPoll('Query'),
    scan: perPoll('Scan'),
    batchGetItem: perPoll('BatchGetItem'),
  }
  log(`DynamoDB per poll over ${2 * POLLS} polls: ${JSON.stringify(pollCounts)}`)

  // wrk rounds, interleaved app / app reading the version every poll / bare ----------------------------------------------
  for (const server of [appServer, stubServer, bare]) await wrk(`${server.url}/feed.xml`, [], 1) // warm-up
  await sleep(1_000)

  const beforeLoad = counter.snapshot()
  const servedBeforeLoad = app.served
  const compare = async (name: string, headers: string[], rounds: number): Promise<Comparison> => {
    const runs: Comparison['runs'] = { app: [], stub: [], bare: [] }
    for (let r = 0; r < rounds; r++) {
      runs.app.push(await wrk(`${appServer.url}/feed.xml`, headers, DURATION_S))
      runs.stub.push(await wrk(`${stubServer.url}/feed.xml`, headers, DURATION_S))
      runs.bare.push(await wrk(`${bare.url}/feed.xml`, headers, DURATION_S))
      const rps = (k: keyof typeof runs) => round(runs[k].at(-1)!.requestsPerSec, 0)
      log(
        `${name} round ${r + 1}/${rounds}: app ${rps('app')}, app reading the version every poll ${rps('stub')}, bare ${rps('bare')} req/s`,
      )
    }
    return summarise(name, runs)
  }
  const full = await compare('200 /feed.xml', [], ROUNDS)
  const conditional = await compare('304 If-None-Match', [`If-None-Match: ${etag}`], ROUNDS)
  const gzip = GZIP_EXTRA ? await compare('200 gzip (extra)', ['Accept-Encoding: gzip'], 1) : undefined
  const loadCounts = counter.since(beforeLoad)
  const appServedUnderLoad = app.served - servedBeforeLoad
  const comparisons = [full, conditional, ...(gzip ? [gzip] : [])]

  for (const comparison of comparisons) {
    for (const [server, results] of Object.entries(comparison.runs)) {
      for (const result of results) {
        if (result.non2xx3xx > 0 || result.socketErrors > 0) {
          log(
            `WARNING ${comparison.name} ${server}: ${result.non2xx3xx} non-2xx/3xx, ${result.socketErrors} socket errors`,
          )
        }
      }
    }
  }

  // 6. Report ------------------------------------------------------------------------------------------
  const dynamoUnderLoad = {
    appRequestsServed: appServedUnderLoad,
    counts: loadCounts,
    getItemPerRequest: round((loadCounts.GetItem ?? 0) / appServedUnderLoad, 4),
    queryPerRequest: round((loadCounts.Query ?? 0) / appServedUnderLoad, 4),
  }
  const results = {
    machine,
    settings: {
      articles: ARTICLE_COUNT,
      feedSize: FEED_SIZE,
      wrk: `${WRK} -t${THREADS} -c${CONNECTIONS} -d${DURATION_S}s --latency`,
      rounds: ROUNDS,
      gzipRounds: gzip ? 1 : 0,
      aggregate:
        'median of rounds; each round runs app, app reading the version every poll, bare one after the other',
      builds: BUILDS,
      polls: 2 * POLLS,
    },
    setup: {
      ms: round(setupMs),
      bodyHtmlBytes: { min: Math.min(...bodyBytes), median: median(bodyBytes), max: Math.max(...bodyBytes) },
      articlesWithoutDek: noDek.length,
      writeRequests,
    },
    feedBytes,
    gzipRssBytes: gzipResponse.body.length,
    build: {
      ...build,
      medianMs: round(build.medianMs, 3),
      p90Ms: round(build.p90Ms, 3),
      minMs: round(build.minMs, 3),
    },
    buildDiagnostics: {
      allExcerptsMedianMs: round(allExcerpts.medianMs, 3),
      allDeksMedianMs: round(allDeks.medianMs, 3),
      oneExcerptMs: round(excerptMsPerArticle, 4),
    },
    cacheMissMs: round(cacheMissMs, 3),
    firstVariantMs: { gzip: round(firstVariantMs.gzip, 3), br: round(firstVariantMs.br, 3) },
    getItemMs: round(getItemMs, 3),
    sdkGetItemMs: round(sdkGetItemMs, 3),
    getItemCpuMs: round(getItemCpuMs, 3),
    sdkGetItemCpuMs: round(sdkGetItemCpuMs, 3),
    unsettled,
    dynamoPerPoll,
    dynamoUnderLoad,
    http: comparisons.map((c) => ({
      name: c.name,
      appMedianRps: round(c.medianRps.app, 1),
      everyPollVersionAppMedianRps: round(c.medianRps.stub, 1),
      bareMedianRps: round(c.medianRps.bare, 1),
      ratio: round(c.ratio, 3),
      everyPollVersionRatio: round(c.stubRatio, 3),
      runs: c.runs,
    })),
  }

  const resultsDir = join(HERE, '..', 'results')
  mkdirSync(resultsDir, { recursive: true })
  writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`)

  const detail = (runs: WrkResult[]) => {
    const mid = [...runs].sort((a, b) => a.requestsPerSec - b.requestsPerSec)[runs.length >> 1]!
    const each = runs.length > 1 ? `rounds ${runs.map((r) => round(r.requestsPerSec, 0)).join(', ')}; ` : ''
    return `${each}p50/p99 ${round(mid.latencyMs.p50)}/${round(mid.latencyMs.p99)} ms; ${kb(mid.bytesPerResponse)}/resp`
  }
  const rows: [string, string, string][] = [
    [
      'Setup: dynalite, table, 50 × createArticle',
      `${round(setupMs, 0)} ms`,
      `bodyHtml ${Math.min(...bodyBytes)}–${Math.max(...bodyBytes)} B (median ${median(bodyBytes)}); ${noDek.length} without dek`,
    ],
    [
      'Feed sizes RSS / Atom / JSON',
      `${kb(feedBytes.rss)} / ${kb(feedBytes.atom)} / ${kb(feedBytes.json)}`,
      `RSS as served ${appBody.length} B; its gzip variant ${kb(gzipResponse.body.length)}`,
    ],
    [
      'buildFeeds, 50 items (RSS+Atom+JSON)',
      `${round(build.medianMs, 1)} ms`,
      `median of ${BUILDS} after 5 warm-up; p90 ${round(build.p90Ms, 1)}, min ${round(build.minMs, 1)}`,
    ],
    [
      'buildFeeds if every item lacks / has a dek',
      `${round(allExcerpts.medianMs, 1)} / ${round(allDeks.medianMs, 1)} ms`,
      `articleSummary() without dek: ${round(excerptMsPerArticle, 2)} ms per call`,
    ],
    [
      'FeedCache miss (GetItem+Query+build+hash)',
      `${round(cacheMissMs, 1)} ms`,
      'in process, median of 8 after 2 warm-up',
    ],
    [
      'First gzip / br variant of the RSS',
      `${round(firstVariantMs.gzip, 1)} / ${round(firstVariantMs.br, 1)} ms`,
      'once per build, on the first request asking for it (gzip -9, brotli q9)',
    ],
    [
      'Poll within 3 s settle window',
      `${round(unsettled.medianMs, 1)} ms/poll`,
      `Query ${unsettled.queryPerPoll}/poll: rebuilt every time (app.request, ${UNSETTLED_POLLS} polls)`,
    ],
    [
      'One GetItem, dynalite in same process',
      `${round(getItemMs, 2)} ms`,
      `median of 100 sequential; process CPU ${round(getItemCpuMs, 2)} ms per call`,
    ],
    [
      'One GetItem, canned-response endpoint',
      `${round(sdkGetItemMs, 2)} ms`,
      `median of 100 (SDK + loopback HTTP only); process CPU ${round(sdkGetItemCpuMs, 2)} ms per call`,
    ],
    ...comparisons.flatMap((c): [string, string, string][] => [
      [`${c.name}: app`, `${round(c.medianRps.app, 0)} req/s`, detail(c.runs.app)],
      [
        `${c.name}: app, version read every poll (TTL 0)`,
        `${round(c.medianRps.stub, 0)} req/s`,
        detail(c.runs.stub),
      ],
      [`${c.name}: bare node:http`, `${round(c.medianRps.bare, 0)} req/s`, detail(c.runs.bare)],
      [
        `${c.name}: ratio app/bare`,
        `${round(c.ratio, 3)}`,
        `app reading the version every poll/bare ${round(c.stubRatio, 3)}`,
      ],
    ]),
    [
      'DynamoDB per unchanged poll',
      `GetItem ${dynamoPerPoll.getItem}, Query ${dynamoPerPoll.query}, Scan ${dynamoPerPoll.scan}`,
      `${2 * POLLS} sequential polls (${POLLS} × 200, ${POLLS} × 304)`,
    ],
    [
      'DynamoDB per app request under wrk',
      `GetItem ${dynamoUnderLoad.getItemPerRequest}, Query ${dynamoUnderLoad.queryPerRequest}`,
      `${appServedUnderLoad} requests counted at the server`,
    ],
  ]

  const machineLine =
    `${machine.date} · ${machine.commit} · node ${machine.node} · ${machine.cpus} CPUs (${machine.cpuModel}) · ` +
    `${machine.platform} · load at start ${machine.loadAvgAtStart.join(' ')} · ${machine.wrk.split(' [')[0]} · ` +
    `hono ${machine.hono}, @hono/node-server ${machine.honoNodeServer}`
  const wrkLine =
    `wrk -t${THREADS} -c${CONNECTIONS} -d${DURATION_S}s --latency; ${ROUNDS} rounds ` +
    `(gzip: ${gzip ? 1 : 0}), each round app → app reading the version every poll → bare; median of rounds reported`

  const head = ['Measure', 'Value', 'Notes']
  console.log(['', machineLine, wrkLine, '', ...plainTable(head, rows)].join('\n'))
  console.log('')
  console.log('---- Markdown ----')
  console.log(['', `${machineLine}  `, wrkLine, '', ...markdownTable(head, rows), ''].join('\n'))
  console.log(`JSON: ${join('bench', 'results', 'latest.json')}`)
}

// No process.exit on success: the process ending by itself is the check that every server and socket closed.
main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
