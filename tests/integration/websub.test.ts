import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  CloudFrontClient,
  CreateInvalidationCommand,
  GetInvalidationCommand,
  type CreateInvalidationCommandInput,
} from '@aws-sdk/client-cloudfront'
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs'
import type { SQSEvent, SQSRecord } from 'aws-lambda'
import { CloudFrontInvalidation } from '../../functions/adapters/cdn/cloudfront-invalidation'
import { FeedChangeQueue } from '../../functions/adapters/queue/feed-change-queue'
import { HubPinger } from '../../functions/adapters/websub/hub-pinger'
import { handleFeedChanges } from '../../functions/websub/handle-feed-changes'
import { articleJson, createTestApp } from '../support/test-app'

interface Ping {
  mode: string | null
  url: string | null
}

/** A real HTTP hub on loopback whose behaviour each test sets. */
class LocalHub {
  readonly pings: Ping[] = []
  respond: (req: IncomingMessage, res: ServerResponse, ping: Ping) => void = (_req, res) =>
    res.writeHead(204).end()
  private server?: Server
  url = ''

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk) => (body += chunk))
      req.on('end', () => {
        const form = new URLSearchParams(body)
        const ping = { mode: form.get('hub.mode'), url: form.get('hub.url') }
        this.pings.push(ping)
        this.respond(req, res, ping)
      })
    })
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server!.address() as { port: number }).port}/hub`
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise((resolve) => this.server?.close(resolve))
  }
}

// Retries wait no time at all, and a ping's timeout stays at its real 5 s: the counts asserted below must not
// depend on how busy the machine is (a 500 ms timeout made a slow answer count as a failed try).
const instantWaits = { sleep: async () => {}, random: () => 0 }

describe('WebSub', () => {
  let hub: LocalHub
  beforeEach(async () => {
    hub = new LocalHub()
    await hub.start()
  })
  afterEach(async () => hub.stop())

  const setup = async (options: ConstructorParameters<typeof HubPinger>[1] = {}) => {
    const pinger = new HubPinger([hub.url], { waits: instantWaits, log: () => {}, ...options })
    const t = await createTestApp({ hubs: [hub.url], feedListener: pinger })
    return { t, pinger }
  }

  it('advertises the hub and self in every subscription feed', async () => {
    const { t } = await setup()
    const atom = await (await t.app.request('/atom.xml')).text()
    expect(atom).toContain(`<link rel="hub" href="${hub.url}"/>`)
    expect(atom).toContain('<link rel="self" href="https://news.example.com/atom.xml"/>')
    const rss = await (await t.app.request('/tags/x/feed.xml')).text()
    expect(rss).toContain(`<atom:link href="${hub.url}" rel="hub"/>`)
    const json = await (await t.app.request('/feed.json')).json()
    expect(json).toMatchObject({ hubs: [{ type: 'WebSub', url: hub.url }] })
  })

  it('pings the hub for the publication and tag feeds on publish, update and unpublish', async () => {
    const { t, pinger } = await setup()
    await t.admin('/api/articles', { method: 'POST', body: articleJson({ tags: ['경제'] }) })
    await pinger.idle()
    const tagFeed = `https://news.example.com/tags/${encodeURIComponent('경제')}/feed.xml`
    expect(hub.pings.map((p) => p.url).sort()).toEqual(
      [
        'https://news.example.com/feed.xml',
        'https://news.example.com/atom.xml',
        'https://news.example.com/feed.json',
        tagFeed,
        tagFeed.replace('feed.xml', 'atom.xml'),
        tagFeed.replace('feed.xml', 'feed.json'),
      ].sort(),
    )
    expect(hub.pings.every((p) => p.mode === 'publish')).toBe(true)

    hub.pings.length = 0
    await t.admin('/api/articles/bandoche-suchul-jeonmang/unpublish', { method: 'POST' })
    await pinger.idle()
    expect(hub.pings).toHaveLength(6)
  })

  it('does not ping for a draft', async () => {
    const { t, pinger } = await setup()
    await t.admin('/api/articles', { method: 'POST', body: articleJson({ status: 'draft' }) })
    await pinger.idle()
    expect(hub.pings).toEqual([])
  })

  it('answers the editor before a slow hub answers', async () => {
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    hub.respond = (_req, res) => void held.then(() => res.writeHead(204).end())
    const { t, pinger } = await setup({ timeoutMs: 10_000 })

    const response = await t.admin('/api/articles', { method: 'POST', body: articleJson({ tags: [] }) })

    expect(response.status).toBe(201)
    expect(hub.pings.length).toBeLessThanOrEqual(3) // received, but none answered yet
    release()
    await pinger.idle()
    expect(hub.pings).toHaveLength(3)
  })

  it('retries a failing hub until it accepts, and gives up after the last attempt', async () => {
    let calls = 0
    hub.respond = (_req, res) => res.writeHead(++calls <= 2 ? 503 : 204).end()
    const { t, pinger } = await setup({ attempts: 3 })
    await t.admin('/api/articles', { method: 'POST', body: articleJson({ tags: [] }) })
    await pinger.idle()
    // 3 topics; the first two answers were 503s, so 5 requests in all got every topic through.
    expect(hub.pings).toHaveLength(5)

    hub.pings.length = 0
    hub.respond = (_req, res) => res.writeHead(500).end()
    await t.admin('/api/articles/bandoche-suchul-jeonmang/unpublish', { method: 'POST' })
    await pinger.idle()
    expect(hub.pings).toHaveLength(9)
  })

  describe('on AWS, through the feed-change queue', () => {
    /** An SQS client with no SQS behind it (none runs locally): it records what the app asked to send. */
    const recordingSqs = (fail = false) => {
      const sent: { QueueUrl?: string; MessageBody?: string }[] = []
      const client = new SQSClient({ region: 'us-east-1' })
      client.send = (async (command: unknown) => {
        if (!(command instanceof SendMessageCommand)) throw new Error('unexpected SQS call')
        if (fail) throw new Error('SQS is unreachable')
        sent.push(command.input)
        return { MessageId: `m-${sent.length}` }
      }) as SQSClient['send']
      return { client, sent }
    }
    const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/feed-changes'

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

    it('queues the changed feeds before answering the editor, and pings no hub itself', async () => {
      const { client, sent } = recordingSqs()
      const t = await createTestApp({
        hubs: [hub.url],
        feedListener: new FeedChangeQueue(client, QUEUE_URL, () => {}),
      })
      const response = await t.admin('/api/articles', { method: 'POST', body: articleJson({ tags: [] }) })
      expect(response.status).toBe(201)
      // Already sent when the response came back: nothing is left running after a Lambda answers.
      expect(sent).toEqual([
        {
          QueueUrl: QUEUE_URL,
          MessageBody: JSON.stringify({
            topicUrls: [
              'https://news.example.com/feed.xml',
              'https://news.example.com/atom.xml',
              'https://news.example.com/feed.json',
            ],
            // For IndexNow, which the same function pings when a key is configured (indexnow.test.ts).
            pageUrls: ['https://news.example.com/articles/bandoche-suchul-jeonmang'],
          }),
        },
      ])
      expect(hub.pings).toEqual([])
    })

    it('still saves the article when the queue cannot be reached, and says so in the log', async () => {
      const { client } = recordingSqs(true)
      const logged: Record<string, unknown>[] = []
      const t = await createTestApp({
        hubs: [hub.url],
        feedListener: new FeedChangeQueue(client, QUEUE_URL, (entry) => logged.push(entry)),
      })
      const response = await t.admin('/api/articles', { method: 'POST', body: articleJson({ tags: [] }) })
      expect(response.status).toBe(201)
      expect((await t.app.request('/articles/bandoche-suchul-jeonmang')).status).toBe(200)
      expect(logged).toMatchObject([{ level: 'error', error: 'SQS is unreachable' }])
    })

    it('has the WebSub function ping the hub for every queued feed', async () => {
      const pinger = new HubPinger([hub.url], { waits: instantWaits, log: () => {} })
      const warnings: string[] = []
      const result = await handleFeedChanges(
        pinger,
        sqsEvent(
          JSON.stringify({
            topicUrls: ['https://news.example.com/feed.xml', 'https://news.example.com/atom.xml'],
          }),
          JSON.stringify({ topicUrls: ['https://news.example.com/feed.json'] }),
        ),
        (message) => warnings.push(message),
      )
      expect(result).toEqual({ batchItemFailures: [] })
      expect(hub.pings.map((p) => p.url).sort()).toEqual([
        'https://news.example.com/atom.xml',
        'https://news.example.com/feed.json',
        'https://news.example.com/feed.xml',
      ])
      expect(warnings).toEqual([])
    })

    it('hands a message back to SQS while its hub stays unreachable, and drops one that is not a feed change', async () => {
      hub.respond = (_req, res) => res.writeHead(503).end()
      const pinger = new HubPinger([hub.url], { attempts: 2, waits: instantWaits, log: () => {} })
      const warnings: string[] = []
      const result = await handleFeedChanges(
        pinger,
        sqsEvent(JSON.stringify({ topicUrls: ['https://news.example.com/feed.xml'] }), 'not json', '{}'),
        (message) => warnings.push(message),
      )
      expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-0' }] })
      expect(hub.pings).toHaveLength(2)
      expect(warnings).toHaveLength(2)
      expect(warnings[0]).toMatch(/^Message msg-1 is not a feed change/)
    })

    describe('behind CloudFront', () => {
      /**
       * A CloudFront client with no CloudFront behind it (none runs locally): it records invalidations, says
       * each is in progress, and reports it completed on the `completeAfter`-th GetInvalidation. The hub's
       * pings are stamped with how many invalidations had completed when they arrived.
       */
      const recordingCloudFront = (options: { completeAfter?: number; fail?: boolean } = {}) => {
        const created: CreateInvalidationCommandInput[] = []
        let polls = 0
        let completed = 0
        const client = new CloudFrontClient({ region: 'us-east-1' })
        client.send = (async (command: unknown) => {
          if (command instanceof CreateInvalidationCommand) {
            if (options.fail) throw new Error('AccessDenied: not allowed to invalidate')
            created.push(command.input)
            return { Invalidation: { Id: `I${created.length}`, Status: 'InProgress' } }
          }
          if (command instanceof GetInvalidationCommand) {
            polls++
            const done = polls >= (options.completeAfter ?? 1)
            if (done) completed = created.length
            return { Invalidation: { Id: command.input.Id, Status: done ? 'Completed' : 'InProgress' } }
          }
          throw new Error('unexpected CloudFront call')
        }) as CloudFrontClient['send']
        return { client, created, completed: () => completed, polls: () => polls }
      }

      it('invalidates every changed feed path once, waits for it to complete, then pings', async () => {
        const cloudFront = recordingCloudFront({ completeAfter: 2 })
        const edge = new CloudFrontInvalidation(cloudFront.client, 'E2QWRUHAPOMQZL', { pollSeconds: 1 })
        const completedAtPing: number[] = []
        hub.respond = (_req, res) => {
          completedAtPing.push(cloudFront.completed())
          res.writeHead(204).end()
        }
        const pinger = new HubPinger([hub.url], { waits: instantWaits, log: () => {} })
        const korean = 'https://news.example.com/tags/%EA%B2%BD%EC%A0%9C/feed.xml'

        const result = await handleFeedChanges(
          pinger,
          sqsEvent(
            JSON.stringify({ topicUrls: ['https://news.example.com/feed.xml', korean] }),
            JSON.stringify({
              topicUrls: ['https://news.example.com/feed.xml', 'https://news.example.com/atom.xml'],
            }),
          ),
          () => {},
          edge,
        )

        expect(result).toEqual({ batchItemFailures: [] })
        expect(cloudFront.created).toHaveLength(1)
        expect(cloudFront.created[0]).toMatchObject({
          DistributionId: 'E2QWRUHAPOMQZL',
          InvalidationBatch: {
            Paths: { Quantity: 3, Items: ['/feed.xml', '/tags/%EA%B2%BD%EC%A0%9C/feed.xml', '/atom.xml'] },
          },
        })
        expect(cloudFront.polls()).toBe(2)
        // Every ping arrived after the invalidation had completed: a hub fetching the feed gets the new one.
        expect(completedAtPing).toEqual([1, 1, 1, 1])
      })

      it("also invalidates the changed article's page, so a search engine told of it fetches the new one", async () => {
        const cloudFront = recordingCloudFront()
        const edge = new CloudFrontInvalidation(cloudFront.client, 'E2QWRUHAPOMQZL', { pollSeconds: 1 })
        const pinger = new HubPinger([hub.url], { backoffMs: 5, timeoutMs: 500, log: () => {} })
        const result = await handleFeedChanges(
          pinger,
          sqsEvent(
            JSON.stringify({
              topicUrls: ['https://news.example.com/feed.xml'],
              pageUrls: ['https://news.example.com/articles/chips'],
            }),
          ),
          () => {},
          edge,
        )
        expect(result).toEqual({ batchItemFailures: [] })
        expect(cloudFront.created[0]?.InvalidationBatch?.Paths?.Items).toEqual([
          '/feed.xml',
          '/articles/chips',
        ])
      })

      it('pings no hub and hands the messages back to SQS when the invalidation fails', async () => {
        const cloudFront = recordingCloudFront({ fail: true })
        const pinger = new HubPinger([hub.url], { waits: instantWaits, log: () => {} })
        const warnings: string[] = []

        const result = await handleFeedChanges(
          pinger,
          sqsEvent(JSON.stringify({ topicUrls: ['https://news.example.com/feed.xml'] }), 'not json'),
          (message) => warnings.push(message),
          new CloudFrontInvalidation(cloudFront.client, 'E2QWRUHAPOMQZL'),
        )

        expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-0' }] })
        expect(hub.pings).toEqual([])
        expect(warnings[1]).toMatch(
          /^Could not invalidate 1 feed path\(s\) at the edge; SQS will retry: .*AccessDenied/,
        )
      })

      it('gives up when CloudFront does not finish in time', async () => {
        const cloudFront = recordingCloudFront({ completeAfter: 1_000 })
        const edge = new CloudFrontInvalidation(cloudFront.client, 'E2QWRUHAPOMQZL', {
          maxWaitSeconds: 2,
          pollSeconds: 1,
        })
        await expect(edge.invalidate(['/feed.xml'])).rejects.toThrow()
        expect(cloudFront.polls()).toBeGreaterThanOrEqual(1)
      })
    })
  })
})
