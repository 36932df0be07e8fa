import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { simpleParser } from 'mailparser'
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest'
import { SESClient } from '@aws-sdk/client-ses'
import { ThrottledError } from '../../functions/adapters/ses/errors'
import { ValidationError } from '../../functions/core/errors'
import { SesMailer } from '../../functions/adapters/ses/ses-mailer'
import { feedbackTags } from '../../functions/core/mail-stream'
import type { Publication } from '../../functions/core/publication'
import { renderConfirmationEmail } from '../../functions/email/render'

const publication: Publication = {
  title: '한국 경제 리포트',
  description: '장문 분석',
  lang: 'ko',
  author: '김민준',
  siteUrl: 'https://news.example.com',
  feedSize: 20,
}
const confirmUrl = 'https://news.example.com/subscribe/confirm?token=abc.def&lang=ko'
const escapedConfirmUrl = 'https://news.example.com/subscribe/confirm?token=abc.def&amp;lang=ko'
const sentAt = new Date('2026-11-27T00:30:00.000Z')
const clock = { now: () => sentAt }

/** The fields aws-ses-v2-local keeps per message (it parses the raw message and keeps no copy of it). */
interface StoredEmail {
  messageId: string
  from: string
  destination: { to: string[] }
  subject: string
  body: { text?: string; html?: string }
}

