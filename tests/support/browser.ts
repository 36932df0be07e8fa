import { chromium, type Browser } from 'playwright-core'

/** Debian's Chromium (apt-get install chromium); playwright never downloads a browser here. */
const CHROMIUM = '/usr/bin/chromium'

// Headless as root on a machine with no network beyond package registries: no sandbox, no GPU, and none
// of the background connections Chromium would otherwise keep trying.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
}
