/**
 * Checks the published DNS of a sender domain against what SES, Gmail, Yahoo and Naver need, rule by rule.
 * SPF evaluation, DMARC discovery, record parsing and alignment are mailauth's (the library MTAs use to
 * verify mail), fed by an injected resolver, so the tests point it at a local DNS server. What comes back is
 * data: cli/dns/messages.ts words it in English or Korean.
 */
import { dmarc } from 'mailauth/lib/dmarc/index.js'
import { parseDmarcRecord } from 'mailauth/lib/dmarc/get-dmarc-record.js'
import { spf } from 'mailauth/lib/spf/index.js'
import {
  DMARC_POLICIES,
  type DkimCname,
  SES_DKIM_SUFFIX,
  SES_FEEDBACK_HOST,
  SES_SPF_RECORD,
  dmarcRecordValue,
  sesFeedbackHost,
} from '../../infra/email-dns-records'

/** A DNS query as node:dns's `resolve(name, type)` answers it (TXT: string[][], MX: objects, CNAME: string[]). */
export type Resolve = (name: string, type: string) => Promise<unknown>

export interface EmailDnsExpectations {
  /** The SES identity: DKIM's signing domain (d=). */
  readonly senderDomain: string
  /** The domain of the From address; senderDomain or a subdomain of it. */
  readonly fromDomain: string
  readonly mailFromDomain: string
  /** Easy DKIM's CNAMEs (stack outputs or tokens given); unknown before the stack is deployed. */
  readonly dkim?: readonly DkimCname[]
  /** The region SES sends from, when known: the MX must then name that region's feedback host. */
  readonly region?: string
  /** What the stack publishes for DMARC, shown in the fix when the record is missing. */
  readonly dmarcRecord?: string
}

export const RULES = [
  'spfSingleRecord',
  'spfAuthorisesSes',
  'spfLookupLimit',
  'mailFromMx',
  'dkimCnames',
  'dmarcPresent',
  'dmarcSyntax',
  'dmarcDkimAligned',
  'dmarcSpfAligned',
] as const
export type Rule = (typeof RULES)[number]

/** What is wrong, with what the fix needs to name. */
export type Problem =
  | { kind: 'spfMissing'; domain: string; expected: string }
  | { kind: 'spfMultiple'; domain: string; records: string[] }
  | { kind: 'spfNoSes'; domain: string; result: string; comment: string }
  | { kind: 'spfTooManyLookups'; domain: string; record: string }
  | { kind: 'mxMissing'; domain: string; expected: string; found: string[] }
  | { kind: 'dkimUnknown' }
  | { kind: 'dkimMissing'; records: { name: string; expected: string; found?: string }[] }
  | { kind: 'dmarcMissing'; domain: string; expected: string }
  | { kind: 'dmarcUnreadable'; record: string; expected: string }
  | { kind: 'dmarcBadTag'; record: string; tag: string; value: string }
  | { kind: 'dkimNotAligned'; signingDomain: string; fromDomain: string; strict: boolean }
  | { kind: 'spfNotAligned'; mailFromDomain: string; fromDomain: string; strict: boolean }
  | { kind: 'notChecked'; because: Rule }

export type RuleResult =
  { rule: Rule; status: 'pass'; detail: string } | { rule: Rule; status: 'fail' | 'skip'; problem: Problem }

export type Verdict = 'pass' | 'fail' | 'incomplete'
export type Audience = 'gmailYahooBulk' | 'naver'

/**
 * Gmail and Yahoo (bulk senders, 5,000 a day): SPF and DKIM pass, DMARC published, and From aligned through
 * at least one of them. Naver: SPF and DKIM, and DMARC for bulk senders, alignment not asked.
 */
export const AUDIENCE_RULES: Record<Audience, { all: Rule[]; anyOf?: Rule[] }> = {
  gmailYahooBulk: {
    all: [
      'spfSingleRecord',
      'spfAuthorisesSes',
      'spfLookupLimit',
      'mailFromMx',
      'dkimCnames',
      'dmarcPresent',
      'dmarcSyntax',
    ],
    anyOf: ['dmarcDkimAligned', 'dmarcSpfAligned'],
  },
  naver: {
    all: [
      'spfSingleRecord',
      'spfAuthorisesSes',
      'spfLookupLimit',
      'mailFromMx',
      'dkimCnames',
      'dmarcPresent',
      'dmarcSyntax',
    ],
  },
}

export interface EmailDnsReport {
  results: RuleResult[]
  verdicts: Record<Audience, Verdict>
}

/**
 * An address in SES's 54.240.0.0/18 sending range: SPF must pass for it. An address nobody authorises
 * (TEST-NET-1) walks the whole record, which is how the lookup count is measured: an evaluation that
 * matches early stops counting.
 */
export const SES_PROBE_ADDRESS = '54.240.0.1'
const UNAUTHORISED_PROBE_ADDRESS = '192.0.2.1'
const SPF_LOOKUP_LIMIT = 10

const NO_RECORD = new Set(['ENOTFOUND', 'ENODATA'])

