/**
 * `npm run ses-event -- a.json [b.json ...]`: replays SES notifications into the local stack (the dynalite
 * that `npm start` runs), through the very handler the SNS-triggered Lambda uses. A file may hold a bare SES
 * notification, an SNS message as SNS delivers it over HTTP/SQS, or a whole SNS Lambda event. A bad file
 * gets one line naming it and the problem; the other files still go through.
 *
 * `npm run ses-event -- --digest <id> [--type delivery|bounce|complaint] [--to <address> ...]`: makes up
 * the SES event SES would publish about a digest message the local stack sent (to each --to, or to every
 * recipient the ledger says it was sent to), with the message's id from the ledger and the digest's tag,
 * and replays it the same way: the digest's delivery figures move as they would on AWS.
 */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb'
import type { SNSEvent, SNSEventRecord } from 'aws-lambda'
import { realpathSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createDynamoClients } from '../functions/clients'
import { DynamoAuditLog } from '../functions/adapters/dynamodb/audit-log'
import { DynamoDeliveryFigures } from '../functions/adapters/dynamodb/delivery-figures'
import { DynamoDigestStore } from '../functions/adapters/dynamodb/digest-store'
import { DynamoSubscriberStore } from '../functions/adapters/dynamodb/subscriber-store'
import type { Delivery } from '../functions/core/digest'
import type { FeedbackDeps, FeedbackSummary } from '../functions/core/feedback'
import { systemClock, type DigestStore, type SubscriberStore } from '../functions/core/ports'
import { normaliseEmail, subscriberId } from '../functions/core/subscriber'
import { handleSnsEvent } from '../functions/ses-events/handle-sns-event'
import { loadLocalConfig } from '../infra/local/local-config'
import { REPLAY_TYPES, sesEventNotification, type ReplayType } from './ses-notification'
import { cliMessages } from './messages'
import type { SesEventProblem } from './ses-event-problems'

// The same table and region as `npm start` (infra/local/start.ts).
const TABLE_NAME = 'pressroom'
const REGION = 'us-east-1'

/** The file's content is not something this command can replay; `problem` says why, the message in English. */
export class EventFileError extends Error {
  override name = 'EventFileError'
  constructor(readonly problem: SesEventProblem) {
    super(cliMessages({}).sesEvent.problem(problem))
  }
}

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Reads a notification file into the SNS Lambda event the handler takes. */
export async function loadEventFile(file: string): Promise<SNSEvent> {
  const text = await readFile(file, 'utf8')
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new EventFileError({ kind: 'not-json', detail: (error as Error).message })
  }
  return toSnsEvent(json, basename(file))
}

/** Accepts an SNS Lambda event, an SNS message envelope, or a bare SES notification. */
export function toSnsEvent(json: unknown, name = 'file'): SNSEvent {
  if (!isObject(json)) throw new EventFileError({ kind: 'no-json-object' })
  if ('Records' in json) {
    const records = json.Records
    if (!Array.isArray(records) || records.length === 0) throw new EventFileError({ kind: 'records-empty' })
    records.forEach((record: unknown, index) => {
      if (!isObject(record) || !isObject(record.Sns) || typeof record.Sns.Message !== 'string') {
        throw new EventFileError({ kind: 'record-without-message', index })
      }
    })
    return json as unknown as SNSEvent
  }
  if ('Type' in json && 'Message' in json) {
    if (json.Type !== 'Notification') {
      throw new EventFileError({ kind: 'not-a-notification', type: String(json.Type) })
    }
    if (typeof json.Message !== 'string') throw new EventFileError({ kind: 'message-not-string' })
    return { Records: [record(json.Message, json, name)] }
  }
  if ('notificationType' in json || 'eventType' in json) {
    return { Records: [record(JSON.stringify(json), {}, name)] }
  }
  throw new EventFileError({ kind: 'unknown-shape' })
}

/** An SNS Lambda record around one message, keeping whatever the envelope said about it. */
function record(message: string, envelope: Json, name: string): SNSEventRecord {
  const text = (key: string, fallback: string) =>
    typeof envelope[key] === 'string' ? (envelope[key] as string) : fallback
  const topicArn = text('TopicArn', 'arn:aws:sns:us-east-1:000000000000:pressroom-local')
  return {
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: `${topicArn}:local`,
    Sns: {
      Type: 'Notification',
      MessageId: text('MessageId', `local:${name}`),
      TopicArn: topicArn,
      Message: message,
      Timestamp: text('Timestamp', new Date().toISOString()),
      SignatureVersion: text('SignatureVersion', '1'),
      Signature: text('Signature', ''),
      // Over HTTP SNS spells these ...URL; Lambda events spell them ...Url.
      SigningCertUrl: text('SigningCertURL', text('SigningCertUrl', '')),
      UnsubscribeUrl: text('UnsubscribeURL', text('UnsubscribeUrl', '')),
      MessageAttributes: {},
    },
  }
}

