import { createHash, randomUUID } from 'node:crypto'
import { createServer } from 'node:http'

export interface MinimalSqs {
  url: string
  /** Every message body accepted so far, in order. */
  readonly bodies: string[]
  /** SendMessageBatch calls accepted so far. */
  calls(): number
  close(): Promise<void>
}

const JSON_TYPE = 'application/x-amz-json-1.0'

/**
 * A minimal SQS-compatible endpoint on 127.0.0.1 (port 0) for the digest planner's SqsBatchQueue: it accepts
 * SendMessageBatch in the AWS JSON 1.0 protocol the SDK speaks, keeps each message body and answers with
 * a MessageId and the MD5 the SDK checks. Point a client at it with AWS_ENDPOINT_URL_SQS.
 */
export async function startMinimalSqs(): Promise<MinimalSqs> {
  const bodies: string[] = []
  let calls = 0
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const answer = (status: number, payload: unknown) => {
        const json = JSON.stringify(payload)
        res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(json) })
        res.end(json)
      }
      if (req.method !== 'POST' || req.headers['x-amz-target'] !== 'AmazonSQS.SendMessageBatch') {
        return answer(400, {
          __type: 'com.amazonaws.sqs#UnsupportedOperation',
          message: 'only SendMessageBatch',
        })
      }
      const { Entries = [] } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        Entries?: { Id: string; MessageBody: string }[]
      }
      calls++
      answer(200, {
        Successful: Entries.map((entry) => {
          bodies.push(entry.MessageBody)
          return {
            Id: entry.Id,
            MessageId: randomUUID(),
            MD5OfMessageBody: createHash('md5').update(entry.MessageBody).digest('hex'),
          }
        }),
        Failed: [],
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    calls: () => calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
