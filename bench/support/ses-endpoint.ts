import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'

export interface MinimalSes {
  url: string
  /** SendRawEmail requests accepted so far, and their request bytes. */
  stats(): { messages: number; requestBytes: number }
  close(): Promise<void>
}

/**
 * A minimal SES-compatible endpoint on 127.0.0.1 (port 0): it accepts SendRawEmail (an Action=SendRawEmail
 * form POST), answers with SES's XML and a MessageId, and discards the message. Anything else gets SES's
 * InvalidAction error. Unlike aws-ses-v2-local it neither parses nor keeps messages, so it costs little.
 */
export async function startMinimalSes(): Promise<MinimalSes> {
  let sesMessages = 0
  let sesRequestBytes = 0
  const minimal: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const form = body.toString('latin1') // application/x-www-form-urlencoded is ASCII
      if (
        req.method === 'POST' &&
        form.includes('Action=SendRawEmail') &&
        form.includes('RawMessage.Data=')
      ) {
        sesMessages++
        sesRequestBytes += body.length
        const xml =
          '<?xml version="1.0" encoding="UTF-8"?>' +
          '<SendRawEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><SendRawEmailResult>' +
          `<MessageId>bench-${sesMessages}-${randomUUID()}</MessageId></SendRawEmailResult>` +
          `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></SendRawEmailResponse>`
        res.writeHead(200, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(xml) })
        res.end(xml)
        return
      }
      const xml =
        '<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type>' +
        '<Code>InvalidAction</Code><Message>only SendRawEmail</Message></Error></ErrorResponse>'
      res.writeHead(400, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(xml) })
      res.end(xml)
    })
  })
  await new Promise<void>((resolve) => minimal.listen(0, '127.0.0.1', () => resolve()))
  const address = minimal.address()
  const sesPort = typeof address === 'object' && address !== null ? address.port : 0
  return {
    url: `http://127.0.0.1:${sesPort}`,
    stats: () => ({ messages: sesMessages, requestBytes: sesRequestBytes }),
    close: () =>
      new Promise<void>((resolve) => {
        minimal.close(() => resolve())
        minimal.closeAllConnections()
      }),
  }
}
