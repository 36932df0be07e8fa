import { DynamoArticleStore } from '../adapters/dynamodb/article-store'
import { DynamoAuditLog } from '../adapters/dynamodb/audit-log'
import { DynamoSubscribeRequestStore } from '../adapters/dynamodb/subscribe-request-store'
import { DynamoSubscriberStore } from '../adapters/dynamodb/subscriber-store'
import { clientSource, type BuildOptions } from '../clients'
import type { Config } from '../config'
import { publicationFromConfig, tokenSecretFrom } from '../config-values'
import type { ConfirmationDeps } from '../core/confirmation'
import { systemClock } from '../core/ports'
import { sesMailerFrom } from '../shared-deps'
import { renderConfirmationEmail } from '../email/render'
import { renderWelcomeEmail } from '../email/welcome'

/**
 * The confirmations function's composition root: the stores (articles for the welcome email), SES and the
 * link-signing key, nothing else (no admin token), so its role and bundle hold only what mailing a
 * confirmation or a welcome needs.
 */
export async function buildConfirmationDeps(
  config: Config,
  options: BuildOptions<ConfirmationDeps> = {},
): Promise<ConfirmationDeps> {
  const { overrides = {} } = options
  const clients = clientSource(config, options.clients)
  const { document } = clients.dynamo()
  const clock = overrides.clock ?? systemClock
  return {
    subscribers: new DynamoSubscriberStore(document, config.TABLE_NAME),
    subscribeRequests: new DynamoSubscribeRequestStore(document, config.TABLE_NAME),
    articles: new DynamoArticleStore(document, config.TABLE_NAME),
    audit: new DynamoAuditLog(document, config.TABLE_NAME),
    mailer: sesMailerFrom(config, clients.ses(), clock),
    clock,
    publication: publicationFromConfig(config),
    tokenSecret: overrides.tokenSecret ?? (await tokenSecretFrom(config, clients)),
    // The postal address anti-spam law asks for, in the footer.
    renderConfirmation: (input) =>
      renderConfirmationEmail({ ...input, postalAddress: config.POSTAL_ADDRESS }),
    renderWelcome: (input) => renderWelcomeEmail({ ...input, postalAddress: config.POSTAL_ADDRESS }),
    ...(config.LIST_UNSUBSCRIBE_MAILTO !== undefined && {
      listUnsubscribeMailto: config.LIST_UNSUBSCRIBE_MAILTO,
    }),
    ...overrides,
  }
}
