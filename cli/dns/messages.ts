/**
 * What `npm run dns-check` and `npm run dns-records` print, in the publication's language (PUBLICATION_LANG):
 * Korean for `ko`, English otherwise, as cli/messages.ts does for the other commands. `en` defines the shape
 * and `ko` must match it key for key.
 */
import { subscriberLang, type SubscriberLang } from '../../functions/core/subscriber'
import type { RecordPurpose } from '../../infra/email-dns-records'
import type { Audience, Problem, Rule, Verdict } from './check-email-dns'

export interface DnsMessages {
  checkUsage: string
  recordsUsage: string
  dnsUnreachable: (server: string, reason: string) => string
  badOutputs: (file: string, reason: string) => string
  checking: (domain: string, server: string) => string
  rule: Record<Rule, string>
  status: Record<'pass' | 'fail' | 'skip', string>
  /** What is wrong, and how to fix it. */
  problem: (problem: Problem) => { what: string; fix: string }
  fixLabel: string
  audience: Record<Audience, string>
  verdict: Record<Verdict, string>
  purpose: Record<RecordPurpose, string>
  tableHeader: { name: string; type: string; value: string; purpose: string }
  zoneFileHeading: string
  tableHeading: string
  dkimPlaceholders: string
  regionPlaceholder: string
}

const spfFixEn = (domain: string, expected: string) => `publish one TXT record at ${domain}: "${expected}"`
const spfFixKo = (domain: string, expected: string) =>
  `${domain}에 TXT 레코드 하나를 게시하세요: "${expected}"`

