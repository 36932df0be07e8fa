import type { Clock, FeedChangeListener } from '../../functions/core/ports'
import { randomUUID } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SesMailer } from '../../functions/adapters/ses/ses-mailer'
import { renderConfirmationEmail } from '../../functions/email/render'
import { inject } from 'vitest'
import { createDynamoClients } from '../../functions/adapters/dynamodb/client'
import { DynamoArticleStore } from '../../functions/adapters/dynamodb/article-store'
import { DynamoDigestStore } from '../../functions/adapters/dynamodb/digest-store'
import { DynamoRateLimiter } from '../../functions/adapters/dynamodb/rate-limiter'
import { DynamoSubscriberStore } from '../../functions/adapters/dynamodb/subscriber-store'
import { DynamoSubscribeRequestStore } from '../../functions/adapters/dynamodb/subscribe-request-store'
import { InProcessJobQueue } from '../../functions/adapters/queue/in-process-job-queue'
import type { ConfirmationJob } from '../../functions/core/confirmation'
import { startLocalConfirmations } from '../../functions/confirmations/local-worker'
import { ensureTable } from '../../functions/adapters/dynamodb/ensure-table'
import type { Publication } from '../../functions/core/publication'
import type { Deps } from '../../functions/deps'
import { createApp } from '../../functions/http/app'

export const ADMIN_TOKEN = 'test-admin-token-0123456789'
export const SITE_URL = 'https://news.example.com'
export const TOKEN_SECRET = 'test-token-secret-0123456789abcdefghijklmnop'
export const MAIL_FROM = 'Pressroom Test <news@example.com>'

export const testPublication = (overrides: Partial<Publication> = {}): Publication => ({
  title: 'Pressroom Test',
  description: 'Analysis for tests',
  lang: 'ko',
  author: 'Pressroom Desk',
  siteUrl: SITE_URL,
  feedSize: 20,
  ...overrides,
})

/** A clock tests move by hand. */
export class FixedClock implements Clock {
  constructor(public current = new Date('2026-11-27T09:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current)
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms)
  }
}

/** A fresh table in the shared dynalite, and the real app on top of it. */
/** A response's JSON body, typed loosely: tests assert its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function readJson(response: Response | Promise<Response>): Promise<any> {
  return (await response).json()
}

export async function createTestApp(
  options: {
    publication?: Partial<Publication>
    clock?: FixedClock
    hubs?: string[]
    feedListener?: FeedChangeListener
    /**
     * Whether the confirmation worker consumes the queue from the start (as under `npm start`); false leaves
     * the jobs waiting until the test calls startLocalConfirmations(t.deps). @default true
     */
    confirmationWorker?: boolean
  } = {},
) {
  const tableName = `test-${randomUUID()}`
  const outboxDir = await mkdtemp(join(tmpdir(), 'pressroom-outbox-'))
  const { client, document } = createDynamoClients({
    region: 'us-east-1',
    endpoint: inject('dynamoEndpoint'),
  })
  await ensureTable(client, tableName)
  const clock = options.clock ?? new FixedClock()
  const deps: Deps = {
    articles: new DynamoArticleStore(document, tableName),
    subscribers: new DynamoSubscriberStore(document, tableName),
    subscribeRequests: new DynamoSubscribeRequestStore(document, tableName),
    // Retries a failed job soon: a test waits for the queue to drain, not for SQS's minutes.
    confirmations: new InProcessJobQueue<ConfirmationJob>({ retryDelayMs: 20 }),
    digests: new DynamoDigestStore(document, tableName),
    rateLimiter: new DynamoRateLimiter(document, tableName, clock),
    clock,
    publication: testPublication(options.publication),
    adminToken: ADMIN_TOKEN,
    tokenSecret: TOKEN_SECRET,
    mailer: new SesMailer({
      region: 'us-east-1',
      endpoint: inject('sesEndpoint'),
      from: MAIL_FROM,
      outboxDir,
      clock,
    }),
    renderConfirmation: (input) =>
      renderConfirmationEmail({ ...input, postalAddress: '1 Test Street, Seoul' }),
    feeds: {
      cacheControl: 'public, max-age=300, stale-while-revalidate=86400',
      hubs: options.hubs ?? [],
      versionTtlMs: 1_000,
    },
    ...(options.feedListener !== undefined && { feedListener: options.feedListener }),
  }
  const confirmations = deps.confirmations as InProcessJobQueue<ConfirmationJob>
  if (options.confirmationWorker ?? true) startLocalConfirmations(deps)
  const app = createApp(deps)
  const admin = (path: string, init: RequestInit = {}) =>
    app.request(path, {
      ...init,
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        'content-type': 'application/json',
        ...init.headers,
      },
    })
  return { app, deps, clock, tableName, client, document, admin, outboxDir, confirmations }
}

export const articleJson = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    title: '반도체 수출 전망',
    summary: '메모리 가격 회복이 수출을 이끈다.',
    body: '## 핵심\n\n- 첫째\n- 둘째\n',
    tags: ['경제'],
    status: 'published',
    ...overrides,
  })