/** What one notification did, in the publication's language (PUBLICATION_LANG). */
export function describeSummary(summary: FeedbackSummary, m = cliMessages().sesEvent): string {
  const parts = [
    summary.suppressed.length > 0 && m.suppressed(summary.suppressed),
    summary.softBounced.length > 0 && m.softBounced(summary.softBounced),
    summary.unchanged > 0 && m.alreadySuppressed(summary.unchanged),
    summary.unknown > 0 && m.unknown(summary.unknown),
    summary.ignored > 0 && m.ignored(summary.ignored),
    summary.figure !== undefined && describeFigure(summary.figure, m),
  ].filter(Boolean)
  return parts.length > 0 ? parts.join('; ') : m.noRecipients
}

function describeFigure(
  figure: NonNullable<FeedbackSummary['figure']>,
  m: ReturnType<typeof cliMessages>['sesEvent'],
): string {
  if (figure.outcome === 'counted') return m.figureCounted(figure.figure, figure.digestId)
  if (figure.outcome === 'already-counted') return m.figureAlreadyCounted(figure.figure, figure.digestId)
  return m.figureNoDigest(figure.digestId)
}

/** Replays one file; the line says what it did or what is wrong with it, in `m`'s language. */
export async function replayFile(
  deps: FeedbackDeps,
  file: string,
  m = cliMessages().sesEvent,
): Promise<{ ok: boolean; line: string }> {
  let event: SNSEvent
  try {
    event = await loadEventFile(file)
  } catch (error) {
    return { ok: false, line: `${file}: ${describeError(error, m)}` }
  }
  const outcomes = await handleSnsEvent(deps, event, { log: () => {} })
  const skipped = outcomes.flatMap((outcome) => (outcome.status === 'skipped' ? [outcome.problem] : []))
  if (skipped.length > 0) return { ok: false, line: `${file}: ${skipped.map(m.problem).join('; ')}` }
  const lines = outcomes.flatMap((outcome) =>
    outcome.status === 'applied' ? [describeSummary(outcome.summary, m)] : [],
  )
  return { ok: true, line: `${file}: ${lines.join(' | ')}` }
}

function describeError(error: unknown, m = cliMessages().sesEvent): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return m.problem({ kind: 'no-such-file' })
  if (code === 'EISDIR') return m.problem({ kind: 'is-folder' })
  if (error instanceof EventFileError) return m.problem(error.problem)
  return error instanceof Error ? error.message : String(error)
}

/** The command line: event files, or a digest whose messages to make events about. */
export function parseCommandLine(
  args: string[],
): { files: string[] } | { digestId: string; type: ReplayType; to: string[] } | { error: SesEventProblem } {
  let parsed
  try {
    parsed = parseArgs({
      args: args.filter((arg) => arg !== '--'),
      allowPositionals: true,
      options: {
        digest: { type: 'string' },
        type: { type: 'string', default: 'delivery' },
        to: { type: 'string', multiple: true, default: [] },
      },
    })
  } catch (error) {
    return { error: { kind: 'bad-option', detail: (error as Error).message } }
  }
  const { values, positionals } = parsed
  if (values.digest === undefined) {
    if (positionals.length === 0) return { error: { kind: 'no-input' } }
    return { files: positionals }
  }
  if (positionals.length > 0) return { error: { kind: 'files-and-digest' } }
  const type = REPLAY_TYPES.find((known) => known === values.type)
  if (type === undefined)
    return { error: { kind: 'bad-type', got: String(values.type), known: REPLAY_TYPES } }
  return { digestId: values.digest, type, to: values.to }
}

