/**
 * `npm run bench`: runs the benchmark scenarios in bench/scenarios/, one after another, each in its own Node
 * process (each starts and stops its own emulators, and none may measure another's leftovers).
 *
 *   npm run bench                    # feeds, digest, subscribe, lighthouse (about 10 minutes)
 *   npm run bench -- digest          # one scenario, or several, in the order given
 *
 * A scenario is also a script of its own: `node --import tsx bench/scenarios/<name>.ts`, with the knobs its
 * header lists. Each writes its figures to bench/results/ and prints its table.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const SCENARIOS = join(dirname(fileURLToPath(import.meta.url)), 'scenarios')
/** What `npm run bench` runs; the other scenarios are run by name (BENCHMARKS.md says when). */
const DEFAULT = ['feeds', 'digest', 'subscribe', 'lighthouse']

function runScenario(name: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(SCENARIOS, `${name}.ts`)], {
      stdio: 'inherit',
    })
    child.once('error', reject)
    child.once('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)))
  })
}

async function main(): Promise<void> {
  const names = process.argv.slice(2)
  const chosen = names.length > 0 ? names : DEFAULT
  const unknown = chosen.filter((name) => !existsSync(join(SCENARIOS, `${name}.ts`)))
  if (unknown.length > 0) {
    console.error(`No such bench scenario: ${unknown.join(', ')} (see bench/scenarios/)`)
    process.exit(2)
  }
  for (const name of chosen) {
    console.log(`\n=== bench: ${name} ===`)
    const code = await runScenario(name)
    if (code !== 0) {
      console.error(`bench: ${name} failed (exit ${code}); the scenarios after it did not run`)
      process.exit(code)
    }
  }
}

await main()
