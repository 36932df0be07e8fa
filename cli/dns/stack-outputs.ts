import { readFileSync } from 'node:fs'
import { type DkimCname, OUTPUT_OF_RECORD, parseRecordLine } from '../../infra/email-dns-records'

/** What a deployed stack's outputs say about its email DNS. */
export interface StackDnsOutputs {
  senderDomain?: string
  mailFromDomain?: string
  dkim?: DkimCname[]
  region?: string
  /** The DMARC record's value, as the stack publishes it. */
  dmarcRecord?: string
}

/**
 * Reads the file `cdk deploy --outputs-file` writes ({ "<stack>": { "<output>": "<value>" } }) or one
 * stack's flat outputs object. Throws with a reason when the file is not that.
 */
export function readStackDnsOutputs(file: string): StackDnsOutputs {
  const json: unknown = JSON.parse(readFileSync(file, 'utf8'))
  if (typeof json !== 'object' || json === null) throw new Error('not a JSON object')
  const stacks = Object.values(json as Record<string, unknown>)
  const outputs = (
    stacks.every((value) => typeof value === 'object' && value !== null) ? Object.assign({}, ...stacks) : json
  ) as Record<string, unknown>
  const line = (id: string) => {
    const value = outputs[id]
    return typeof value === 'string' ? parseRecordLine(value) : undefined
  }
  const dkim = [1, 2, 3].map((n) => line(`DkimRecord${n}`)).filter((record) => record !== undefined)
  if (dkim.length === 0 && outputs.SenderDomain === undefined) {
    throw new Error('no DkimRecord1..3 or SenderDomain output: is this the Pressroom stack?')
  }
  const mx = line(OUTPUT_OF_RECORD.mailFromMx)
  const region = mx && /feedback-smtp\.([a-z0-9-]+)\.amazonses\.com/.exec(mx.value)?.[1]
  const dmarc = line(OUTPUT_OF_RECORD.dmarc)
  const text = (id: string) => (typeof outputs[id] === 'string' ? (outputs[id] as string) : undefined)
  return {
    senderDomain: text('SenderDomain'),
    mailFromDomain: text('MailFromDomain') ?? mx?.name,
    ...(dkim.length > 0 && { dkim: dkim.map(({ name, value }) => ({ name, value })) }),
    region: region ?? undefined,
    dmarcRecord: dmarc?.value,
  }
}
