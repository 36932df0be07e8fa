import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Problem,
  type Rule,
  RULES,
  checkEmailDns,
  type EmailDnsExpectations,
} from '../../cli/dns/check-email-dns'
import { dnsMessages } from '../../cli/dns/messages'
import { dnsResolve } from '../../cli/dns/resolver'
import { dkimCname, sesFeedbackHost } from '../../infra/email-dns-records'
import { startDnsServer } from '../support/dns-zone-server'
import { REGION, TOKENS, ZONES } from '../support/email-dns-zones'

const run = promisify(execFile)
const expectations = (domain: string, overrides: Partial<EmailDnsExpectations> = {}) => ({
  senderDomain: domain,
  fromDomain: domain,
  mailFromDomain: `bounce.${domain}`,
  dkim: TOKENS.map((token) => dkimCname(token, domain)),
  region: REGION,
  ...overrides,
})

let server: Awaited<ReturnType<typeof startDnsServer>>

beforeAll(async () => {
  server = await startDnsServer(ZONES)
})
afterAll(() => server?.close())

const check = (domain: string, overrides?: Partial<EmailDnsExpectations>) =>
  checkEmailDns(dnsResolve(server.address), expectations(domain, overrides))

const failures = (report: Awaited<ReturnType<typeof check>>) =>
  Object.fromEntries(
    report.results.flatMap((result) => (result.status === 'fail' ? [[result.rule, result.problem]] : [])),
  ) as Partial<Record<Rule, Problem>>

const fixOf = (problem: Problem | undefined) => dnsMessages({}).problem(problem!).fix

describe('npm run dns-check rules, against a local DNS server', () => {
  it('passes every rule, and both verdicts, for a zone published as dns-records prints it', async () => {
    const report = await check('good.test')
    expect(report.results.map((result) => [result.rule, result.status])).toEqual(
      RULES.map((rule) => [rule, 'pass']),
    )
    expect(report.verdicts).toEqual({ gmailYahooBulk: 'pass', naver: 'pass' })
  })

  it('fails DKIM when one of the three CNAMEs is missing, naming the record to publish', async () => {
    const report = await check('no-dkim.test')
    const missing = dkimCname(TOKENS[1]!, 'no-dkim.test')
    expect(failures(report)).toEqual({
      dkimCnames: { kind: 'dkimMissing', records: [{ name: missing.name, expected: missing.value }] },
    })
    expect(fixOf(failures(report).dkimCnames)).toBe(`publish "${missing.name} CNAME ${missing.value}"`)
    expect(report.verdicts).toEqual({ gmailYahooBulk: 'fail', naver: 'fail' })
  })

  it('fails the single-record rule on two SPF records, and checks no further SPF rule', async () => {
    const report = await check('two-spf.test')
    expect(Object.keys(failures(report))).toEqual(['spfSingleRecord'])
    expect(failures(report).spfSingleRecord).toMatchObject({
      kind: 'spfMultiple',
      domain: 'bounce.two-spf.test',
    })
    expect(fixOf(failures(report).spfSingleRecord)).toMatch(/merge them into one record/)
    const skipped = report.results.filter((result) => result.status === 'skip').map((result) => result.rule)
    expect(skipped).toEqual(['spfAuthorisesSes', 'spfLookupLimit'])
    expect(report.verdicts.gmailYahooBulk).toBe('fail')
  })

  it('fails the lookup limit on an SPF record with 11 lookups, though SES itself passes', async () => {
    const report = await check('spf-11.test')
    expect(Object.keys(failures(report))).toEqual(['spfLookupLimit'])
    expect(fixOf(failures(report).spfLookupLimit)).toMatch(/remove includes/)
    expect(report.verdicts).toEqual({ gmailYahooBulk: 'fail', naver: 'fail' })
  })

  it('fails DMARC syntax on a policy DMARC does not define, naming the tag', async () => {
    const report = await check('bad-policy.test')
    expect(failures(report)).toEqual({
      dmarcSyntax: {
        kind: 'dmarcBadTag',
        record: 'v=DMARC1; p=nonee; rua=mailto:dmarc-reports@bad-policy.test',
        tag: 'p',
        value: 'nonee',
      },
    })
    expect(fixOf(failures(report).dmarcSyntax)).toBe('p takes none, quarantine or reject')
  })

  it('fails DMARC syntax, not presence, on a record without semicolons', async () => {
    const report = await check('no-semicolons.test')
    expect(Object.keys(failures(report))).toEqual(['dmarcSyntax'])
    expect(failures(report).dmarcSyntax).toMatchObject({ kind: 'dmarcUnreadable' })
    expect(fixOf(failures(report).dmarcSyntax)).toMatch(/separated by semicolons/)
    expect(report.results.filter((result) => result.status === 'skip')).toEqual(
      ['dmarcDkimAligned', 'dmarcSpfAligned'].map((rule) => ({
        rule,
        status: 'skip',
        problem: { kind: 'notChecked', because: 'dmarcSyntax' },
      })),
    )
    expect(report.verdicts.gmailYahooBulk).toBe('fail')
  })

  it('fails SPF alignment for a MAIL FROM under another domain, while SPF itself passes', async () => {
    const report = await check('good.test', { mailFromDomain: 'bounce.elsewhere.test' })
    expect(failures(report)).toEqual({
      dmarcSpfAligned: {
        kind: 'spfNotAligned',
        mailFromDomain: 'bounce.elsewhere.test',
        fromDomain: 'good.test',
        strict: false,
      },
    })
    expect(fixOf(failures(report).dmarcSpfAligned)).toMatch(/customMailFromDomain/)
    // DMARC passes on one aligned method: DKIM still carries the mail.
    expect(report.verdicts.gmailYahooBulk).toBe('pass')
  })

  it('fails SPF alignment when DMARC asks for strict SPF alignment (aspf=s)', async () => {
    const report = await check('strict-spf.test')
    expect(failures(report)).toEqual({
      dmarcSpfAligned: {
        kind: 'spfNotAligned',
        mailFromDomain: 'bounce.strict-spf.test',
        fromDomain: 'strict-spf.test',
        strict: true,
      },
    })
    expect(fixOf(failures(report).dmarcSpfAligned)).toMatch(/remove aspf=s/)
  })

  it('fails the MX rule when the MAIL FROM domain has none', async () => {
    const report = await check('no-mx.test')
    expect(failures(report)).toEqual({
      mailFromMx: {
        kind: 'mxMissing',
        domain: 'bounce.no-mx.test',
        expected: sesFeedbackHost(REGION),
        found: [],
      },
    })
  })

  it('fails DMARC presence, and leaves DKIM unchecked, for a domain that publishes nothing', async () => {
    const report = await check('nothing.test', { dkim: undefined })
    expect(Object.keys(failures(report))).toEqual(['spfSingleRecord', 'mailFromMx', 'dmarcPresent'])
    expect(report.results.find((result) => result.rule === 'dkimCnames')).toMatchObject({
      status: 'skip',
      problem: { kind: 'dkimUnknown' },
    })
    expect(report.verdicts).toEqual({ gmailYahooBulk: 'fail', naver: 'fail' })
  })
})

