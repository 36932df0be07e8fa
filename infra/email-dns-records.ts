/**
 * The DNS records that let mailbox providers trust Pressroom's email: Easy DKIM's three CNAMEs, the custom
 * MAIL FROM domain's MX and SPF, and DMARC. One list, used by the stack (Route 53 records or outputs),
 * `npm run dns-records` (what to publish) and `npm run dns-check` (what should be there). Pure: no CDK,
 * no DNS, so the CLIs run without an AWS account.
 */

export type DmarcPolicy = 'none' | 'quarantine' | 'reject'
export const DMARC_POLICIES = ['none', 'quarantine', 'reject'] as const

/** SES's own SPF record: every address SES sends from. */
export const SES_SPF_INCLUDE = 'amazonses.com'
export const SES_SPF_RECORD = `v=spf1 include:${SES_SPF_INCLUDE} ~all`
/** Easy DKIM's CNAME targets all end with this. */
export const SES_DKIM_SUFFIX = '.dkim.amazonses.com'
/** The MAIL FROM domain's MX: SES receives the bounces there (one host per region). */
export const sesFeedbackHost = (region: string) => `feedback-smtp.${region}.amazonses.com`
export const SES_FEEDBACK_HOST = /^feedback-smtp\.[a-z0-9-]+\.amazonses\.com$/
/** The MX priority the CDK's EmailIdentity gives the MAIL FROM record (aws-ses email-identity.ts). */
export const MAIL_FROM_MX_PRIORITY = 10

/** The MAIL FROM (Return-Path) domain when none is configured: a subdomain of the sender domain. */
export const defaultMailFromDomain = (senderDomain: string) => `bounce.${senderDomain}`
export const defaultDmarcReportAddress = (senderDomain: string) => `dmarc-reports@${senderDomain}`

export const dmarcRecordValue = (policy: DmarcPolicy, reportAddress: string) =>
  `v=DMARC1; p=${policy}; rua=mailto:${reportAddress}`

export interface EmailDnsSettings {
  /** The SES identity and DKIM signing domain (d=). */
  readonly senderDomain: string
  readonly mailFromDomain: string
  /** The AWS region the stack sends from; a CloudFormation token in the stack, a name or placeholder in the CLIs. */
  readonly region: string
  readonly dmarcPolicy: DmarcPolicy
  readonly dmarcReportAddress: string
  /** Easy DKIM's CNAMEs, known only once SES has made the identity (stack outputs); placeholders otherwise. */
  readonly dkim?: readonly DkimCname[]
}

export interface DkimCname {
  readonly name: string
  readonly value: string
}

export type RecordPurpose = 'dkim' | 'mailFromMx' | 'mailFromSpf' | 'dmarc'

export interface EmailDnsRecord {
  readonly purpose: RecordPurpose
  readonly name: string
  readonly type: 'CNAME' | 'MX' | 'TXT'
  /** As in a zone file's RDATA, without quotes: `10 feedback-smtp...` for MX. */
  readonly value: string
  /** True when the name and value stand for tokens SES picks at deploy. */
  readonly placeholder?: boolean
}

/** Easy DKIM's CNAME for a token: `<token>._domainkey.<domain>` to `<token>.dkim.amazonses.com`. */
export const dkimCname = (token: string, senderDomain: string): DkimCname => ({
  name: `${token}._domainkey.${senderDomain}`,
  value: `${token}${SES_DKIM_SUFFIX}`,
})

/** Every record to publish, DKIM first, in the order an operator would add them. */
export function emailDnsRecords(settings: EmailDnsSettings): EmailDnsRecord[] {
  const dkim =
    settings.dkim?.map((cname) => ({ ...cname, placeholder: false })) ??
    [1, 2, 3].map((n) => ({ ...dkimCname(`<token${n}>`, settings.senderDomain), placeholder: true }))
  return [
    ...dkim.map(({ name, value, placeholder }) => ({
      purpose: 'dkim' as const,
      name,
      type: 'CNAME' as const,
      value,
      ...(placeholder && { placeholder }),
    })),
    {
      purpose: 'mailFromMx',
      name: settings.mailFromDomain,
      type: 'MX',
      value: `${MAIL_FROM_MX_PRIORITY} ${sesFeedbackHost(settings.region)}`,
    },
    { purpose: 'mailFromSpf', name: settings.mailFromDomain, type: 'TXT', value: SES_SPF_RECORD },
    {
      purpose: 'dmarc',
      name: `_dmarc.${settings.senderDomain}`,
      type: 'TXT',
      value: dmarcRecordValue(settings.dmarcPolicy, settings.dmarcReportAddress),
    },
  ]
}

/** The stack output that holds each record (the DKIM CNAMEs are DkimRecord1..3). */
export const OUTPUT_OF_RECORD: Record<Exclude<RecordPurpose, 'dkim'>, string> = {
  mailFromMx: 'MailFromMxRecord',
  mailFromSpf: 'MailFromSpfRecord',
  dmarc: 'DmarcRecord',
}

/** One line of a stack output (`name TYPE value`), the form the outputs and `dns-records` share. */
export const recordLine = (record: Pick<EmailDnsRecord, 'name' | 'type' | 'value'>) =>
  `${record.name} ${record.type} ${record.value}`

/** Reads a `recordLine` back (from a stack output); undefined when the line is not one. */
export function parseRecordLine(line: string): Pick<EmailDnsRecord, 'name' | 'type' | 'value'> | undefined {
  const match = /^(\S+) (CNAME|MX|TXT) (.+)$/.exec(line.trim())
  if (match === null) return undefined
  return { name: match[1]!, type: match[2] as EmailDnsRecord['type'], value: match[3]! }
}
