/**
 * `npm run bench:lighthouse`: Lighthouse's mobile scores (Performance, Accessibility, Best Practices, SEO) for
 * the article and home pages of a Korean publication, the way `npm start` serves them: in-memory dynalite,
 * the real app on node:http (127.0.0.1), and the bundled Korean example published through the admin API.
 * Lighthouse (npm, 12.2.3) drives Debian's Chromium (/usr/bin/chromium) through chrome-launcher, with its
 * defaults: the mobile form factor and simulated throttling, so the performance score is computed from the
 * trace rather than measured on this machine's own (busy) cores. It is still a benchmark, not a test: the
 * score moves with CPU load, so each page is run BENCH_LIGHTHOUSE_RUNS times (default 3) and the median
 * reported, with every run in bench/results/lighthouse.json and the audits that cost points printed below.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import { startKoreanSite } from '../support/korean-site'
import { median } from '../support/stats'
import { markdownTable, plainTable } from '../support/table'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const HERE = dirname(fileURLToPath(import.meta.url))
const CHROMIUM = '/usr/bin/chromium'
const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu']
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const
const RUNS = Math.max(1, Math.floor(Number(process.env.BENCH_LIGHTHOUSE_RUNS) || 3))
/** The metrics behind the performance score, for reading a low one. */
const METRICS = [
  'first-contentful-paint',
  'largest-contentful-paint',
  'total-blocking-time',
  'cumulative-layout-shift',
  'speed-index',
]

type Category = (typeof CATEGORIES)[number]
interface Run {
  /** Lighthouse's whole report, written to bench/results/ for the page's median run, not kept in the summary. */
  lhr?: unknown
  scores: Record<Category, number>
  metrics: Record<string, string>
  /** Audits that cost points: category, id, score and what Lighthouse says about it. */
  losses: string[]
}

const log = (message: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`)

/** One Lighthouse run of `url` in the launched Chromium, with its default (mobile) settings. */
async function audit(url: string, port: number): Promise<Run> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: [...CATEGORIES],
  })
  if (result === undefined) throw new Error(`Lighthouse returned nothing for ${url}`)
  const { lhr } = result
  if (lhr.runtimeError !== undefined) throw new Error(`${url}: ${lhr.runtimeError.message}`)
  const scores = {} as Record<Category, number>
  const losses: string[] = []
  for (const category of CATEGORIES) {
    const { score, auditRefs } = lhr.categories[category]!
    scores[category] = Math.round((score ?? 0) * 100)
    for (const ref of auditRefs) {
      const found = lhr.audits[ref.id]
      if (ref.weight === 0 || found === undefined || found.score === null || found.score >= 1) continue
      const detail = found.displayValue === undefined ? '' : ` (${found.displayValue})`
      losses.push(`${category}: ${ref.id} ${found.score}${detail}: ${found.title}`)
    }
  }
  const metrics = Object.fromEntries(METRICS.map((id) => [id, lhr.audits[id]?.displayValue ?? '?']))
  // Lighthouse's own measure of how fast this machine ran at that moment: a loaded machine shows here first.
  metrics['benchmarkIndex'] = String(lhr.environment.benchmarkIndex)
  return { lhr, scores, metrics, losses }
}

async function main(): Promise<void> {
  const started = new Date()
  log('starting dynalite and the app')
  const site = await startKoreanSite('pressroom-bench-lighthouse')
  const pages = { article: `${site.siteUrl}/articles/${site.slug}`, home: `${site.siteUrl}/` }
  log(`launching ${CHROMIUM}`)
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROME_FLAGS })
  const runs: Record<string, Run[]> = {}
  try {
    for (const [name, url] of Object.entries(pages)) {
      runs[name] = []
      for (let i = 1; i <= RUNS; i++) {
        log(`${name}: run ${i} of ${RUNS}`)
        runs[name].push(await audit(url, chrome.port))
      }
    }
  } finally {
    chrome.kill()
    await site.stop()
  }

  const head = ['page', ...CATEGORIES.map((category) => `${category} (median of ${RUNS})`), 'runs']
  const body = Object.entries(runs).map(([name, list]) => [
    name,
    ...CATEGORIES.map((category) => String(median(list.map((run) => run.scores[category])))),
    list.map((run) => CATEGORIES.map((category) => run.scores[category]).join('/')).join(', '),
  ])
  console.log(plainTable(head, body).join('\n'))
  console.log()
  console.log(markdownTable(head, body).join('\n'))
  for (const [name, list] of Object.entries(runs)) {
    console.log(`\n${name}, metrics per run:`)
    for (const run of list) {
      console.log(`  ${[...METRICS, 'benchmarkIndex'].map((id) => `${id} ${run.metrics[id]}`).join(', ')}`)
    }
    const losses = [...new Set(list.flatMap((run) => run.losses))]
    console.log(`${name}, audits that cost points in any run:${losses.length === 0 ? ' none' : ''}`)
    for (const loss of losses) console.log(`  ${loss}`)
  }
  const out = join(HERE, '..', 'results')
  mkdirSync(out, { recursive: true })
  for (const [name, list] of Object.entries(runs)) {
    // The report of the run with the median performance score, for Lighthouse's viewer or a closer look.
    const middle = [...list].sort((a, b) => a.scores.performance - b.scores.performance)[list.length >> 1]!
    writeFileSync(join(out, `lighthouse-${name}.json`), JSON.stringify(middle.lhr))
  }
  const summary = Object.fromEntries(
    Object.entries(runs).map(([name, list]) => [name, list.map(({ lhr: _lhr, ...run }) => run)]),
  )
  writeFileSync(
    join(out, 'lighthouse.json'),
    JSON.stringify({ started: started.toISOString(), runsPerPage: RUNS, pages, runs: summary }, null, 2),
  )
  log(`every run in ${join(out, 'lighthouse.json')}, the median run's report in lighthouse-<page>.json`)
}

// No process.exit on success: the process ending by itself shows that the app, dynalite and Chromium closed.
main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
