import type { SESClient } from '@aws-sdk/client-ses'
import { SesMailer } from './adapters/ses/ses-mailer'
import type { Config } from './config'
import type { Clock } from './core/ports'

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
