/**
 * `npm run dns-records`: every DNS record Pressroom's email needs (Easy DKIM's CNAMEs, the MAIL FROM
 * domain's MX and SPF, DMARC), as a zone-file snippet and as a table, for the domain in cdk.json's context
 * or the flags. No AWS account needed: before a deploy the DKIM tokens are placeholders, and a deployed
 * stack's outputs (`--outputs`, from `npm run deploy -- --outputs-file cdk-outputs.json`) fill them in.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import {
  DMARC_POLICIES,
  type DmarcPolicy,
  defaultDmarcReportAddress,
  defaultMailFromDomain,
  emailDnsRecords,
} from '../infra/email-dns-records'
import { CONTEXT_KEYS, parseStackConfig, StackConfigError } from '../infra/stack-config'
import { recordTable, zoneFileLines } from './dns/format-records'
import { dnsMessages } from './dns/messages'
import { readStackDnsOutputs, type StackDnsOutputs } from './dns/stack-outputs'

function cdkContext(): Record<string, unknown> {
  const context = JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')).context
  return Object.fromEntries(CONTEXT_KEYS.map((key) => [key, context[key]]))
}

function main(argv: string[], env: NodeJS.ProcessEnv): number {
  const say = dnsMessages(env)
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        domain: { type: 'string' },
        'mail-from-domain': { type: 'string' },
        region: { type: 'string' },
        'dmarc-policy': { type: 'string' },
        'dmarc-report-address': { type: 'string' },
        outputs: { type: 'string' },
      },
    }))
  } catch {
    console.error(say.recordsUsage)
    return 2
  }
  const policy = values['dmarc-policy']
  if (policy !== undefined && !(DMARC_POLICIES as readonly string[]).includes(policy)) {
    console.error(say.recordsUsage)
    return 2
  }
  let config
  try {
    config = parseStackConfig(cdkContext())
  } catch (error) {
    if (!(error instanceof StackConfigError)) throw error
    console.error(error.message)
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
  const domain = (values.domain ?? outputs.senderDomain ?? config.senderDomain).toLowerCase()
  // cdk.json's MAIL FROM and report address belong to cdk.json's domain; another domain gets the defaults.
  const configured = domain === config.senderDomain
  const region = values.region ?? outputs.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION
  const records = emailDnsRecords({
    senderDomain: domain,
    mailFromDomain:
      values['mail-from-domain'] ??
      outputs.mailFromDomain ??
      (configured ? config.customMailFromDomain : defaultMailFromDomain(domain)),
    region: region ?? '<region>',
    dmarcPolicy: (policy as DmarcPolicy | undefined) ?? config.dmarcPolicy,
    dmarcReportAddress:
      values['dmarc-report-address'] ??
      (configured ? config.dmarcReportAddress : defaultDmarcReportAddress(domain)),
    ...(outputs.dkim !== undefined && { dkim: outputs.dkim }),
  }).map((record) =>
    // A deployed stack's own DMARC value wins over what this command would make of cdk.json.
    record.purpose === 'dmarc' && outputs.dmarcRecord !== undefined && values['dmarc-policy'] === undefined
      ? { ...record, value: outputs.dmarcRecord }
      : record,
  )
  console.log(say.zoneFileHeading)
  for (const line of zoneFileLines(records)) console.log(line)
  console.log('')
  console.log(say.tableHeading)
  for (const line of recordTable(records, say)) console.log(line)
  const notes = [
    ...(records.some((record) => record.placeholder) ? [say.dkimPlaceholders] : []),
    ...(region === undefined ? [say.regionPlaceholder] : []),
  ]
  if (notes.length > 0) console.log('')
  for (const note of notes) console.log(note)
  return 0
}

process.exitCode = main(process.argv.slice(2), process.env)