/** The sent deliveries of a digest (to `to`, or to everyone), with each recipient's address. */
async function sentMessages(
  digests: DigestStore,
  subscribers: SubscriberStore,
  digestId: string,
  to: string[],
): Promise<{ recipient: string; delivery: Delivery }[] | SesEventProblem> {
  if ((await digests.getDigest(digestId)) === undefined) return { kind: 'no-digest', digestId }
  let deliveries: Delivery[] = []
  if (to.length > 0) {
    const found = await digests.getDeliveries(
      digestId,
      to.map((address) => subscriberId(normaliseEmail(address))),
    )
    deliveries = [...found.values()]
  } else {
    let cursor: string | undefined
    do {
      const page = await digests.listDeliveries(digestId, { limit: 100, ...(cursor && { cursor }) })
      deliveries.push(...page.items)
      cursor = page.cursor
    } while (cursor !== undefined)
  }
  deliveries = deliveries.filter((delivery) => delivery.state === 'sent' && delivery.messageId !== undefined)
  const records = await subscribers.getMany(deliveries.map((delivery) => delivery.subscriberId))
  const messages = deliveries.flatMap((delivery) => {
    const email = records.get(delivery.subscriberId)?.email
    return email === undefined ? [] : [{ recipient: email, delivery }]
  })
  if (messages.length === 0) {
    return to.length > 0 ? { kind: 'not-sent-to', digestId, to } : { kind: 'nothing-sent', digestId }
  }
  return messages
}

/**
 * Makes up and replays the `request.type` event for each sent message of the digest; prints one line per
 * message. Returns the exit code: 1 when the digest or the recipients have no sent message.
 */
export async function replayDigest(
  deps: FeedbackDeps,
  digests: DigestStore,
  request: { digestId: string; type: ReplayType; to: string[] },
  print: { line: (text: string) => void; error: (text: string) => void } = {
    line: console.log,
    error: console.error,
  },
  m = cliMessages().sesEvent,
): Promise<number> {
  const messages = await sentMessages(digests, deps.subscribers, request.digestId, request.to)
  if (!Array.isArray(messages)) {
    print.error(m.problem(messages))
    return 1
  }
  const at = new Date().toISOString()
  for (const { recipient, delivery } of messages) {
    const notification = sesEventNotification(request.type, {
      messageId: delivery.messageId!,
      recipient,
      digestId: request.digestId,
      sentAt: delivery.sentAt ?? at,
      at,
    })
    const event = toSnsEvent(notification, `${request.type}-${delivery.messageId}`)
    const [outcome] = await handleSnsEvent(deps, event, { log: () => {} })
    if (outcome === undefined) continue // one record in, one outcome out
    const line =
      outcome.status === 'applied' ? describeSummary(outcome.summary, m) : m.problem(outcome.problem)
    print.line(m.replayed(request.type, delivery.messageId!, recipient, line))
  }
  return 0
}

async function main(): Promise<number> {
  const args = process.argv.slice(2).filter((arg) => arg !== '--')
  const { usage } = cliMessages().sesEvent
  // Nothing given: the usage alone says it, in the publication's language.
  if (args.length === 0) {
    console.error(usage)
    return 2
  }
  const request = parseCommandLine(args)
  if ('error' in request) {
    console.error(`${cliMessages().sesEvent.problem(request.error)}\n${usage}`)
    return 2
  }
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  let port: number
  try {
    port = loadLocalConfig(process.env).DYNAMODB_PORT
  } catch (error) {
    console.error(describeError(error))
    return 2
  }
  const endpoint = `http://127.0.0.1:${port}`
  const { client, document } = createDynamoClients({ region: REGION, endpoint })
  try {
    await client.send(new DescribeTableCommand({ TableName: TABLE_NAME }))
  } catch (error) {
    console.error(cliMessages().sesEvent.cannotReachTable(TABLE_NAME, endpoint, describeError(error)))
    return 2
  }
  const subscribers = new DynamoSubscriberStore(document, TABLE_NAME)
  const deps: FeedbackDeps = {
    subscribers,
    audit: new DynamoAuditLog(document, TABLE_NAME),
    figures: new DynamoDeliveryFigures(document, TABLE_NAME),
    clock: systemClock,
  }
  if ('digestId' in request) {
    const code = await replayDigest(deps, new DynamoDigestStore(document, TABLE_NAME), request)
    client.destroy()
    return code
  }
  let failures = 0
  for (const file of request.files) {
    let outcome: { ok: boolean; line: string }
    try {
      outcome = await replayFile(deps, file)
    } catch (error) {
      outcome = { ok: false, line: `${file}: ${describeError(error)}` }
    }
    if (outcome.ok) console.log(outcome.line)
    else {
      failures++
      console.error(outcome.line)
    }
  }
  client.destroy()
  return failures === 0 ? 0 : 1
}

function invokedDirectly(): boolean {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(import.meta.url))
  } catch {
    return false
  }
}

// Run only as a command, not when a test imports loadEventFile.
if (invokedDirectly()) process.exitCode = await main()
