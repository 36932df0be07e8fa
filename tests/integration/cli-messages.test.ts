import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliMessages } from '../../cli/messages'
import { describeSummary } from '../../cli/ses-event'
import type { SesEventProblem } from '../../cli/ses-event-problems'
import { SYSTEM_PACKAGES } from '../support/system-packages'
import { publishFile, type PublishTarget } from '../../cli/publish-files'
import { ADMIN_TOKEN, SITE_URL, createTestApp } from '../support/test-app'

const run = promisify(execFile)

/** Runs a CLI script as `npm run` does and returns its exit code and stderr. */
async function cli(script: string, args: string[], env: Record<string, string>) {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', script, ...args], {
      env: { ...process.env, ...env },
    })
    return { code: 0, stderr: '', stdout }
  } catch (error) {
    const failed = error as { code: number; stderr: string; stdout: string }
    return { code: failed.code, stderr: failed.stderr, stdout: failed.stdout }
  }
}

describe('CLI messages follow PUBLICATION_LANG', () => {
  let dir: string
  let target: (lang: string) => PublishTarget

  beforeAll(async () => {
    const t = await createTestApp()
    dir = await mkdtemp(join(tmpdir(), 'pressroom-cli-lang-'))
    target = (lang) => ({
      baseUrl: SITE_URL,
      token: ADMIN_TOKEN,
      fetch: (url, init) => t.app.request(url, init),
      messages: cliMessages({ PUBLICATION_LANG: lang }),
    })
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('prints npm run publish lines in Korean for ko, in English otherwise', async () => {
    // Prepare
    const path = join(dir, 'a.md')
    await writeFile(path, "---\ntitle: '반도체 수출 전망'\nslug: bandoche\n---\n본문.\n")

    // Act
    const created = await publishFile(path, target('ko'))
    const updated = await publishFile(path, target('en-GB'))
    const missing = await publishFile(join(dir, 'none.md'), target('ko-KR'))

    // Assess
    expect(created.line).toBe(`${SITE_URL}/articles/bandoche (새로 만듦, 발행됨)`)
    expect(updated.line).toBe(`${SITE_URL}/articles/bandoche (updated, published)`)
    expect(missing.line).toBe(`${join(dir, 'none.md')}: 파일이 없습니다`)
  })

  it('says how to use npm run publish and npm run digest in Korean, as the processes print it', async () => {
    // Act
    const publish = await cli('cli/publish.ts', [], { PUBLICATION_LANG: 'ko' })
    const digest = await cli('cli/digest.ts', ['--cadence', 'hourly'], { PUBLICATION_LANG: 'ko' })
    const english = await cli('cli/publish.ts', [], { PUBLICATION_LANG: 'en' })

    // Assess
    expect(publish).toMatchObject({
      code: 2,
      stderr: '사용법: npm run publish -- 글/경로.md [다른글.md ...]\n',
    })
    expect(digest).toMatchObject({
      code: 2,
      stderr: '사용법: npm run digest -- [--cadence daily|weekly|instant]\n',
    })
    expect(english.stderr).toBe('Usage: npm run publish -- path/to/article.md [more.md ...]\n')
  })

  it('sums up a digest run in Korean', () => {
    // Act
    const line = cliMessages({ PUBLICATION_LANG: 'ko' }).nothingToSend(
      {
        digests: [],
        considered: 3,
        planned: 0,
        requeued: 0,
        nothingNew: 3,
        notDue: 0,
        variants: 0,
        skippedSubscribers: 0,
        newestArticleAt: '2026-11-20T09:00:00.000Z',
        skipped: [],
      },
      'daily',
    )

    // Assess
    expect(line).toBe(
      '보낼 것이 없습니다: 매일 구독자 3명, 새 글이 없는 3명 (가장 최근 글: 2026-11-20 09:00 UTC).',
    )
  })

  it('says where the warm-up stands, in Korean and English', () => {
    const today = { day: '2026-12-02', cap: 100, plannedToday: 100, waiting: 37 }
    expect(cliMessages({ PUBLICATION_LANG: 'ko' }).warmUp(today)).toBe(
      '웜업 2026-12-02: 오늘 한도 100통 중 100통 계획됨, 다음 실행을 기다리는 구독자 37명.',
    )
    expect(
      cliMessages({ PUBLICATION_LANG: 'en' }).warmUp({ day: '2026-12-09', plannedToday: 0, waiting: 0 }),
    ).toBe('Warm-up schedule over (2026-12-09): no cap; 0 subscriber(s) wait for a later run.')
  })

  it('says how to use npm run ses-event, and what npm run setup:system found, in Korean', async () => {
    // Act (npm run smoke's Korean lines are checked where it runs, tests/e2e/smoke.test.ts)
    const sesEvent = await cli('cli/ses-event.ts', [], { PUBLICATION_LANG: 'ko' })
    const setup = await cli('cli/setup-system.ts', [], { PUBLICATION_LANG: 'ko' })

    // Assess
    expect(sesEvent).toMatchObject({
      code: 2,
      stderr:
        '사용법: npm run ses-event -- 알림.json [다른알림.json ...]\n' +
        '  또는: npm run ses-event -- --digest <id> [--type delivery|bounce|complaint] [--to <주소> ...]\n',
    })
    // The suite runs where every package is installed (npm test checks it first)
    expect(setup).toMatchObject({
      code: 0,
      stdout: '테스트에 필요한 시스템 패키지가 모두 설치되어 있습니다.\n',
    })
  })

  it('words an SES notification replay and a missing package in either language', () => {
    // Prepare
    const summary = { suppressed: ['a@example.com'], softBounced: [], unchanged: 1, unknown: 2, ignored: 0 }
    const ko = cliMessages({ PUBLICATION_LANG: 'ko-KR' })
    const en = cliMessages({ PUBLICATION_LANG: 'en' })
    const jing = SYSTEM_PACKAGES.find((pkg) => pkg.name === 'jing')!
    const usedFor = { en: jing.usedFor, ko: jing.usedForKo }

    // Act and assess
    expect(describeSummary(summary, ko.sesEvent)).toBe(
      '발송 중지: a@example.com; 이미 발송 중지된 주소 1개; 모르는 주소 2개',
    )
    expect(describeSummary(summary, en.sesEvent)).toBe(
      'suppressed a@example.com; 1 already suppressed; 2 unknown addresses',
    )
    expect(ko.setupSystem.packageLine('jing', usedFor)).toBe('  jing: Atom의 RFC 4287 RELAX NG 검사')
    expect(en.setupSystem.packageLine('jing', usedFor)).toBe("  jing: Atom's RFC 4287 RELAX NG check")
  })

  it('words every problem npm run ses-event can report in Korean, and in English otherwise', () => {
    // Prepare: one of each kind; the type makes a new kind fail to compile until it is added here
    const samples: { [K in SesEventProblem['kind']]: Extract<SesEventProblem, { kind: K }> } = {
      'not-json': { kind: 'not-json', detail: 'Unexpected token' },
      'not-object': { kind: 'not-object' },
      'no-type': { kind: 'no-type' },
      'no-bounce': { kind: 'no-bounce' },
      'no-complaint': { kind: 'no-complaint' },
      'no-recipient-list': { kind: 'no-recipient-list', field: 'bounce.bouncedRecipients' },
      'recipient-without-address': { kind: 'recipient-without-address', field: 'bounce.bouncedRecipients' },
      'no-such-file': { kind: 'no-such-file' },
      'is-folder': { kind: 'is-folder' },
      'no-json-object': { kind: 'no-json-object' },
      'records-empty': { kind: 'records-empty' },
      'record-without-message': { kind: 'record-without-message', index: 2 },
      'not-a-notification': { kind: 'not-a-notification', type: 'SubscriptionConfirmation' },
      'message-not-string': { kind: 'message-not-string' },
      'unknown-shape': { kind: 'unknown-shape' },
      'no-input': { kind: 'no-input' },
      'files-and-digest': { kind: 'files-and-digest' },
      'bad-type': { kind: 'bad-type', got: 'open', known: ['delivery', 'bounce'] },
      'bad-option': { kind: 'bad-option', detail: "Unknown option '--x'" },
      'no-digest': { kind: 'no-digest', digestId: 'daily-2026-12-02' },
      'not-sent-to': { kind: 'not-sent-to', digestId: 'daily-2026-12-02', to: ['a@example.com'] },
      'nothing-sent': { kind: 'nothing-sent', digestId: 'daily-2026-12-02' },
    }
    const ko = cliMessages({ PUBLICATION_LANG: 'ko' }).sesEvent
    const en = cliMessages({ PUBLICATION_LANG: 'en' }).sesEvent
    const hangul = /[\uAC00-\uD7A3]/

    // Act and assess
    for (const problem of Object.values(samples)) {
      expect(ko.problem(problem), problem.kind).toMatch(hangul)
      expect(en.problem(problem), problem.kind).not.toMatch(hangul)
    }
    expect(ko.problem(samples['record-without-message'])).toContain('Records[2]')
    expect(en.problem(samples['no-digest'])).toBe('no digest daily-2026-12-02')
  })
})