/** A query whose name or type has no record answers []; a server failure throws. */
async function lookup<T>(resolve: Resolve, name: string, type: string): Promise<T[]> {
  try {
    return (await resolve(name, type)) as T[]
  } catch (error) {
    if (NO_RECORD.has((error as { code?: string }).code ?? '')) return []
    throw error
  }
}

const txtRecords = async (resolve: Resolve, name: string) =>
  (await lookup<string[] | string>(resolve, name, 'TXT')).map((chunks) =>
    Array.isArray(chunks) ? chunks.join('') : chunks,
  )

// RFC 7208 4.5: a record is an SPF record when it is exactly "v=spf1" or starts with "v=spf1 ".
const isSpfRecord = (txt: string) => /^v=spf1( |$)/i.test(txt)
// What a receiver would take for an attempt at DMARC, readable or not.
const looksLikeDmarc = (txt: string) => /^\s*v\s*=\s*dmarc1/i.test(txt)

const pass = (rule: Rule, detail: string): RuleResult => ({ rule, status: 'pass', detail })
const fail = (rule: Rule, problem: Problem): RuleResult => ({ rule, status: 'fail', problem })
const skip = (rule: Rule, because: Rule): RuleResult => ({
  rule,
  status: 'skip',
  problem: { kind: 'notChecked', because },
})

async function checkSpf(resolve: Resolve, domain: string): Promise<RuleResult[]> {
  const records = (await txtRecords(resolve, domain)).filter(isSpfRecord)
  if (records.length !== 1) {
    const problem: Problem =
      records.length === 0
        ? { kind: 'spfMissing', domain, expected: SES_SPF_RECORD }
        : { kind: 'spfMultiple', domain, records }
    return [
      fail('spfSingleRecord', problem),
      skip('spfAuthorisesSes', 'spfSingleRecord'),
      skip('spfLookupLimit', 'spfSingleRecord'),
    ]
  }
  const record = records[0]!
  const evaluate = (ip: string) =>
    spf({ sender: `postmaster@${domain}`, ip, helo: domain, mta: 'dns-check', resolver: resolve as never })
  const [ses, walk] = [await evaluate(SES_PROBE_ADDRESS), await evaluate(UNAUTHORISED_PROBE_ADDRESS)]
  const lookups = walk.lookups?.count ?? 0
  const tooMany = lookups > SPF_LOOKUP_LIMIT || /too many dns/i.test(walk.status.comment ?? '')
  return [
    pass('spfSingleRecord', record),
    ses.status.result === 'pass'
      ? pass('spfAuthorisesSes', SES_PROBE_ADDRESS)
      : fail('spfAuthorisesSes', {
          kind: 'spfNoSes',
          domain,
          result: ses.status.result,
          comment: ses.status.comment ?? '',
        }),
    tooMany
      ? fail('spfLookupLimit', { kind: 'spfTooManyLookups', domain, record })
      : pass('spfLookupLimit', String(lookups)),
  ]
}

async function checkMailFromMx(resolve: Resolve, domain: string, region?: string): Promise<RuleResult> {
  const hosts = (await lookup<{ exchange: string }>(resolve, domain, 'MX')).map((mx) =>
    mx.exchange.toLowerCase().replace(/\.$/, ''),
  )
  const ok = (host: string) =>
    region === undefined ? SES_FEEDBACK_HOST.test(host) : host === sesFeedbackHost(region)
  if (hosts.length > 0 && hosts.every(ok)) return pass('mailFromMx', hosts.join(', '))
  return fail('mailFromMx', {
    kind: 'mxMissing',
    domain,
    expected: sesFeedbackHost(region ?? '<region>'),
    found: hosts,
  })
}

async function checkDkim(resolve: Resolve, dkim: readonly DkimCname[] | undefined): Promise<RuleResult> {
  if (dkim === undefined || dkim.length === 0)
    return { rule: 'dkimCnames', status: 'skip', problem: { kind: 'dkimUnknown' } }
  const wrong: { name: string; expected: string; found?: string }[] = []
  for (const { name, value } of dkim) {
    const [target] = (await lookup<string>(resolve, name, 'CNAME')).map((host) => host.toLowerCase())
    const expected = value.toLowerCase().replace(/\.$/, '')
    if (
      target === undefined ||
      target.replace(/\.$/, '') !== expected ||
      !expected.endsWith(SES_DKIM_SUFFIX)
    ) {
      wrong.push({ name, expected: value, ...(target !== undefined && { found: target }) })
    }
  }
  return wrong.length === 0
    ? pass('dkimCnames', dkim.map(({ name }) => name).join(', '))
    : fail('dkimCnames', { kind: 'dkimMissing', records: wrong })
}

