import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses'
import { parseMessageTags } from '../../core/message-tags'
import type { Clock, Mailer, OutgoingEmail } from '../../core/ports'
import { systemClock } from '../../core/ports'
import { toMailerError } from './errors'
import type { Sender } from './mime'
import { messageTagsHeader } from './message-tags'
import { buildMimeMessage, parseSender } from './mime'

export interface SesMailerOptions {
  region: string
  /** Only for the local emulator (aws-ses-v2-local); on AWS the SDK resolves the regional endpoint. */
  endpoint?: string
  /** The From header, e.g. "Pressroom <news@example.com>" (configuration MAIL_FROM). */
  from: string
  /** SES configuration set that publishes bounce, complaint and delivery events. */
  configurationSet?: string
  /** Locally, where a copy of every sent message goes, as <timestamp>-<messageId>.eml. */
  outboxDir?: string
  clock?: Clock
  /** A ready client (tests, or sharing one per Lambda); otherwise one is made from region and endpoint. */
  client?: SESClient
}

/** Sends through SES's SendRawEmail, so the message (headers included) is exactly what mime.ts built. */
export class SesMailer implements Mailer {
  private readonly client: SESClient
  private readonly sender: Sender
  private readonly clock: Clock

  constructor(private readonly options: SesMailerOptions) {
    this.sender = parseSender(options.from)
    this.clock = options.clock ?? systemClock
    this.client =
      options.client ??
      new SESClient({
        region: options.region,
        ...(options.endpoint !== undefined && {
          endpoint: options.endpoint,
          // The emulator accepts any credentials; fixed ones keep a laptop without an AWS profile working.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }),
      })
  }

  /** Returns SES's message id, the one its bounce, complaint and delivery events refer to. */
  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const sentAt = this.clock.now()
    // Before anything else: a tag SES would refuse fails this message here, with the tag named.
    const tags = email.tags === undefined ? [] : parseMessageTags(email.tags)
    const { raw, messageId: headerMessageId } = await buildMimeMessage(email, {
      sender: this.sender,
      date: sentAt,
      ...(this.options.configurationSet !== undefined && { configurationSet: this.options.configurationSet }),
    })
    // Made before sending, so a bad outbox folder fails before anything goes out.
    if (this.options.outboxDir !== undefined) await mkdir(this.options.outboxDir, { recursive: true })
    let sesMessageId: string | undefined
    try {
      const output = await this.client.send(
        new SendRawEmailCommand({
          RawMessage: { Data: raw },
          Destinations: [email.to],
          ...(tags.length > 0 && { Tags: tags }),
        }),
      )
      sesMessageId = output.MessageId
    } catch (error) {
      throw toMailerError(error)
    }
    const messageId = sesMessageId ?? headerMessageId.slice(1, -1)
    if (this.options.outboxDir !== undefined) {
      // aws-ses-v2-local keeps no tags, so the outbox copy (only it) shows them the way SES's header would.
      const copy =
        tags.length === 0
          ? raw
          : Buffer.concat([Buffer.from(`X-SES-MESSAGE-TAGS: ${messageTagsHeader(tags)}\r\n`, 'latin1'), raw])
      await writeFile(join(this.options.outboxDir, outboxFileName(sentAt, messageId)), copy)
    }
    return { messageId }
  }
}

/** `20261127T090000123Z-<id>.eml`: sorts by time, and is a valid file name everywhere. */
export function outboxFileName(sentAt: Date, messageId: string): string {
  const stamp = sentAt.toISOString().replace(/[-:.]/g, '')
  return `${stamp}-${messageId.replace(/[^A-Za-z0-9._@-]/g, '_')}.eml`
}
