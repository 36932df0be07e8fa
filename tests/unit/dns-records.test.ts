import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import stringWidth from 'string-width'
import { afterAll, describe, expect, it } from 'vitest'
import { recordTable, zoneFileLines } from '../../cli/dns/format-records'
import { dnsMessages } from '../../cli/dns/messages'
import { emailDnsRecords, parseRecordLine, recordLine } from '../../infra/email-dns-records'

const settings = {
  senderDomain: 'news.example.kr',
  mailFromDomain: 'bounce.news.example.kr',
  region: 'ap-northeast-2',
  dmarcPolicy: 'none' as const,
  dmarcReportAddress: 'dmarc@news.example.kr',
}

describe('email DNS records', () => {
  it('lists DKIM placeholders until the tokens are known, then the MAIL FROM MX and SPF, then DMARC', () => {
    const records = emailDnsRecords(settings)
    expect(
      records.map(({ purpose, name, type, value, placeholder }) => [purpose, name, type, value, placeholder]),
    ).toEqual([
      ['dkim', '<token1>._domainkey.news.example.kr', 'CNAME', '<token1>.dkim.amazonses.com', true],
      ['dkim', '<token2>._domainkey.news.example.kr', 'CNAME', '<token2>.dkim.amazonses.com', true],
      ['dkim', '<token3>._domainkey.news.example.kr', 'CNAME', '<token3>.dkim.amazonses.com', true],
      [
        'mailFromMx',
        'bounce.news.example.kr',
        'MX',
        '10 feedback-smtp.ap-northeast-2.amazonses.com',
        undefined,
      ],
      ['mailFromSpf', 'bounce.news.example.kr', 'TXT', 'v=spf1 include:amazonses.com ~all', undefined],
      [
        'dmarc',
        '_dmarc.news.example.kr',
        'TXT',
        'v=DMARC1; p=none; rua=mailto:dmarc@news.example.kr',
        undefined,
      ],
    ])
    for (const { name, type, value } of records) {
      expect(parseRecordLine(recordLine({ name, type, value }))).toEqual({ name, type, value })
    }
  })

  it('writes a zone file with absolute names, quoted TXT and MX hosts ending in a dot', () => {
    expect(zoneFileLines(emailDnsRecords(settings)).slice(3)).toEqual([
      'bounce.news.example.kr.\t1800\tIN\tMX\t10 feedback-smtp.ap-northeast-2.amazonses.com.',
      'bounce.news.example.kr.\t1800\tIN\tTXT\t"v=spf1 include:amazonses.com ~all"',
      '_dmarc.news.example.kr.\t1800\tIN\tTXT\t"v=DMARC1; p=none; rua=mailto:dmarc@news.example.kr"',
    ])
  })

  it('aligns the Korean table by display width', () => {
    const lines = recordTable(emailDnsRecords(settings), dnsMessages({ PUBLICATION_LANG: 'ko' }))
    expect(lines[0]).toMatch(/^이름 +유형 +값 +용도$/)
    // Every row's type column starts at the same display column as the header's.
    const typeColumn = (line: string) => stringWidth(line.slice(0, line.search(/ (유형|CNAME|MX|TXT) /) + 1))
    for (const line of [lines[0]!, ...lines.slice(2)])
      expect(typeColumn(line), line).toBe(typeColumn(lines[0]!))
  })
})

describe('npm run dns-records', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dns-records-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it("prints a deployed stack's DKIM names from its outputs, with no placeholder left", async () => {
    const outputs = join(dir, 'cdk-outputs.json')
    writeFileSync(
      outputs,
      JSON.stringify({
        Pressroom: {
          SenderDomain: 'pressroom.dev',
          MailFromDomain: 'bounce.pressroom.dev',
          DkimRecord1: 'abc._domainkey.pressroom.dev CNAME abc.dkim.amazonses.com',
          DkimRecord2: 'def._domainkey.pressroom.dev CNAME def.dkim.amazonses.com',
          DkimRecord3: 'ghi._domainkey.pressroom.dev CNAME ghi.dkim.amazonses.com',
          MailFromMxRecord: 'bounce.pressroom.dev MX 10 feedback-smtp.eu-west-1.amazonses.com',
          DmarcRecord: '_dmarc.pressroom.dev TXT v=DMARC1; p=quarantine; rua=mailto:r@pressroom.dev',
        },
      }),
    )
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'cli/dns-records.ts', '--outputs', outputs],
      { env: { ...process.env, AWS_REGION: '', AWS_DEFAULT_REGION: '' } },
    )
    expect(stdout).toContain('def._domainkey.pressroom.dev.\t1800\tIN\tCNAME\tdef.dkim.amazonses.com.')
    expect(stdout).toContain('bounce.pressroom.dev.\t1800\tIN\tMX\t10 feedback-smtp.eu-west-1.amazonses.com.')
    expect(stdout).toContain('"v=DMARC1; p=quarantine; rua=mailto:r@pressroom.dev"')
    expect(stdout).not.toContain('<token')
    expect(stdout).not.toContain('<region>')
  })
})
