/**
 * `node --import tsx bench/page-trace.ts`: what the renderer's main thread does while loading the article
 * and home pages, from a Chromium performance trace (playwright-core `browser.startTracing`, Debian's
 * /usr/bin/chromium, a 412 × 823 mobile viewport as Lighthouse uses). It prints, per page, the median over
 * BENCH_TRACE_RUNS loads (default 5) of the main thread's busy time and longest task, and the count of each
 * font call Chromium traces (each a synchronous call to the browser's font service). Counts do not move
 * with the machine's load, so they compare two versions of a page where Lighthouse's Total Blocking Time,
 * on a shared machine, cannot. Decision 017 used it to find the cost of a text favicon.
 */
import { chromium } from 'playwright-core'
import { startKoreanSite } from './support/korean-site'
import { median } from './support/stats'

const RUNS = Math.max(1, Math.floor(Number(process.env.BENCH_TRACE_RUNS) || 5))
const CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink',
  'loading',
  'fonts',
]
/** Trace events that are font work: lookups, the font service's calls, fallback searches, shaping. */
const FONT_EVENT =
  /GetFontPlatformData|onMatchFamilyStyle|onMakeFromStreamArgs|RenderStyleForStrike|Fallback|Shape/

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  ts: number
  dur?: number
  args: { name?: string }
}

/**
 * The main-thread events of the page's renderer: of the renderer main threads in the trace (a context's
 * first blank page has its own), the one that laid out most text.
 */
function pageMainThread(events: TraceEvent[]): TraceEvent[] {
  const mains = events.filter((event) => event.name === 'thread_name' && event.args.name === 'CrRendererMain')
  const on = (main: TraceEvent) =>
    events.filter((event) => event.pid === main.pid && event.tid === main.tid && event.ph === 'X')
  const shaping = (list: TraceEvent[]) => list.filter((event) => event.name.includes('ShapeText')).length
  const threads = mains.map(on).sort((a, b) => shaping(b) - shaping(a))
  if (threads[0] === undefined) throw new Error('no renderer main thread in the trace')
  return threads[0]
}

async function main(): Promise<void> {
  const site = await startKoreanSite('pressroom-bench-trace')
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  })
  const pages = { article: `${site.siteUrl}/articles/${site.slug}`, home: `${site.siteUrl}/` }
  try {
    for (const [name, url] of Object.entries(pages)) {
      const runs: { busy: number; longest: number; counts: Map<string, number> }[] = []
      for (let run = 0; run < RUNS; run++) {
        // A new context each time: a new renderer, with no fonts looked up yet, as a reader's first visit.
        const context = await browser.newContext({
          viewport: { width: 412, height: 823 },
          deviceScaleFactor: 1.75,
        })
        const page = await context.newPage()
        await browser.startTracing(page, { categories: CATEGORIES })
        await page.goto(url, { waitUntil: 'load' })
        // The icon is fetched and decoded after load; wait for the network to settle rather than a fixed time.
        await page.waitForLoadState('networkidle')
        const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] }
        await context.close()
        const events = pageMainThread(trace.traceEvents)
        const tasks = events.filter((event) => event.name === 'ThreadControllerImpl::RunTask')
        const counts = new Map<string, number>()
        for (const event of events) {
          if (FONT_EVENT.test(event.name)) counts.set(event.name, (counts.get(event.name) ?? 0) + 1)
        }
        const durations = tasks.map((task) => (task.dur ?? 0) / 1000)
        runs.push({ busy: durations.reduce((a, b) => a + b, 0), longest: Math.max(0, ...durations), counts })
      }
      const names = [...new Set(runs.flatMap((run) => [...run.counts.keys()]))].sort()
      console.log(
        `${name}: main thread busy ${median(runs.map((run) => run.busy)).toFixed(0)} ms, longest task ` +
          `${median(runs.map((run) => run.longest)).toFixed(0)} ms (medians of ${RUNS}, unthrottled)`,
      )
      for (const event of names) {
        console.log(`  ${event}: ${median(runs.map((run) => run.counts.get(event) ?? 0))}`)
      }
    }
  } finally {
    await browser.close()
    await site.stop()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
