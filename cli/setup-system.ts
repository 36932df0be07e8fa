/**
 * `npm run setup:system`: installs the Debian packages the test suite needs (see
 * tests/support/system-packages.ts). As root on Debian or Ubuntu it runs apt-get; anywhere else it prints
 * what to install, since package names and managers differ.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { missingPackages } from '../tests/support/system-packages'
import { cliMessages } from './messages'

const m = cliMessages().setupSystem

const missing = missingPackages()
if (missing.length === 0) {
  console.log(m.allInstalled)
  process.exit(0)
}
const names = missing.map((pkg) => pkg.name)
const isRoot = process.getuid?.() === 0
if (!existsSync('/usr/bin/apt-get') || !isRoot) {
  console.log(m.installThese(names))
  for (const pkg of missing) console.log(m.packageLine(pkg.name, { en: pkg.usedFor, ko: pkg.usedForKo }))
  process.exit(1)
}
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], {
  stdio: 'inherit',
  env,
})
const still = missingPackages()
if (still.length > 0) {
  console.error(m.stillMissing(still.map((pkg) => pkg.name)))
  process.exit(1)
}
console.log(m.installed(names))