describe('SesMailer', () => {
  let outboxDir: string
  beforeEach(async () => {
    outboxDir = await mkdtemp(join(tmpdir(), 'pressroom-outbox-'))
  })
  afterEach(async () => rm(outboxDir, { recursive: true, force: true }))

  const confirmation = () => ({
    to: 'reader@example.com',
    ...renderConfirmationEmail({
      lang: 'ko',
      confirmUrl,
      publication,
      postalAddress: '서울특별시 중구 세종대로 110',
    }),
    listUnsubscribe: {
      url: 'https://news.example.com/unsubscribe?token=abc.def&one-click=1',
      mailto: 'unsubscribe@news.example.com',
    },
    headers: { 'List-Id': '한국 경제 리포트 <news.example.com>' },
  })

  it('sends a Korean confirmation email that SES receives intact', async () => {
    const ses = inject('sesEndpoint')
    const mailer = new SesMailer({
      region: 'us-east-1',
      endpoint: ses,
      from: '한국 경제 리포트 <news@news.example.com>',
      clock,
    })

    const { messageId } = await mailer.send(confirmation())

    const store = (await (await fetch(`${ses}/store`)).json()) as { emails: StoredEmail[] }
    const stored = store.emails.find((email) => email.messageId === messageId)
    expect(stored).toBeDefined()
    expect(stored!.subject).toBe('한국 경제 리포트 구독을 확인해 주세요')
    expect(stored!.from).toBe('"한국 경제 리포트" <news@news.example.com>')
    expect(stored!.destination.to).toEqual(['reader@example.com'])
    expect(stored!.body.html).toContain(`href="${escapedConfirmUrl}"`)
    expect(stored!.body.text).toContain(confirmUrl)
  })

  it('writes the exact message to the outbox: headers, parts in order, both parts filled and escaped', async () => {
    const mailer = new SesMailer({
      region: 'us-east-1',
      endpoint: inject('sesEndpoint'),
      from: '한국 경제 리포트 <news@news.example.com>',
      configurationSet: 'pressroom-events',
      outboxDir: join(outboxDir, 'not-yet-there'),
      clock,
    })

    const { messageId } = await mailer.send(confirmation())

    const files = await readdir(join(outboxDir, 'not-yet-there'))
    expect(files).toEqual([`20261127T003000000Z-${messageId}.eml`])
    const raw = await readFile(join(outboxDir, 'not-yet-there', files[0]!))
    const mail = await simpleParser(raw)
    const header = (name: string) =>
      mail.headerLines.find((line) => line.key === name)?.line.replace(/\r\n /g, ' ')

    expect(mail.subject).toBe('한국 경제 리포트 구독을 확인해 주세요')
    expect(header('subject')).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/)
    expect(mail.from?.value).toEqual([{ name: '한국 경제 리포트', address: 'news@news.example.com' }])
    expect(mail.to).toMatchObject({ value: [{ address: 'reader@example.com' }] })
    expect(mail.date?.toISOString()).toBe(sentAt.toISOString())
    expect(mail.messageId).toMatch(/^<[0-9a-f-]{36}@news\.example\.com>$/)
    expect(header('list-unsubscribe')).toBe(
      'List-Unsubscribe: <https://news.example.com/unsubscribe?token=abc.def&one-click=1>, <mailto:unsubscribe@news.example.com>',
    )
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click')
    expect(header('list-id')).toMatch(/^List-ID: =\?UTF-8\?B\?\S+\?= <news\.example\.com>$/)
    // mailparser does not decode the List-Id phrase, so the test does
    const listId = (mail.headers.get('list') as { id: { name: string; id: string } }).id
    expect(listId.id).toBe('news.example.com')
    const [, base64 = ''] = /^=\?UTF-8\?B\?(\S+)\?=$/.exec(listId.name) ?? []
    expect(Buffer.from(base64, 'base64').toString('utf8')).toBe('한국 경제 리포트')
    expect(header('x-ses-configuration-set')).toBe('X-SES-CONFIGURATION-SET: pressroom-events')

    const source = raw.toString('latin1')
    expect(mail.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' })
    const textAt = source.indexOf('Content-Type: text/plain; charset=utf-8')
    const htmlAt = source.indexOf('Content-Type: text/html; charset=utf-8')
    expect(textAt).toBeGreaterThan(0)
    expect(htmlAt).toBeGreaterThan(textAt)
    expect(source).not.toMatch(/[^\r]\n/)

    expect(mail.text).toContain(confirmUrl)
    expect(mail.text).not.toContain('&amp;')
    expect(mail.html).toContain(`href="${escapedConfirmUrl}"`)
    expect(mail.html).not.toContain('&lang=ko')
    expect(`${mail.text}${mail.html}`).not.toContain('{{')
  })

  describe('message tags', () => {
    /** A mailer on the emulator whose SDK client notes every SendRawEmail it makes, with its Tags. */
    const taggingMailer = () => {
      const requests: { Tags?: { Name?: string; Value?: string }[] }[] = []
      const client = new SESClient({
        region: 'us-east-1',
        endpoint: inject('sesEndpoint'),
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      })
      client.middlewareStack.add(
        (next) => async (args) => {
          requests.push(args.input as (typeof requests)[number])
          return next(args)
        },
        { step: 'initialize', name: 'noteRequests' },
      )
      const mailer = new SesMailer({
        region: 'us-east-1',
        from: 'news@news.example.com',
        client,
        outboxDir,
        clock,
      })
      return { mailer, requests }
    }

    it("hands the email's tags to SendRawEmail as SES's Tags list", async () => {
      const { mailer, requests } = taggingMailer()

      await mailer.send({ ...confirmation(), tags: { 'pressroom-digest': 'weekly-2026-W48' } })

      expect(requests.map((request) => request.Tags)).toEqual([
        [{ Name: 'pressroom-digest', Value: 'weekly-2026-W48' }],
      ])
    })

    it('refuses a tag SES would refuse before sending anything, naming it', async () => {
      const { mailer, requests } = taggingMailer()

      const error = await mailer
        .send({ ...confirmation(), tags: { 'pressroom-digest': 'weekly.2026' } })
        .catch((caught: unknown) => caught)

      expect(error).toBeInstanceOf(ValidationError)
      expect(String(error)).toContain('tags.pressroom-digest')
      expect(requests).toEqual([])
      expect(await readdir(outboxDir)).toEqual([])
    })

    it('passes its tags to SendRawEmail, and writes them as X-SES-MESSAGE-TAGS in the outbox copy only', async () => {
      // Prepare: a client that keeps the query each SendRawEmail sends (the emulator keeps no tags)
      const client = new SESClient({
        region: 'us-east-1',
        endpoint: inject('sesEndpoint'),
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      })
      const bodies: string[] = []
      client.middlewareStack.add(
        (next) => async (args) => {
          bodies.push(String((args.request as { body?: unknown }).body))
          return next(args)
        },
        { step: 'finalizeRequest' },
      )
      const mailer = new SesMailer({
        region: 'us-east-1',
        from: 'news@news.example.com',
        outboxDir,
        clock,
        client,
      })

      // Act
      await mailer.send({ ...confirmation(), tags: feedbackTags('digest', 'weekly') })

      // Assess
      const query = new URLSearchParams(bodies[0])
      expect(
        [1, 2].map((n) => [query.get(`Tags.member.${n}.Name`), query.get(`Tags.member.${n}.Value`)]),
      ).toEqual([
        ['ses:feedback-id-a', 'digest'],
        ['ses:feedback-id-b', 'weekly'],
      ])
      expect(Buffer.from(query.get('RawMessage.Data') ?? '', 'base64').toString('latin1')).not.toContain(
        'X-SES-MESSAGE-TAGS',
      )
      const [file] = await readdir(outboxDir)
      const copy = await readFile(join(outboxDir, file!), 'latin1')
      expect(copy).toMatch(/^X-SES-MESSAGE-TAGS: ses:feedback-id-a=digest, ses:feedback-id-b=weekly\r\n/)
    })
  })

  describe('when SES says to slow down', () => {
    let server: Server
    let endpoint: string
    let answer: { code: string; message: string }
    let requests = 0
    beforeEach(async () => {
      requests = 0
      // A loopback server that answers SendRawEmail the way SES's query API reports an error.
      server = createServer((req, res) => {
        requests += 1
        req.resume().on('end', () => {
          res
            .writeHead(400, { 'content-type': 'text/xml' })
            .end(
              `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type>` +
                `<Code>${answer.code}</Code><Message>${answer.message}</Message></Error>` +
                `<RequestId>0d8c4b1e-0000-0000-0000-000000000000</RequestId></ErrorResponse>`,
            )
        })
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`
    })
    afterEach(async () => {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    })

    const send = () =>
      new SesMailer({ region: 'us-east-1', endpoint, from: 'news@news.example.com', outboxDir, clock }).send(
        confirmation(),
      )

    it('throws ThrottledError for the sending rate, after the SDK has retried, and writes no outbox copy', async () => {
      answer = { code: 'Throttling', message: 'Maximum sending rate exceeded.' }
      const error = await send().catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(ThrottledError)
      expect(error).toMatchObject({ reason: 'rate', cause: { name: 'Throttling' } })
      expect(requests).toBeGreaterThan(1)
      expect(await readdir(outboxDir)).toEqual([])
    })

    it('throws ThrottledError for the daily quota', async () => {
      answer = { code: 'Throttling', message: 'Daily message quota exceeded.' }
      await expect(send()).rejects.toMatchObject({ name: 'ThrottledError', reason: 'daily-quota' })
    })

    it('passes other errors through unchanged', async () => {
      answer = { code: 'MessageRejected', message: 'Email address is not verified.' }
      const error = await send().catch((caught: unknown) => caught)
      expect(error).not.toBeInstanceOf(ThrottledError)
      expect(error).toMatchObject({ name: 'MessageRejected' })
      expect(requests).toBe(1)
    })
  })
})
