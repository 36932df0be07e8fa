/**
 * `npm run dns-check -- <sender domain>`: resolves the domain's published email records (SPF and MX of the
 * MAIL FROM domain, the Easy DKIM CNAMEs, DMARC) and says, rule by rule, what passes and how to fix what
 * does not, then whether Gmail/Yahoo (bulk senders) and Naver would accept the mail. Exit code 0 when every
 * rule passes, 1 when one fails or could not be checked, 2 on a usage or DNS error.
 */
import { parseArgs } from 'node:util'
import { dkimCname, defaultMailFromDomain } from '../infra/email-dns-records'
import { checkEmailDns } from './dns/check-email-dns'
import { dnsMessages } from './dns/messages'
import { renderReport } from './dns/render-report'
import { dnsResolve } from './dns/resolver'
import { readStackDnsOutputs, type StackDnsOutputs } from './dns/stack-outputs'

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const say = dnsMessages(env)
  let args
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'from-domain': { type: 'string' },
        'mail-from-domain': { type: 'string' },
        outputs: { type: 'string' },
        'dkim-tokens': { type: 'string' },
        region: { type: 'string' },
        server: { type: 'string' },
      },
    })
  } catch {
    console.error(say.checkUsage)
    return 2
  }
  const { values, positionals } = args
  const domain = positionals[0]?.toLowerCase().replace(/\.$/, '')
  if (domain === undefined || positionals.length > 1) {
    console.error(say.checkUsage)
    return 2
  }
  let outputs: StackDnsOutputs = {}
  if (values.outputs !== undefined) {
    try {
      outputs = readStackDnsOutputs(values.outputs)
    } catch (error) {
      console.error(say.badOutputs(values.outputs, (error as Error).message))
      return 2
    }
  }
  const tokens = values['dkim-tokens']
    ?.split(',')
    .map((token) => token.trim())
    .filter(Boolean)
  const dkim = tokens?.map((token) => dkimCname(token, domain)) ?? outputs.dkim
  const region = values.region ?? outputs.region
  const server = values.server ?? env.DNS_SERVER
  const serverName = server ?? 'system'
  console.log(say.checking(domain, serverName))
  try {
    const report = await checkEmailDns(dnsResolve(server), {
      senderDomain: domain,
      fromDomain: values['from-domain'] ?? domain,
      mailFromDomain: values['mail-from-domain'] ?? outputs.mailFromDomain ?? defaultMailFromDomain(domain),
      ...(dkim !== undefined && { dkim }),
      ...(region !== undefined && { region }),
      ...(outputs.dmarcRecord !== undefined && { dmarcRecord: outputs.dmarcRecord }),
    })
    for (const line of renderReport(report, say)) console.log(line)
    return report.results.every((result) => result.status === 'pass') ? 0 : 1
  } catch (error) {
    console.error(say.dnsUnreachable(serverName, (error as Error).message))
    return 2
  }
}

process.exitCode = await main(process.argv.slice(2), process.env)
