import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs'
import type { SQSEvent, SQSRecord } from 'aws-lambda'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FeedChangeQueue } from '../../functions/adapters/queue/feed-change-queue'
import { IndexNowPinger } from '../../functions/adapters/search/indexnow-pinger'
import { HubPinger } from '../../functions/adapters/websub/hub-pinger'
import { handleFeedChanges } from '../../functions/websub/handle-feed-changes'
import { LocalIndexNow } from '../support/local-indexnow'
import { articleJson, createTestApp, SITE_URL } from '../support/test-app'

const KEY = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d'
const ARTICLE_URL = `${SITE_URL}/articles/bandoche-suchul-jeonmang`

const sqsEvent = (...bodies: string[]): SQSEvent => ({
  Records: bodies.map(
    (body, i) =>
      ({
        messageId: `msg-${i}`,
        receiptHandle: `rh-${i}`,
        body,
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: '1764230400000',
          SenderId: 'AROAEXAMPLE',
          ApproximateFirstReceiveTimestamp: '1764230400001',
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:feed-changes',
        awsRegion: 'us-east-1',
      }) satisfies SQSRecord,
  ),
})

describe('IndexNow', () => {
  let engine: LocalIndexNow
  beforeEach(async () => {
    engine = new LocalIndexNow()
    await engine.start()
  })
  afterEach(async () => engine.stop())

  const withKey = () => createTestApp({ env: { INDEXNOW_KEY: KEY, INDEXNOW_ENDPOINT: engine.url } })
  const idle = (t: Awaited<ReturnType<typeof withKey>>) =>
    (t.deps.feedListener as unknown as { idle(): Promise<void> }).idle()

  it('serves the key file at /<key>.txt, and none without a key', async () => {
    const t = await withKey()
    const file = await t.app.request(`/${KEY}.txt`)
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await file.text()).toBe(KEY)
    expect((await t.app.request('/another-key-1234.txt')).status).toBe(404)
    const bare = await createTestApp()
    expect((await bare.app.request(`/${KEY}.txt`)).status).toBe(404)
  })

  it('submits the article URL on publish, update, unpublish and delete, never for a draft (npm start)', async () => {
    const t = await withKey()
    const expected = {
      contentType: 'application/json; charset=utf-8',
      body: {
        host: 'news.example.com',
        key: KEY,
        keyLocation: `${SITE_URL}/${KEY}.txt`,
        urlList: [ARTICLE_URL],
      },
    }
    const slug = '/api/articles/bandoche-suchul-jeonmang'
    await t.admin('/api/articles', { method: 'POST', body: articleJson({ status: 'draft' }) })
    await t.admin(slug, { method: 'PUT', body: articleJson({ status: 'draft', summary: 'Still a draft' }) })
    await idle(t)
    expect(engine.received).toEqual([])

    await t.admin(`${slug}/publish`, { method: 'POST' })
    await engine.whenReceived(1)
    await t.admin(slug, { method: 'PUT', body: articleJson({ summary: 'Updated' }) })
    await engine.whenReceived(2)
    await t.admin(`${slug}/unpublish`, { method: 'POST' })
    await engine.whenReceived(3)
    // Deleting a draft touches no public page; deleting a published article makes one a 404.
    await t.admin(`${slug}/publish`, { method: 'POST' })
    await engine.whenReceived(4)
    await t.admin(slug, { method: 'DELETE' })
    await idle(t)
    expect(engine.received).toEqual([expected, expected, expected, expected, expected])
  })

  it('pings no one without a key', async () => {
    const t = await createTestApp()
    expect(t.deps.feedListener).toBeUndefined()
    await t.admin('/api/articles', { method: 'POST', body: articleJson() })
    expect(engine.received).toEqual([])
  })

  it('retries a 429 or 5xx like a WebSub hub, and drops URLs the engine refuses for good', async () => {
    const logged: Record<string, unknown>[] = []
    const pinger = new IndexNowPinger({
      key: KEY,
      siteUrl: SITE_URL,
      endpoint: engine.url,
      backoffMs: 5,
      timeoutMs: 1_000,
      log: (entry) => logged.push(entry),
    })
    engine.respond = (res, count) => res.writeHead(count === 1 ? 429 : count === 2 ? 503 : 202).end()
    expect(await pinger.submit([ARTICLE_URL])).toBe(true)
    expect(engine.received).toHaveLength(3)

    engine.respond = (res) => res.writeHead(403).end() // a key IndexNow could not verify
    expect(await pinger.submit([ARTICLE_URL])).toBe(true)
    expect(engine.received).toHaveLength(4)
    expect(logged).toMatchObject([{ level: 'warn', status: 403, urlList: [ARTICLE_URL] }])

    engine.respond = (res) => res.writeHead(500).end()
    const giving = new IndexNowPinger({
      key: KEY,
      siteUrl: SITE_URL,
      endpoint: engine.url,
      attempts: 2,
      backoffMs: 5,
      log: () => {},
    })
    expect(await giving.submit([ARTICLE_URL])).toBe(false)
    expect(engine.received).toHaveLength(6)
  })

  describe('on AWS, through the feed-change queue', () => {
    it('queues the article URL with the changed feeds', async () => {
      const sent: string[] = []
      const client = new SQSClient({ region: 'us-east-1' })
      client.send = (async (command: unknown) => {
        if (!(command instanceof SendMessageCommand)) throw new Error('unexpected SQS call')
        sent.push(command.input.MessageBody!)
        return { MessageId: 'm-1' }
      }) as SQSClient['send']
      const t = await createTestApp({
        env: { INDEXNOW_KEY: KEY },
        feedListener: new FeedChangeQueue(client, 'https://sqs.us-east-1.amazonaws.com/1/q', () => {}),
      })
      await t.admin('/api/articles', { method: 'POST', body: articleJson({ tags: [] }) })
      expect(sent.map((body) => JSON.parse(body))).toEqual([
        {
          topicUrls: [`${SITE_URL}/feed.xml`, `${SITE_URL}/atom.xml`, `${SITE_URL}/feed.json`],
          pageUrls: [ARTICLE_URL],
        },
      ])
      expect(engine.received).toEqual([])
    })

    it('has the WebSub Lambda handler submit the queued pages to IndexNow, with no hub configured', async () => {
      const saved = { ...process.env }
      Object.assign(process.env, {
        SITE_URL,
        INDEXNOW_KEY: KEY,
        INDEXNOW_ENDPOINT: engine.url,
        WEBSUB_HUBS: '',
        CDN_DISTRIBUTION_ID: '',
      })
      try {
        // lambda.ts builds its deps from the environment when first imported, as on a cold start.
        const { handler } = await import('../../functions/websub/lambda')
        const result = await handler(
          sqsEvent(
            JSON.stringify({ topicUrls: [`${SITE_URL}/feed.xml`], pageUrls: [ARTICLE_URL] }),
            // A message queued before IndexNow existed: feeds only, no page to submit.
            JSON.stringify({ topicUrls: [`${SITE_URL}/feed.xml`] }),
          ),
        )
        expect(result).toEqual({ batchItemFailures: [] })
        expect(engine.received.map((submission) => submission.body)).toEqual([
          {
            host: 'news.example.com',
            key: KEY,
            keyLocation: `${SITE_URL}/${KEY}.txt`,
            urlList: [ARTICLE_URL],
          },
        ])
      } finally {
        process.env = saved
      }
    })

    it('hands a message back to SQS while IndexNow stays unreachable, hubs told or not', async () => {
      engine.respond = (res) => res.writeHead(503).end()
      const indexNow = new IndexNowPinger({
        key: KEY,
        siteUrl: SITE_URL,
        endpoint: engine.url,
        attempts: 2,
        backoffMs: 5,
        log: () => {},
      })
      const result = await handleFeedChanges(
        new HubPinger([], { log: () => {} }),
        sqsEvent(
          JSON.stringify({ topicUrls: [`${SITE_URL}/feed.xml`], pageUrls: [ARTICLE_URL] }),
          JSON.stringify({ topicUrls: [`${SITE_URL}/atom.xml`] }),
        ),
        () => {},
        undefined,
        indexNow,
      )
      expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-0' }] })
      expect(engine.received).toHaveLength(2)
    })
  })
})
