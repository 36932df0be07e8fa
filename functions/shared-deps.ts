import type { SESClient } from '@aws-sdk/client-ses'
import { IndexNowPinger } from './adapters/search/indexnow-pinger'
import { FeedChangeQueue } from './adapters/queue/feed-change-queue'
import { EventBridgeGoLiveScheduler } from './adapters/scheduler/eventbridge-scheduler'
import { listenAll } from './adapters/listen-all'
import { SesMailer } from './adapters/ses/ses-mailer'
import { HubPinger } from './adapters/websub/hub-pinger'
import type { ClientSource } from './clients'
import type { Config } from './config'
import type { Clock, FeedChangeListener, GoLiveScheduler } from './core/ports'
import { logEntry } from './log'

/** Pieces that several entry points' deps.ts build the same way from the configuration. */

/** The SES mailer every sending function uses: From, configuration set, and locally the .eml outbox. */
export function sesMailerFrom(config: Config, client: SESClient, clock: Clock): SesMailer {
  return new SesMailer({
    region: config.AWS_REGION,
    from: config.MAIL_FROM,
    client,
    clock,
    ...(config.SES_CONFIGURATION_SET !== undefined && { configurationSet: config.SES_CONFIGURATION_SET }),
    ...(config.OUTBOX_DIR !== undefined && { outboxDir: config.OUTBOX_DIR }),
  })
}

/** The IndexNow client for this site: the WebSub function's on AWS, the HTTP app's under `npm start`. */
export function indexNowPingerFrom(config: Config, key: string): IndexNowPinger {
  return new IndexNowPinger({
    key,
    siteUrl: config.SITE_URL,
    endpoint: config.INDEXNOW_ENDPOINT,
    log: logEntry,
  })
}

/**
 * Who tells the WebSub hubs and IndexNow of a change (the HTTP function's writes and go-live's publishes
 * alike): on AWS a queue the WebSub function works through (a Lambda stops when its response is sent, so
 * pings in the background would be lost); locally the pingers themselves, in the background. Undefined
 * when there is nobody to tell (no hub, no IndexNow key).
 */
export function feedChangeListenerFrom(
  config: Config,
  clients: ClientSource,
): FeedChangeListener | undefined {
  const hubs = config.WEBSUB_HUBS.length > 0
  const key = config.INDEXNOW_KEY
  if (!hubs && key === undefined) return undefined
  if (config.FEED_CHANGES_QUEUE_URL !== undefined) {
    return new FeedChangeQueue(clients.sqs(), config.FEED_CHANGES_QUEUE_URL, logEntry)
  }
  return listenAll([
    hubs ? new HubPinger(config.WEBSUB_HUBS, { log: logEntry }) : undefined,
    key === undefined ? undefined : indexNowPingerFrom(config, key),
  ])
}

/**
 * On AWS, the EventBridge Scheduler schedules that make scheduled articles go live (all three GO_LIVE_*
 * variables set by the stack); otherwise none, and `npm start` supplies its timers (infra/local/go-live.ts).
 */
export function goLiveSchedulerFrom(config: Config, clients: ClientSource): GoLiveScheduler | undefined {
  const { GO_LIVE_SCHEDULE_GROUP, GO_LIVE_FUNCTION_ARN, GO_LIVE_ROLE_ARN } = config
  if (
    GO_LIVE_SCHEDULE_GROUP === undefined ||
    GO_LIVE_FUNCTION_ARN === undefined ||
    GO_LIVE_ROLE_ARN === undefined
  ) {
    return undefined
  }
  return new EventBridgeGoLiveScheduler(clients.scheduler(), {
    groupName: GO_LIVE_SCHEDULE_GROUP,
    targetArn: GO_LIVE_FUNCTION_ARN,
    roleArn: GO_LIVE_ROLE_ARN,
  })
}
