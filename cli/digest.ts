/**
 * `npm run digest [-- --cadence daily|weekly]`: runs that cadence now for everyone on it, whatever their
 * delivery hour, against the stack `npm start` runs (same data folder and ports), and shows the sending.
 */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb'
import { SingleBar } from 'cli-progress'
import { createDynamoClients } from '../functions/clients'
import { skipLine } from '../functions/core/digest-run-report'
import { dataDir } from '../infra/local/data-dir'
import { localDigests } from '../infra/local/digests'
import { LOCAL_REGION, LOCAL_TABLE_NAME, localAppConfig } from '../infra/local/local-app-config'
import { loadLocalConfig } from '../infra/local/local-config'
import { cliMessages } from './messages'

function parseCadence(args: string[]): 'daily' | 'weekly' | 'instant' | undefined {
  const index = args.indexOf('--cadence')
  const value = index === -1 ? 'daily' : args[index + 1]
  return value === 'daily' || value === 'weekly' || value === 'instant' ? value : undefined
}

async function main(): Promise<number> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const say = cliMessages()
  const cadence = parseCadence(process.argv.slice(2))
  if (cadence === undefined) {
    console.error(say.digestUsage)
    return 2
  }
  const local = loadLocalConfig(process.env)
  const endpoints = {
    dynamo: `http://127.0.0.1:${local.DYNAMODB_PORT}`,
    ses: `http://127.0.0.1:${local.SES_PORT}`,
  }
  const { client } = createDynamoClients({ region: LOCAL_REGION, endpoint: endpoints.dynamo })
  try {
    await client.send(new DescribeTableCommand({ TableName: LOCAL_TABLE_NAME }))
  } catch {
    console.error(say.cannotReachDatabase(endpoints.dynamo))
    return 2
  }
  const config = localAppConfig(local, dataDir(), endpoints)
  const runtime = await localDigests(config)
  const { deps } = runtime

  const started = Date.now()
  const summary = await runtime.plan(cadence, true)
  /** What the run left out: the planner's, and the senders' (recorded on the digests as they went). */
  const printSkips = async () => {
    const skips = new Map(summary.skipped.map((skip) => [skipLine(skip), skip]))
    for (const digestId of summary.digests) {
      for (const skip of await deps.digests.listSkips(digestId, { limit: 100 })) {
        skips.set(skipLine({ ...skip, digestId }), { ...skip, digestId })
      }
    }
    if (skips.size === 0) return
    console.log(say.leftOut)
    for (const line of skips.keys()) console.log(`  ${line}`)
  }
  if (summary.warmUp !== undefined) console.log(say.warmUp(summary.warmUp))
  if (summary.planned + summary.requeued === 0) {
    console.log(say.nothingToSend(summary, cadence))
    await printSkips()
    await runtime.stop()
    return 0
  }

  const total = summary.planned + summary.requeued
  const bar = new SingleBar({
    format: say.progress,
    hideCursor: true,
  })
  bar.start(total, 0, { sent: 0, skipped: 0, failed: 0, rate: '0.0' })
  const counts = async () => {
    const totals = { sent: 0, skipped: 0, failed: 0 }
    for (const id of summary.digests) {
      const digest = await deps.digests.getDigest(id)
      totals.sent += digest?.counts.sent ?? 0
      totals.skipped += digest?.counts.skipped ?? 0
      totals.failed += digest?.counts.failed ?? 0
    }
    return totals
  }
  const timer = setInterval(() => {
    void counts().then((totals) => {
      const seconds = (Date.now() - started) / 1000
      bar.update(Math.min(total, totals.sent + totals.skipped), {
        ...totals,
        rate: (totals.sent / seconds).toFixed(1),
      })
    })
  }, 250)
  await runtime.idle()
  clearInterval(timer)
  const totals = await counts()
  bar.update(Math.min(total, totals.sent + totals.skipped), {
    ...totals,
    rate: (totals.sent / ((Date.now() - started) / 1000)).toFixed(1),
  })
  bar.stop()
  const dead = runtime.queue.deadLetters()
  await runtime.stop()
  client.destroy()

  console.log(say.digestSent(summary, cadence, totals, dead.length))
  await printSkips()
  return dead.length > 0 || totals.failed > 0 ? 1 : 0
}

process.exitCode = await main()
