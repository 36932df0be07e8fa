import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { simpleParser, type ParsedMail } from 'mailparser'

/** Every message the SES adapter wrote to the outbox folder, oldest first, parsed as a mail client would. */
export async function readOutbox(dir: string): Promise<ParsedMail[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.eml')).sort()
  return Promise.all(files.map(async (file) => simpleParser(await readFile(join(dir, file)))))
}

/** The first link in a message's text part that starts with `prefix`. */
export function linkIn(mail: ParsedMail, prefix: string): string {
  const match = (mail.text ?? '').match(
    new RegExp(`${prefix.replace(/[.?*+^$[\]\\(){}|-]/g, '\\$&')}[^\\s\\]>)]+`),
  )
  if (!match) throw new Error(`no link starting with ${prefix} in:\n${mail.text}`)
  return match[0]
}

/** A header as written (folding undone), e.g. `List-Unsubscribe-Post: List-Unsubscribe=One-Click`; '' when absent. */
export function headerLine(mail: ParsedMail, name: string): string {
  const line = mail.headerLines.find((header) => header.key === name.toLowerCase())?.line ?? ''
  return line.replace(/\r?\n[ \t]+/g, ' ')
}

/** The SES message tags the mailer sent with a message, from the outbox copy's X-SES-MESSAGE-TAGS header. */
export function messageTags(mail: ParsedMail): Record<string, string> {
  const value = headerLine(mail, 'x-ses-message-tags').replace(/^[^:]+:\s*/, '')
  return Object.fromEntries(
    value
      .split(',')
      .filter((pair) => pair.trim() !== '')
      .map((pair) => pair.trim().split('=') as [string, string]),
  )
}
