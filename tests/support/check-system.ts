/**
 * `npm test`'s first step: one line naming every missing system package and the command that installs
 * them, instead of a dozen tests failing one by one for the same reason.
 */
import { missingPackages } from './system-packages'

const missing = missingPackages()
if (missing.length > 0) {
  const names = missing.map((pkg) => `${pkg.name} (${pkg.usedFor})`).join(', ')
  console.error(`Missing system packages: ${names}. Install them with: npm run setup:system`)
  process.exit(1)
}
