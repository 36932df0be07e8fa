import { SES_SPF_RECORD, dkimCname, dmarcRecordValue, sesFeedbackHost } from '../../infra/email-dns-records'
import type { Zone } from './dns-zone-server'

/*
 * The zones tests/integration/dns-check.test.ts serves from a local DNS server: one sender domain published
 * as `npm run dns-records` prints it, and one per mistake `npm run dns-check` must catch.
 */

export const REGION = 'us-east-1'
export const TOKENS = ['aaaa1111', 'bbbb2222', 'cccc3333']

/** Everything a sender domain publishes when it follows `npm run dns-records`, with `change` applied. */
function senderZone(domain: string, change: (zone: Zone) => void = () => {}): Zone {
  const zone: Zone = {
    [domain]: {},
    [`bounce.${domain}`]: {
      TXT: [SES_SPF_RECORD],
      MX: [{ exchange: sesFeedbackHost(REGION), priority: 10 }],
    },
    [`_dmarc.${domain}`]: { TXT: [dmarcRecordValue('none', `dmarc-reports@${domain}`)] },
  }
  for (const token of TOKENS) {
    const { name, value } = dkimCname(token, domain)
    zone[name] = { CNAME: value }
  }
  change(zone)
  return zone
}

export const ZONES: Zone = {
  // SES's sending ranges, as amazonses.com publishes them (the check's SES address is in 54.240.0.0/18).
  'amazonses.com': {
    TXT: ['v=spf1 ip4:199.255.192.0/22 ip4:199.127.232.0/22 ip4:54.240.0.0/18 ip4:69.169.224.0/20 -all'],
  },
  ...senderZone('good.test'),
  ...senderZone('no-dkim.test', (zone) => delete zone[dkimCname(TOKENS[1]!, 'no-dkim.test').name]),
  ...senderZone('two-spf.test', (zone) => {
    zone['bounce.two-spf.test']!.TXT!.push('v=spf1 include:_spf.google.com ~all')
  }),
  ...senderZone('spf-11.test', (zone) => {
    const includes = Array.from({ length: 10 }, (_, i) => `include:s${i}.spf-11.test`)
    zone['bounce.spf-11.test']!.TXT = [`v=spf1 include:amazonses.com ${includes.join(' ')} ~all`]
    for (let i = 0; i < 10; i++) zone[`s${i}.spf-11.test`] = { TXT: ['v=spf1 -all'] }
  }),
  ...senderZone('bad-policy.test', (zone) => {
    zone['_dmarc.bad-policy.test']!.TXT = ['v=DMARC1; p=nonee; rua=mailto:dmarc-reports@bad-policy.test']
  }),
  ...senderZone('no-semicolons.test', (zone) => {
    zone['_dmarc.no-semicolons.test']!.TXT = ['v=DMARC1 p=none rua=mailto:dmarc@no-semicolons.test']
  }),
  ...senderZone('strict-spf.test', (zone) => {
    zone['_dmarc.strict-spf.test']!.TXT = ['v=DMARC1; p=none; aspf=s; rua=mailto:d@strict-spf.test']
  }),
  ...senderZone('no-mx.test', (zone) => delete zone['bounce.no-mx.test']!.MX),
  // A MAIL FROM domain that is fine on its own, but under another domain than the From address.
  ...senderZone('elsewhere.test'),
}