/** The first tag whose value DMARC does not define, or undefined when every known tag reads well. */
function badDmarcTag(tags: Record<string, string | number>): { tag: string; value: string } | undefined {
  const policies: readonly string[] = DMARC_POLICIES
  const checks: [string, (value: string) => boolean][] = [
    ['p', (value) => policies.includes(value)],
    ['sp', (value) => policies.includes(value)],
    ['np', (value) => policies.includes(value)],
    ['adkim', (value) => value === 'r' || value === 's'],
    ['aspf', (value) => value === 'r' || value === 's'],
    ['rua', (value) => value.split(',').every((uri) => /^mailto:[^@\s]+@[^@\s]+$/i.test(uri.trim()))],
  ]
  if (tags.p === undefined) return { tag: 'p', value: '' }
  for (const [tag, valid] of checks) {
    const value = tags[tag]
    if (value !== undefined && !valid(String(value))) return { tag, value: String(value) }
  }
  return undefined
}

async function checkDmarc(resolve: Resolve, expect: EmailDnsExpectations): Promise<RuleResult[]> {
  const expected = expect.dmarcRecord ?? dmarcRecordValue('none', `dmarc-reports@${expect.senderDomain}`)
  const result = await dmarc({
    headerFrom: `postmaster@${expect.fromDomain}`,
    // Whether each identifier aligns is a property of the domains and the record, asked here whatever
    // SPF and DKIM themselves say (their own rules report that).
    spfDomains: [expect.mailFromDomain],
    dkimDomains: [{ domain: expect.senderDomain }],
    resolver: resolve as never,
  })
  const alignmentSkipped = (because: Rule) => [
    skip('dmarcDkimAligned', because),
    skip('dmarcSpfAligned', because),
  ]
  if (result === false || result.rr === undefined) {
    const names = [...new Set([expect.fromDomain, expect.senderDomain])].map((domain) => `_dmarc.${domain}`)
    const attempts = (await Promise.all(names.map((name) => txtRecords(resolve, name))))
      .flat()
      .filter(looksLikeDmarc)
    if (attempts.length === 0) {
      return [
        fail('dmarcPresent', { kind: 'dmarcMissing', domain: `_dmarc.${expect.senderDomain}`, expected }),
        skip('dmarcSyntax', 'dmarcPresent'),
        ...alignmentSkipped('dmarcPresent'),
      ]
    }
    return [
      pass('dmarcPresent', names.join(', ')),
      fail('dmarcSyntax', { kind: 'dmarcUnreadable', record: attempts.join(' | '), expected }),
      ...alignmentSkipped('dmarcSyntax'),
    ]
  }
  const record = result.rr
  const warnings = new Set<string>()
  const tags = parseDmarcRecord(record, { warnings })
  const bad = tags === null ? { tag: 'v', value: record } : badDmarcTag(tags)
  const syntax =
    bad === undefined && warnings.size === 0
      ? pass('dmarcSyntax', record)
      : fail(
          'dmarcSyntax',
          bad === undefined
            ? { kind: 'dmarcUnreadable', record, expected }
            : { kind: 'dmarcBadTag', record, ...bad },
        )
  const { dkim: dkimAlignment, spf: spfAlignment } = result.alignment
  return [
    pass('dmarcPresent', `${result.policyDomain ?? result.domain}: ${record}`),
    syntax,
    dkimAlignment.result !== undefined
      ? pass('dmarcDkimAligned', `${expect.senderDomain} ~ ${expect.fromDomain}`)
      : fail('dmarcDkimAligned', {
          kind: 'dkimNotAligned',
          signingDomain: expect.senderDomain,
          fromDomain: expect.fromDomain,
          strict: dkimAlignment.strict,
        }),
    spfAlignment.result !== undefined
      ? pass('dmarcSpfAligned', `${expect.mailFromDomain} ~ ${expect.fromDomain}`)
      : fail('dmarcSpfAligned', {
          kind: 'spfNotAligned',
          mailFromDomain: expect.mailFromDomain,
          fromDomain: expect.fromDomain,
          strict: spfAlignment.strict,
        }),
  ]
}

function verdict(results: RuleResult[], { all, anyOf }: { all: Rule[]; anyOf?: Rule[] }): Verdict {
  const status = (rule: Rule) => results.find((result) => result.rule === rule)!.status
  const required = all.map(status)
  const either = anyOf?.map(status)
  if (required.includes('fail') || (either !== undefined && either.every((s) => s === 'fail'))) return 'fail'
  if (required.includes('skip') || (either !== undefined && !either.includes('pass'))) return 'incomplete'
  return 'pass'
}

/** Every rule's result, in RULES order, and the verdict for each audience. */
export async function checkEmailDns(resolve: Resolve, expect: EmailDnsExpectations): Promise<EmailDnsReport> {
  const results = [
    ...(await checkSpf(resolve, expect.mailFromDomain)),
    await checkMailFromMx(resolve, expect.mailFromDomain, expect.region),
    await checkDkim(resolve, expect.dkim),
    ...(await checkDmarc(resolve, expect)),
  ]
  return {
    results,
    verdicts: {
      gmailYahooBulk: verdict(results, AUDIENCE_RULES.gmailYahooBulk),
      naver: verdict(results, AUDIENCE_RULES.naver),
    },
  }
}
