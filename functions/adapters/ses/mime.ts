import { randomUUID } from 'node:crypto'
import addressparser from 'nodemailer/lib/addressparser'
import MailComposer from 'nodemailer/lib/mail-composer'
import MimeNode, { type MimeNodeHeaderValue } from 'nodemailer/lib/mime-node'
import { encodeWord, isPlainText, quoteString } from 'nodemailer/lib/mime-funcs'
import type { EmailContent } from '../../core/filled-text'
import type { OutgoingEmail } from '../../core/ports'
import { encodeBase64Body } from './base64-body'

/** The From of every message, parsed once from configuration (MAIL_FROM, e.g. "Pressroom <news@example.com>"). */
export interface Sender {
  name: string
  address: string
  /** The address's domain; Message-IDs are made on it. */
  domain: string
}

/** Parses "Display Name <local@domain>" (or a bare address); throws when there is no usable address. */
export function parseSender(from: string): Sender {
  const [mailbox] = addressparser(from, { flatten: true })
  const address = mailbox?.address ?? ''
  const at = address.lastIndexOf('@')
  if (at < 1 || at === address.length - 1) {
    throw new Error(`MAIL_FROM must be an address such as "Pressroom <news@example.com>", got "${from}"`)
  }
  return { name: mailbox?.name ?? '', address, domain: address.slice(at + 1) }
}

export interface MimeOptions {
  sender: Sender
  date: Date
  /** Unique part of the Message-ID; random when not given. */
  messageIdLocalPart?: string
  /** SES configuration set (event publishing), named in the X-SES-CONFIGURATION-SET header. */
  configurationSet?: string
}

/** Headers this module sets itself; the same names in `email.headers` are dropped rather than doubled. */
const OWN_HEADERS = new Set(['list-unsubscribe', 'list-unsubscribe-post', 'x-ses-configuration-set'])

/**
 * List-Id is `phrase <list.id>` (RFC 2919). MailComposer would RFC 2047-encode a non-ASCII value whole,
 * the `<list.id>` included, which no client could read; so only the phrase is encoded (or quoted) here.
 */
function listIdValue(value: string): MimeNodeHeaderValue {
  const match = /^(.*?)\s*<([^<>]+)>\s*$/.exec(value.replace(/[\r\n]+/g, ' ').trim())
  if (match === null) return value
  const [, phrase = '', id = ''] = match
  if (phrase === '') return `<${id}>`
  const encoded = isPlainText(phrase) ? quoteString(phrase) : encodeWord(phrase, 'B', 52)
  return { prepared: true, foldLines: true, value: `${encoded} <${id}>` }
}

/**
 * The header block of one alternative, written by nodemailer's MimeNode (as a child part, so without the
 * message-level headers), and the blank line after it. Made once per content type.
 */
function partHeaders(contentType: string): Buffer {
  const part = new MimeNode('multipart/alternative').createChild(`${contentType}; charset=utf-8`)
  part.setHeader('Content-Transfer-Encoding', 'base64')
  return Buffer.from(`${part.buildHeaders()}\r\n\r\n`, 'latin1')
}
const PART_HEADERS = { text: partHeaders('text/plain'), html: partHeaders('text/html') }

/**
 * One alternative of the message, handed to MailComposer ready-made (`raw`): UTF-8 in base64, encoded by
 * base64-body.ts, which encodes a digest variant's shared parts once rather than per recipient. Base64
 * rather than quoted-printable: Korean text is nearly all non-ASCII, which quoted-printable triples.
 */
function alternative(kind: keyof typeof PART_HEADERS, content: EmailContent): { raw: Buffer } {
  return { raw: Buffer.concat([PART_HEADERS[kind], encodeBase64Body(content)]) }
}

/**
 * Builds the raw RFC 5322 message SES sends: multipart/alternative with the text part first and the HTML
 * last (the part a client prefers comes last), UTF-8 throughout, non-ASCII headers RFC 2047-encoded by
 * MailComposer, CRLF line endings throughout. Note that SES replaces Message-ID and Date with its own
 * values; ours matter for the local outbox and for any other transport.
 */
export async function buildMimeMessage(
  email: OutgoingEmail,
  options: MimeOptions,
): Promise<{ raw: Buffer; messageId: string }> {
  const messageId = `<${options.messageIdLocalPart ?? randomUUID()}@${options.sender.domain}>`
  const headers: Record<string, MimeNodeHeaderValue> = {}
  for (const [key, value] of Object.entries(email.headers ?? {})) {
    if (OWN_HEADERS.has(key.toLowerCase())) continue
    headers[key] = key.toLowerCase() === 'list-id' ? listIdValue(value) : value
  }
  if (email.listUnsubscribe !== undefined) {
    const { url, mailto } = email.listUnsubscribe
    const targets =
      mailto === undefined ? [url] : [url, mailto.startsWith('mailto:') ? mailto : `mailto:${mailto}`]
    headers['List-Unsubscribe'] = targets.map((target) => `<${target}>`).join(', ')
    // RFC 8058: mail clients may unsubscribe with one POST to the https URL, without opening a page.
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click'
  }
  if (options.configurationSet !== undefined) {
    headers['X-SES-CONFIGURATION-SET'] = options.configurationSet
  }
  const composer = new MailComposer({
    from: { name: options.sender.name, address: options.sender.address },
    to: email.to,
    subject: email.subject,
    date: options.date,
    messageId,
    text: alternative('text', email.text),
    html: alternative('html', email.html),
    headers,
    // MailComposer title-cases header names; SES documents this one in capitals, so it goes out as written.
    normalizeHeaderKey: (key) =>
      key.toLowerCase() === 'x-ses-configuration-set' ? 'X-SES-CONFIGURATION-SET' : key,
    // The content is always in memory; never let a value make MailComposer read a file or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  })
  const raw = await composer.compile().build()
  return { raw, messageId }
}
