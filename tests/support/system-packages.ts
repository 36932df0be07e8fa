import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/**
 * The Debian packages the test suite runs real tools from, and how to tell each is there. One list for
 * `npm run setup:system` (installs them) and for `npm test`'s first step (names what is missing).
 */
export interface SystemPackage {
  /** The Debian package name. */
  name: string
  /** What the tests use it for, shown when it is missing. */
  usedFor: string
  present(): boolean
}

const runs = (command: string, args: string[]) => () => {
  try {
    execFileSync(command, args, { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

export const SYSTEM_PACKAGES: SystemPackage[] = [
  { name: 'jing', usedFor: "Atom's RFC 4287 RELAX NG check", present: () => existsSync('/usr/bin/jing') },
  {
    name: 'libxml2-utils',
    usedFor: 'xmllint, validating the sitemap against the sitemaps.org XML Schema',
    present: () => existsSync('/usr/bin/xmllint'),
  },
  {
    name: 'python3-feedparser',
    usedFor: 'a real feed reader parsing RSS and Atom',
    // Debian's interpreter on purpose: the python3 on PATH may be another build without feedparser.
    present: runs('/usr/bin/python3', ['-c', 'import feedparser']),
  },
  {
    name: 'chromium',
    usedFor: 'page tests (playwright-core)',
    present: () => existsSync('/usr/bin/chromium'),
  },
  {
    name: 'spamassassin',
    usedFor: 'scoring a real digest',
    present: () => existsSync('/usr/bin/spamassassin'),
  },
  {
    name: 'fonts-noto-cjk',
    usedFor: 'Korean text in browser screenshots',
    present: () => existsSync('/usr/share/fonts/opentype/noto'),
  },
  {
    name: 'default-jre-headless',
    usedFor: "AWS's DynamoDB Local (npm run test:dynamodb-local)",
    present: runs('java', ['-version']),
  },
]

export const missingPackages = (): SystemPackage[] => SYSTEM_PACKAGES.filter((pkg) => !pkg.present())
