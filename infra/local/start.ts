/**
 * `npm start`: the whole publisher on this machine. dynalite (persisted in the data folder) stands in for
 * DynamoDB and aws-ses-v2-local for SES; the Hono app is the very one Lambda runs, served on node:http
 * through @hono/node-server (node-listener.ts).
 */
import { mkdirSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { createDynamoClients } from '../../functions/clients'
import { ensureTable } from '../../functions/adapters/dynamodb/ensure-table'
import { publicationUrls, type Publication } from '../../functions/core/publication'
import { buildHttpDeps } from '../../functions/http/deps'
import { deadLetterQueue, digestTrigger } from './digest-runtime'
import { startLocalConfirmations } from '../../functions/confirmations/local-worker'
import { createApp } from '../../functions/http/app'
import { nodeListener } from '../../functions/http/node-listener'
import { dataDir } from './data-dir'
import { LOCAL_REGION, LOCAL_TABLE_NAME, localAppConfig } from './local-app-config'
import {
  assertPortFree,
  PortInUseError,
  startDynalite,
  startSesEmulator,
  type RunningServer,
} from './emulators'
import { instantOnPublish, localDigests, scheduleHourly } from './digests'
import { localGoLive } from './go-live'
import { listenAll } from '../../functions/http/app'
import { loadLocalConfig } from './local-config'

async function main(): Promise<void> {
  // Lambda runs Node 22; on a laptop with Node 20 the SDK's upgrade notice would only be noise.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const local = loadLocalConfig(process.env)
  const dir = dataDir()
  await assertPortFree(local.PORT, local.HOST, 'PORT')
  await assertPortFree(local.DYNAMODB_PORT, '127.0.0.1', 'DYNAMODB_PORT')
  await assertPortFree(local.SES_PORT, '127.0.0.1', 'SES_PORT')

  mkdirSync(dir, { recursive: true })
  const running: RunningServer[] = []
  const stop = async () => {
    for (const server of running.reverse()) await server.close()
  }
  // Installed before anything starts, so Ctrl-C at any moment closes what is open (LevelDB flushes on close).
  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: stopping…`)
    await stop()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  try {
    const dynamo = await startDynalite({
      port: local.DYNAMODB_PORT,
      host: '127.0.0.1',
      path: join(dir, 'dynamodb'),
    })
    running.push(dynamo)
    const ses = await startSesEmulator({ port: local.SES_PORT, host: '127.0.0.1' })
    running.push(ses)

    const config = localAppConfig(local, dir, { dynamo: dynamo.url, ses: ses.url })
    await ensureTable(
      createDynamoClients({ region: LOCAL_REGION, endpoint: dynamo.url }).client,
      LOCAL_TABLE_NAME,
    )

    const digests = await localDigests(config)
    running.push({ url: '', close: () => digests.stop() })
    const stopSchedule = scheduleHourly(digests, (line) => console.log(line))
    running.push({ url: '', close: async () => stopSchedule() })
    // Scheduled articles go live on timers here (EventBridge Scheduler on AWS).
    const goLive = localGoLive({ log: (line) => console.log(line) })
    running.push({ url: '', close: async () => goLive.stop() })
    const built = await buildHttpDeps(config, {
      overrides: {
        digestTrigger: digestTrigger(digests),
        deadLetters: deadLetterQueue(digests),
        scheduler: goLive.scheduler,
      },
    })
    // Besides the hubs, a publish plans the instant emails at once (on AWS the hourly schedule does).
    const deps = {
      ...built,
      feedListener: listenAll([built.feedListener, instantOnPublish(digests, (line) => console.log(line))]),
    }
    // Going live is announced like a publish, so it runs on the same deps; armed from the table.
    await goLive.start(deps)
    // POST /subscribe queues its requests; here, not on SQS, the confirmation worker sends the emails.
    const confirmations = startLocalConfirmations(deps)
    running.push({ url: '', close: () => confirmations.stop() })
    const app = createApp(deps)
    const http = createServer(nodeListener(app))
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject)
      http.listen(local.PORT, local.HOST, () => resolve())
    })
    running.push({
      url: config.SITE_URL,
      close: () =>
        new Promise((resolve) => {
          http.close(() => resolve())
          http.closeAllConnections()
        }),
    })

    printBanner(deps.publication, ses.url, deps.adminToken, dir)
  } catch (error) {
    await stop()
    throw error
  }
}

function printBanner(publication: Publication, sesUrl: string, token: string, dir: string) {
  const urls = publicationUrls(publication)
  const feeds = urls.feeds()
  console.log(`Pressroom is running.

  Site          ${urls.home}
  RSS           ${feeds.rss}
  Atom          ${feeds.atom}
  JSON Feed     ${feeds.json}
  Sent email    ${sesUrl}/   (exact .eml files in ${dir}/outbox)
  Admin API     ${publication.siteUrl}/api  (Authorization: Bearer ${token})
  Editors' desk ${publication.siteUrl}/admin  (sign in with the same token)
  Data folder   ${dir}

Publish an article:  npm run publish -- path/to/article.md
Send digests now:    npm run digest -- --cadence daily   (otherwise hourly, at each subscriber's delivery hour)
Press Ctrl-C to stop.`)
}

main().catch((error: unknown) => {
  if (
    error instanceof PortInUseError ||
    (error instanceof Error && error.message.startsWith('Invalid configuration'))
  ) {
    console.error(error.message)
  } else if (error instanceof Error && /LOCK|lock/.test(error.message)) {
    console.error(`The data folder ${dataDir()} is in use by another Pressroom; stop it or set DATA_DIR.`)
  } else {
    console.error(`Pressroom could not start: ${error instanceof Error ? error.message : String(error)}`)
  }
  process.exit(1)
})