describe('npm run dns-check (the command)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dns-check-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const dnsCheck = (args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, ['--import', 'tsx', 'cli/dns-check.ts', ...args], {
      env: { ...process.env, ...env },
    }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    )

  it('reads the DKIM tokens from the stack outputs and reports every rule passing', async () => {
    // The file `npm run deploy -- --outputs-file` writes, with the record lines the stack outputs.
    const outputs = join(dir, 'cdk-outputs.json')
    const dkim = TOKENS.map((token) => dkimCname(token, 'good.test'))
    writeFileSync(
      outputs,
      JSON.stringify({
        Pressroom: {
          SenderDomain: 'good.test',
          MailFromDomain: 'bounce.good.test',
          ...Object.fromEntries(
            dkim.map(({ name, value }, i) => [`DkimRecord${i + 1}`, `${name} CNAME ${value}`]),
          ),
          MailFromMxRecord: `bounce.good.test MX 10 ${sesFeedbackHost(REGION)}`,
        },
      }),
    )
    const { code, stdout } = await dnsCheck(['good.test', '--outputs', outputs, '--server', server.address])
    expect(stdout).toContain('Gmail and Yahoo, bulk senders: ready')
    expect(stdout).toContain('Naver: ready')
    expect(stdout.match(/^\[PASS\]/gm)).toHaveLength(RULES.length)
    expect(code).toBe(0)
  })

  it('says in Korean which rule fails and how to fix it, exiting 1', async () => {
    const { code, stdout } = await dnsCheck(
      ['two-spf.test', '--dkim-tokens', TOKENS.join(','), '--region', REGION],
      { PUBLICATION_LANG: 'ko', DNS_SERVER: server.address },
    )
    expect(stdout).toMatch(/\[실패\] SPF: MAIL FROM 도메인에 레코드가 정확히 하나\n.*SPF 레코드가 2개/)
    expect(stdout).toContain('해결: include:amazonses.com을 유지한 하나의 레코드로 합치고')
    expect(stdout).toContain('Gmail·Yahoo 대량 발송자: 준비 안 됨')
    expect(code).toBe(1)
  })
})
