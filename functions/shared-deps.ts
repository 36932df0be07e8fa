import type { SESClient } from '@aws-sdk/client-ses'
import { IndexNowPinger } from './adapters/search/indexnow-pinger'
import { SesMailer } from './adapters/ses/ses-mailer'
import type { Config } from './config'
import type { Clock } from './core/ports'
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