const en: DnsMessages = {
  checkUsage:
    'Usage: npm run dns-check -- <sender domain> [--from-domain d] [--mail-from-domain d] ' +
    '[--outputs cdk-outputs.json | --dkim-tokens t1,t2,t3] [--region r] [--server host:port]',
  recordsUsage:
    'Usage: npm run dns-records -- [--domain d] [--mail-from-domain d] [--region r] ' +
    '[--dmarc-policy none|quarantine|reject] [--dmarc-report-address a] [--outputs cdk-outputs.json]',
  dnsUnreachable: (server, reason) => `DNS lookup through ${server} failed (${reason}).`,
  badOutputs: (file, reason) => `Cannot read the stack outputs in ${file}: ${reason}`,
  checking: (domain, server) => `Email DNS of ${domain} (resolver: ${server})`,
  rule: {
    spfSingleRecord: 'SPF: exactly one record on the MAIL FROM domain',
    spfAuthorisesSes: 'SPF: authorises SES (include:amazonses.com)',
    spfLookupLimit: 'SPF: at most 10 DNS lookups',
    mailFromMx: 'MX of the MAIL FROM domain points to SES',
    dkimCnames: 'DKIM: the three Easy DKIM CNAMEs point to SES',
    dmarcPresent: 'DMARC: record published',
    dmarcSyntax: 'DMARC: record parses',
    dmarcDkimAligned: 'DMARC: DKIM signing domain aligned with From',
    dmarcSpfAligned: 'DMARC: MAIL FROM domain aligned with From (SPF)',
  },
  status: { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' },
  problem: (p) => {
    switch (p.kind) {
      case 'spfMissing':
        return { what: `no SPF record at ${p.domain}`, fix: spfFixEn(p.domain, p.expected) }
      case 'spfMultiple':
        return {
          what: `${p.records.length} SPF records at ${p.domain} (receivers treat that as a permanent error): ${p.records.map((r) => `"${r}"`).join(', ')}`,
          fix: `merge them into one record that keeps include:amazonses.com, and delete the others`,
        }
      case 'spfNoSes':
        return {
          what: `SPF of ${p.domain} gives "${p.result}" for an SES address (${p.comment})`,
          fix: `add include:amazonses.com to the SPF record of ${p.domain}`,
        }
      case 'spfTooManyLookups':
        return {
          what: `SPF of ${p.domain} needs more than 10 DNS lookups (receivers answer permerror): "${p.record}"`,
          fix: 'remove includes the MAIL FROM domain does not send through (it only needs include:amazonses.com), or replace them with ip4:/ip6: ranges',
        }
      case 'mxMissing':
        return {
          what: `MX of ${p.domain}: ${p.found.length === 0 ? 'none' : p.found.join(', ')}`,
          fix: `publish "${p.domain} MX 10 ${p.expected}" (without it SES falls back to its own MAIL FROM, and SPF no longer aligns)`,
        }
      case 'dkimUnknown':
        return {
          what: 'the DKIM tokens are not known',
          fix: 'pass --outputs cdk-outputs.json (written by npm run deploy -- --outputs-file cdk-outputs.json) or --dkim-tokens t1,t2,t3 from the SES console',
        }
      case 'dkimMissing':
        return {
          what: p.records
            .map((r) => `${r.name} ${r.found === undefined ? 'has no CNAME' : `points to ${r.found}`}`)
            .join('; '),
          fix: `publish ${p.records.map((r) => `"${r.name} CNAME ${r.expected}"`).join(', ')}`,
        }
      case 'dmarcMissing':
        return { what: `no DMARC record at ${p.domain}`, fix: `publish "${p.domain} TXT ${p.expected}"` }
      case 'dmarcUnreadable':
        return {
          what: `the DMARC record cannot be read: "${p.record}"`,
          fix: `write it as tags separated by semicolons, starting with v=DMARC1, e.g. "${p.expected}"`,
        }
      case 'dmarcBadTag':
        return {
          what: `DMARC tag ${p.tag}=${p.value} is not valid in "${p.record}"`,
          fix:
            p.tag === 'rua'
              ? 'rua takes mailto: addresses, e.g. rua=mailto:dmarc-reports@your-domain'
              : p.tag === 'adkim' || p.tag === 'aspf'
                ? `${p.tag} takes r (relaxed) or s (strict)`
                : `${p.tag} takes none, quarantine or reject`,
        }
      case 'dkimNotAligned':
        return {
          what: `DKIM signs as ${p.signingDomain}, which does not align with the From domain ${p.fromDomain}${p.strict ? ' (adkim=s asks for the same domain)' : ''}`,
          fix: p.strict
            ? 'remove adkim=s from the DMARC record (relaxed alignment), or send From the SES identity itself'
            : `send From ${p.signingDomain} or a subdomain of it (mailFrom, senderDomain)`,
        }
      case 'spfNotAligned':
        return {
          what: `the MAIL FROM domain ${p.mailFromDomain} does not align with the From domain ${p.fromDomain}${p.strict ? ' (aspf=s asks for the same domain)' : ''}`,
          fix: p.strict
            ? 'remove aspf=s from the DMARC record: with relaxed alignment bounce.<domain> aligns'
            : `use a MAIL FROM domain under ${p.fromDomain}'s own domain (customMailFromDomain, default bounce.<sender domain>)`,
        }
      case 'notChecked':
        return { what: `not checked: fix "${en.rule[p.because]}" first`, fix: '' }
    }
  },
  fixLabel: 'Fix',
  audience: { gmailYahooBulk: 'Gmail and Yahoo, bulk senders', naver: 'Naver' },
  verdict: {
    pass: 'ready',
    fail: 'NOT ready: fix the failures above',
    incomplete: 'not fully checked (see SKIP above)',
  },
  purpose: {
    dkim: 'DKIM (Easy DKIM, 2048-bit)',
    mailFromMx: 'MAIL FROM: bounces to SES',
    mailFromSpf: 'MAIL FROM: SPF',
    dmarc: 'DMARC policy',
  },
  tableHeader: { name: 'Name', type: 'Type', value: 'Value', purpose: 'Purpose' },
  zoneFileHeading: 'Zone file:',
  tableHeading: 'Records:',
  dkimPlaceholders:
    'SES picks the three DKIM tokens when the stack is deployed: <token1..3> stand for them. After ' +
    '`npm run deploy -- --outputs-file cdk-outputs.json`, run `npm run dns-records -- --outputs cdk-outputs.json` ' +
    'to print the real names.',
  regionPlaceholder: '<region> is the AWS region you deploy to: pass --region, or set AWS_REGION.',
}

const ko: DnsMessages = {
  checkUsage:
    '사용법: npm run dns-check -- <발신 도메인> [--from-domain 도메인] [--mail-from-domain 도메인] ' +
    '[--outputs cdk-outputs.json | --dkim-tokens t1,t2,t3] [--region 리전] [--server 호스트:포트]',
  recordsUsage:
    '사용법: npm run dns-records -- [--domain 도메인] [--mail-from-domain 도메인] [--region 리전] ' +
    '[--dmarc-policy none|quarantine|reject] [--dmarc-report-address 주소] [--outputs cdk-outputs.json]',
  dnsUnreachable: (server, reason) => `${server}를 통한 DNS 조회에 실패했습니다 (${reason}).`,
  badOutputs: (file, reason) => `${file}의 스택 출력값을 읽을 수 없습니다: ${reason}`,
  checking: (domain, server) => `${domain}의 이메일 DNS (리졸버: ${server})`,
  rule: {
    spfSingleRecord: 'SPF: MAIL FROM 도메인에 레코드가 정확히 하나',
    spfAuthorisesSes: 'SPF: SES 허용 (include:amazonses.com)',
    spfLookupLimit: 'SPF: DNS 조회 10회 이하',
    mailFromMx: 'MAIL FROM 도메인의 MX가 SES를 가리킴',
    dkimCnames: 'DKIM: Easy DKIM CNAME 세 개가 SES를 가리킴',
    dmarcPresent: 'DMARC: 레코드 게시됨',
    dmarcSyntax: 'DMARC: 레코드 구문이 올바름',
    dmarcDkimAligned: 'DMARC: DKIM 서명 도메인이 From과 정렬됨',
    dmarcSpfAligned: 'DMARC: MAIL FROM 도메인이 From과 정렬됨 (SPF)',
  },
  status: { pass: '통과', fail: '실패', skip: '건너뜀' },
  problem: (p) => {
    switch (p.kind) {
      case 'spfMissing':
        return { what: `${p.domain}에 SPF 레코드가 없습니다`, fix: spfFixKo(p.domain, p.expected) }
      case 'spfMultiple':
        return {
          what: `${p.domain}에 SPF 레코드가 ${p.records.length}개 있습니다 (수신 서버는 영구 오류로 처리합니다): ${p.records.map((r) => `"${r}"`).join(', ')}`,
          fix: 'include:amazonses.com을 유지한 하나의 레코드로 합치고 나머지는 지우세요',
        }
      case 'spfNoSes':
        return {
          what: `${p.domain}의 SPF가 SES 주소에 대해 "${p.result}"입니다 (${p.comment})`,
          fix: `${p.domain}의 SPF 레코드에 include:amazonses.com을 추가하세요`,
        }
      case 'spfTooManyLookups':
        return {
          what: `${p.domain}의 SPF는 DNS 조회가 10회를 넘습니다 (수신 서버는 permerror로 처리합니다): "${p.record}"`,
          fix: 'MAIL FROM 도메인이 쓰지 않는 include를 지우거나 (include:amazonses.com 하나면 됩니다) ip4:/ip6: 범위로 바꾸세요',
        }
      case 'mxMissing':
        return {
          what: `${p.domain}의 MX: ${p.found.length === 0 ? '없음' : p.found.join(', ')}`,
          fix: `"${p.domain} MX 10 ${p.expected}"를 게시하세요 (없으면 SES가 자체 MAIL FROM을 써서 SPF가 정렬되지 않습니다)`,
        }
      case 'dkimUnknown':
        return {
          what: 'DKIM 토큰을 알 수 없습니다',
          fix: '--outputs cdk-outputs.json (npm run deploy -- --outputs-file cdk-outputs.json이 만듭니다) 또는 SES 콘솔의 --dkim-tokens t1,t2,t3을 주세요',
        }
      case 'dkimMissing':
        return {
          what: p.records
            .map((r) => `${r.name}: ${r.found === undefined ? 'CNAME 없음' : `${r.found}를 가리킴`}`)
            .join('; '),
          fix: `${p.records.map((r) => `"${r.name} CNAME ${r.expected}"`).join(', ')}를 게시하세요`,
        }
      case 'dmarcMissing':
        return {
          what: `${p.domain}에 DMARC 레코드가 없습니다`,
          fix: `"${p.domain} TXT ${p.expected}"를 게시하세요`,
        }
      case 'dmarcUnreadable':
        return {
          what: `DMARC 레코드를 읽을 수 없습니다: "${p.record}"`,
          fix: `v=DMARC1로 시작하고 태그를 세미콜론으로 구분해 쓰세요. 예: "${p.expected}"`,
        }
      case 'dmarcBadTag':
        return {
          what: `"${p.record}"의 DMARC 태그 ${p.tag}=${p.value}가 올바르지 않습니다`,
          fix:
            p.tag === 'rua'
              ? 'rua에는 mailto: 주소를 씁니다. 예: rua=mailto:dmarc-reports@your-domain'
              : p.tag === 'adkim' || p.tag === 'aspf'
                ? `${p.tag}에는 r (완화) 또는 s (엄격)를 씁니다`
                : `${p.tag}에는 none, quarantine, reject 중 하나를 씁니다`,
        }
      case 'dkimNotAligned':
        return {
          what: `DKIM 서명 도메인 ${p.signingDomain}이 From 도메인 ${p.fromDomain}과 정렬되지 않습니다${p.strict ? ' (adkim=s는 같은 도메인을 요구합니다)' : ''}`,
          fix: p.strict
            ? 'DMARC 레코드에서 adkim=s를 지우거나 (완화 정렬), SES 아이덴티티 도메인 그대로 From을 쓰세요'
            : `${p.signingDomain} 또는 그 하위 도메인을 From으로 쓰세요 (mailFrom, senderDomain)`,
        }
      case 'spfNotAligned':
        return {
          what: `MAIL FROM 도메인 ${p.mailFromDomain}이 From 도메인 ${p.fromDomain}과 정렬되지 않습니다${p.strict ? ' (aspf=s는 같은 도메인을 요구합니다)' : ''}`,
          fix: p.strict
            ? 'DMARC 레코드에서 aspf=s를 지우세요: 완화 정렬이면 bounce.<도메인>이 정렬됩니다'
            : `${p.fromDomain}의 도메인 아래에 있는 MAIL FROM 도메인을 쓰세요 (customMailFromDomain, 기본값 bounce.<발신 도메인>)`,
        }
      case 'notChecked':
        return { what: `확인하지 않음: 먼저 "${ko.rule[p.because]}"를 고치세요`, fix: '' }
    }
  },
  fixLabel: '해결',
  audience: { gmailYahooBulk: 'Gmail·Yahoo 대량 발송자', naver: '네이버' },
  verdict: {
    pass: '준비됨',
    fail: '준비 안 됨: 위의 실패 항목을 고치세요',
    incomplete: '일부만 확인됨 (위의 건너뜀 참고)',
  },
  purpose: {
    dkim: 'DKIM (Easy DKIM, 2048비트)',
    mailFromMx: 'MAIL FROM: 반송을 SES로',
    mailFromSpf: 'MAIL FROM: SPF',
    dmarc: 'DMARC 정책',
  },
  tableHeader: { name: '이름', type: '유형', value: '값', purpose: '용도' },
  zoneFileHeading: '존 파일:',
  tableHeading: '레코드:',
  dkimPlaceholders:
    'DKIM 토큰 세 개는 스택을 배포할 때 SES가 정합니다: <token1..3>이 그 자리입니다. ' +
    '`npm run deploy -- --outputs-file cdk-outputs.json` 후 `npm run dns-records -- --outputs cdk-outputs.json`을 ' +
    '실행하면 실제 이름이 나옵니다.',
  regionPlaceholder: '<region>은 배포할 AWS 리전입니다: --region을 주거나 AWS_REGION을 설정하세요.',
}

const MESSAGES: Record<SubscriberLang, DnsMessages> = { en, ko }

/** The messages for the environment's PUBLICATION_LANG (English when unset). */
export function dnsMessages(env: Record<string, string | undefined> = process.env): DnsMessages {
  return MESSAGES[subscriberLang(env.PUBLICATION_LANG || 'en')]
}
