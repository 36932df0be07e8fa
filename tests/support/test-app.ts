import type { Clock, FeedChangeListener, GoLiveScheduler } from '../../functions/core/ports'
import { randomUUID } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'
import { InProcessJobQueue } from '../../functions/adapters/queue/in-process-job-queue'
import { TokenBucketPacer } from '../../functions/adapters/pacing/token-bucket'
import { dynamoClients } from '../../functions/clients'
import { loadConfig, type Config } from '../../functions/config'
import type { ConfirmationJob } from '../../functions/core/confirmation'
import { startLocalConfirmations } from '../../functions/confirmations/local-worker'
import { ensureTable } from '../../functions/adapters/dynamodb/ensure-table'
import type { Publication } from '../../functions/core/publication'
import { createApp, type AppOptions } from '../../functions/http/app'
import { buildHttpDeps } from '../../functions/http/deps'
import { localDigests, type LocalDigestOptions } from '../../infra/local/digests'

export const ADMIN_TOKEN = 'test-admin-token-0123456789'
export const SITE_URL = 'https://news.example.com'
export const TOKEN_SECRET = 'test-token-secret-0123456789abcdefghijklmnop'
export const MAIL_FROM = 'Pressroom Test <news@example.com>'
/** The SES identity's domain, which DKIM signs with: MAIL_FROM's own. */
export const SENDER_DOMAIN = 'example.com'

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

/** The configuration a test app runs on: a table of its own, the shared emulators, the test publication. */
export function testConfig(
  tableName: string,
  outboxDir: string,
  publication: Partial<Publication> = {},
  hubs: string[] = [],
  /** More variables, e.g. INDEXNOW_KEY; they win over the ones above. */
  env: Record<string, string> = {},
): Config {
  const { title, description, lang, timeZone, author, siteUrl, feedSize, tagDescriptions } =
    testPublication(publication)
  return loadConfig({
    TABLE_NAME: tableName,
    AWS_REGION: 'us-east-1',
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    SES_ENDPOINT: inject('sesEndpoint'),
    OUTBOX_DIR: outboxDir,
    // Desk uploads beside the outbox: each test app has a folder of its own.
    MEDIA_DIR: join(outboxDir, 'media'),
    SITE_URL: siteUrl,
    PUBLICATION_TITLE: title,
    PUBLICATION_DESCRIPTION: description,
    PUBLICATION_LANG: lang,
    PUBLICATION_TIME_ZONE: timeZone,
    TAG_DESCRIPTIONS: tagDescriptions === undefined ? undefined : JSON.stringify(tagDescriptions),
    PUBLICATION_AUTHOR: author,
    FEED_SIZE: String(feedSize),
    ADMIN_TOKEN,
    TOKEN_SECRET,
    MAIL_FROM,
    SES_SENDER_DOMAIN: SENDER_DOMAIN,
    POSTAL_ADDRESS: '1 Test Street, Seoul',
    FEED_CACHE_CONTROL: 'public, max-age=300, stale-while-revalidate=86400',
    FEED_VERSION_TTL_MS: '1000',
    WEBSUB_HUBS: hubs.join(','),
    ...env,
  })
}

/** A fresh table in the shared dynalite, and the real app on top of it, built by the HTTP function's builder. */
export async function createTestApp(
  options: {
    publication?: Partial<Publication>
    clock?: FixedClock
    hubs?: string[]
    /** More configuration (see testConfig). */
    env?: Record<string, string>
    /** createApp's options, e.g. a small sitemapMaxUrls. */
    appOptions?: AppOptions
    feedListener?: FeedChangeListener
    /** Makes scheduled articles go live (a local go-live on this test's clock); none by default. */
    scheduler?: GoLiveScheduler
    /**
     * Whether the confirmation worker consumes the queue from the start (as under `npm start`); false leaves
     * the jobs waiting until the test calls startLocalConfirmations(t.deps). @default true
     */
    confirmationWorker?: boolean
  } = {},
) {
  const tableName = `test-${randomUUID()}`
  const outboxDir = await mkdtemp(join(tmpdir(), 'pressroom-outbox-'))
  const config = testConfig(tableName, outboxDir, options.publication, options.hubs, options.env)
  const clients = { dynamo: dynamoClients(config) }
  const { client, document } = clients.dynamo
  await ensureTable(client, tableName)
  const clock = options.clock ?? new FixedClock()
  const confirmations = new InProcessJobQueue<ConfirmationJob>({ retryDelayMs: 20 })
  const deps = await buildHttpDeps(config, {
    clients,
    overrides: {
      clock,
      // Retries a failed job soon: a test waits for the queue to drain, not for SQS's minutes.
      confirmations,
      ...(options.feedListener !== undefined && { feedListener: options.feedListener }),
      ...(options.scheduler !== undefined && { scheduler: options.scheduler }),
    },
  })
  if (options.confirmationWorker ?? true) startLocalConfirmations(deps)
  const app = createApp(deps, options.appOptions)
  const admin = (path: string, init: RequestInit = {}) =>
    app.request(path, {
      ...init,
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        'content-type': 'application/json',
        ...init.headers,
      },
    })
  /**
   * Planner and sender in this process, built by their own builders on this app's table, clock and outbox,
   * paced fast (the emulator has no rate to honour).
   */
  const digestRuntime = (worker = 'test', more: LocalDigestOptions = {}) =>
    localDigests(config, {
      ...more,
      // The queue's visibility timeouts run on the test's clock, like the claims they must outlast.
      queue: { now: () => clock.now().getTime(), ...more.queue },
      clients,
      overrides: {
        clock,
        pacer: new TokenBucketPacer({ ratePerSecond: 1000, burst: 100 }),
        worker,
        ...more.overrides,
      },
    })
  return {
    app,
    deps,
    config,
    clock,
    tableName,
    client,
    document,
    admin,
    outboxDir,
    confirmations,
    digestRuntime,
  }
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
