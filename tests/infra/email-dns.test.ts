import type { Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseRecordLine } from '../../infra/email-dns-records'
import { parseStackConfig } from '../../infra/stack-config'
import { type Resource, NO_BUNDLING, customStack, only, render, synth } from './synth'

const recordSets = (template: Template) =>
  (Object.values(template.findResources('AWS::Route53::RecordSet')) as Resource[]).map(({ Properties }) => ({
    name: render(Properties.Name),
    type: Properties.Type as string,
    values: (Properties.ResourceRecords as unknown[]).map(render),
    zone: Properties.HostedZoneId as string,
  }))

const outputValue = (template: Template, id: string) => {
  const outputs = template.findOutputs(id)
  expect(Object.keys(outputs), `output ${id}`).toEqual([id])
  return render(outputs[id]!.Value)
}

describe('Email DNS records without a Route 53 zone (the stack outputs them)', () => {
  let template: Template

  beforeAll(() => {
    // senderDomain pressroom.dev, From news@mail.pressroom.dev, no zone, default MAIL FROM and DMARC.
    ;({ template } = customStack())
  })

  it('gives the identity a bounce.<sender domain> MAIL FROM that falls back to SES on an MX failure', () => {
    const [identityId, identity] = only(template, 'AWS::SES::EmailIdentity')
    expect(identity.Properties.MailFromAttributes).toEqual({
      MailFromDomain: 'bounce.pressroom.dev',
      BehaviorOnMxFailure: 'USE_DEFAULT_VALUE',
    })
    expect(identity.Properties.DkimSigningAttributes).toEqual({ NextSigningKeyLength: 'RSA_2048_BIT' })
    expect(outputValue(template, 'DkimRecord1')).toBe(
      `<${identityId}.DkimDNSTokenName1> CNAME <${identityId}.DkimDNSTokenValue1>`,
    )
  })

  it('creates no DNS record, and outputs every record to publish in the form dns-records reads', () => {
    expect(recordSets(template)).toEqual([])
    const lines = ['DkimRecord1', 'DkimRecord2', 'DkimRecord3', 'MailFromMxRecord', 'MailFromSpfRecord'].map(
      (id) => outputValue(template, id),
    )
    lines.push(outputValue(template, 'DmarcRecord'))
    expect(lines.slice(3)).toEqual([
      'bounce.pressroom.dev MX 10 feedback-smtp.us-east-1.amazonses.com',
      'bounce.pressroom.dev TXT v=spf1 include:amazonses.com ~all',
      '_dmarc.pressroom.dev TXT v=DMARC1; p=none; rua=mailto:dmarc-reports@pressroom.dev',
    ])
    for (const line of lines) expect(parseRecordLine(line), line).toBeDefined()
    expect(outputValue(template, 'MailFromDomain')).toBe('bounce.pressroom.dev')
    expect(template.findOutputs('DmarcRecord').DmarcRecord!.Description).toMatch(/publish it in the DNS/)
  })
})

describe('Email DNS records with a Route 53 zone (the stack publishes them)', () => {
  let template: Template

  beforeAll(() => {
    ;({ template } = synth({
      ...NO_BUNDLING,
      mailFrom: 'News <news@pressroom.dev>',
      hostedZoneId: 'Z0123456789ABC',
      hostedZoneName: 'pressroom.dev',
      customMailFromDomain: 'mail-from.pressroom.dev',
      dmarcPolicy: 'quarantine',
      dmarcReportAddress: 'reports@pressroom.dev',
    }))
  })

  it('writes the three DKIM CNAMEs, the MAIL FROM MX and SPF, and DMARC in the zone, with their values', () => {
    const [identityId] = only(template, 'AWS::SES::EmailIdentity')
    const records = recordSets(template)
    expect(records.every((record) => record.zone === 'Z0123456789ABC')).toBe(true)
    expect(records.filter((record) => record.type === 'CNAME')).toEqual(
      [1, 2, 3].map((n) => ({
        name: `<${identityId}.DkimDNSTokenName${n}>`,
        type: 'CNAME',
        values: [`<${identityId}.DkimDNSTokenValue${n}>`],
        zone: 'Z0123456789ABC',
      })),
    )
    expect(records.filter((record) => record.type !== 'CNAME')).toEqual(
      expect.arrayContaining([
        {
          name: 'mail-from.pressroom.dev.',
          type: 'MX',
          values: ['10 feedback-smtp.us-east-1.amazonses.com'],
          zone: 'Z0123456789ABC',
        },
        {
          name: 'mail-from.pressroom.dev.',
          type: 'TXT',
          values: ['"v=spf1 include:amazonses.com ~all"'],
          zone: 'Z0123456789ABC',
        },
        {
          name: '_dmarc.pressroom.dev.',
          type: 'TXT',
          values: ['"v=DMARC1; p=quarantine; rua=mailto:reports@pressroom.dev"'],
          zone: 'Z0123456789ABC',
        },
      ]),
    )
    expect(records).toHaveLength(6)
  })

  it('still outputs the records, saying the stack published them', () => {
    expect(outputValue(template, 'DmarcRecord')).toBe(
      '_dmarc.pressroom.dev TXT v=DMARC1; p=quarantine; rua=mailto:reports@pressroom.dev',
    )
    expect(template.findOutputs('MailFromMxRecord').MailFromMxRecord!.Description).toMatch(
      /published by this stack/,
    )
  })
})

describe('Email DNS context keys', () => {
  const base = { mailFrom: 'News <news@pressroom.dev>' }

  it('defaults the MAIL FROM domain to bounce.<sender domain> and DMARC to p=none with a report address', () => {
    expect(parseStackConfig(base)).toMatchObject({
      customMailFromDomain: 'bounce.pressroom.dev',
      dmarcPolicy: 'none',
      dmarcReportAddress: 'dmarc-reports@pressroom.dev',
    })
  })

  it('refuses a MAIL FROM domain outside the sender domain, a bad policy or report address, naming the key', () => {
    expect(() => parseStackConfig({ ...base, customMailFromDomain: 'bounce.elsewhere.net' })).toThrow(
      /customMailFromDomain.*subdomain of the sender domain \(pressroom\.dev\)/,
    )
    expect(() => parseStackConfig({ ...base, customMailFromDomain: 'pressroom.dev' })).toThrow(
      /customMailFromDomain/,
    )
    expect(() => parseStackConfig({ ...base, dmarcPolicy: 'quarantaine' })).toThrow(
      /dmarcPolicy.*none, quarantine or reject/,
    )
    expect(() => parseStackConfig({ ...base, dmarcReportAddress: 'reports' })).toThrow(/dmarcReportAddress/)
  })
})
