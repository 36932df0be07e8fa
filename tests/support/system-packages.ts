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
  /** The same in Korean, for `npm run setup:system` with PUBLICATION_LANG=ko. */
  usedForKo: string
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
  {
    name: 'jing',
    usedFor: "Atom's RFC 4287 RELAX NG check",
    usedForKo: 'Atom의 RFC 4287 RELAX NG 검사',
    present: () => existsSync('/usr/bin/jing'),
  },
  {
    name: 'libxml2-utils',
    usedFor: 'xmllint, validating the sitemap against the sitemaps.org XML Schema',
    usedForKo: 'xmllint, sitemaps.org XML 스키마로 사이트맵 검증',
    present: () => existsSync('/usr/bin/xmllint'),
  },
  {
    name: 'python3-feedparser',
    usedFor: 'a real feed reader parsing RSS and Atom',
    usedForKo: 'RSS와 Atom을 읽는 실제 피드 리더',
    // Debian's interpreter on purpose: the python3 on PATH may be another build without feedparser.
    present: runs('/usr/bin/python3', ['-c', 'import feedparser']),
  },
  {
    name: 'chromium',
    usedFor: 'page tests (playwright-core)',
    usedForKo: '페이지 테스트 (playwright-core)',
    present: () => existsSync('/usr/bin/chromium'),
  },
  {
    name: 'spamassassin',
    usedFor: 'scoring a real digest',
    usedForKo: '실제 뉴스레터의 스팸 점수',
    present: () => existsSync('/usr/bin/spamassassin'),
  },
  {
    name: 'fonts-noto-cjk',
    usedFor: 'Korean text in browser screenshots',
    usedForKo: '브라우저 스크린샷의 한글',
    present: () => existsSync('/usr/share/fonts/opentype/noto'),
  },
  {
    name: 'default-jre-headless',
    usedFor: "AWS's DynamoDB Local (npm run test:dynamodb-local)",
    usedForKo: 'AWS의 DynamoDB Local (npm run test:dynamodb-local)',
    present: runs('java', ['-version']),
  },
]

export const missingPackages = (): SystemPackage[] => SYSTEM_PACKAGES.filter((pkg) => !pkg.present())
