import { createDynamoClients } from '../adapters/dynamodb/client'
import { DynamoSubscribeRequestStore } from '../adapters/dynamodb/subscribe-request-store'
import { DynamoSubscriberStore } from '../adapters/dynamodb/subscriber-store'
import { SesMailer } from '../adapters/ses/ses-mailer'
import type { Config } from '../config'
import { publicationFromConfig, tokenSecretFrom } from '../config-values'
import type { ConfirmationDeps } from '../core/confirmation'
import { systemClock } from '../core/ports'
import { renderConfirmationEmail } from '../email/render'

/**
 * The confirmations function's composition root: the stores, SES and the link-signing key, nothing else
 * (no admin token), so its role and bundle hold only what mailing a confirmation needs.
 */
export async function buildConfirmationDeps(config: Config): Promise<ConfirmationDeps> {
  const { document } = createDynamoClients({
    region: config.AWS_REGION,
    ...(config.DYNAMODB_ENDPOINT !== undefined && { endpoint: config.DYNAMODB_ENDPOINT }),
  })
  return {
    subscribers: new DynamoSubscriberStore(document, config.TABLE_NAME),
    subscribeRequests: new DynamoSubscribeRequestStore(document, config.TABLE_NAME),
    mailer: new SesMailer({
      region: config.AWS_REGION,
      from: config.MAIL_FROM,
      ...(config.SES_ENDPOINT !== undefined && { endpoint: config.SES_ENDPOINT }),
      ...(config.SES_CONFIGURATION_SET !== undefined && { configurationSet: config.SES_CONFIGURATION_SET }),
      ...(config.OUTBOX_DIR !== undefined && { outboxDir: config.OUTBOX_DIR }),
    }),
    clock: systemClock,
    publication: publicationFromConfig(config),
    tokenSecret: await tokenSecretFrom(config),
    renderConfirmation: (input) =>
      renderConfirmationEmail({ ...input, postalAddress: config.POSTAL_ADDRESS }),
  }
}
