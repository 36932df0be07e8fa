import { DynamoArticleStore } from '../adapters/dynamodb/article-store'
import { DynamoAuditLog } from '../adapters/dynamodb/audit-log'
import { clientSource, type BuildOptions } from '../clients'
import type { Config } from '../config'
import { publicationFromConfig } from '../config-values'
import type { GoLiveDeps } from '../core/go-live'
import { systemClock } from '../core/ports'
import { feedChangeListenerFrom } from '../shared-deps'

/**
 * The go-live function's composition root: the articles, and the feed-change listener the HTTP function
 * uses (on AWS the feed-change queue), so a scheduled article's going live is announced exactly as a
 * publish is. No secret, no mailer: instant emails follow from the planner's next run.
 */
export function buildGoLiveDeps(config: Config, options: BuildOptions<GoLiveDeps> = {}): GoLiveDeps {
  const clients = clientSource(config, options.clients)
  const feedListener = feedChangeListenerFrom(config, clients)
  const { document } = clients.dynamo()
  return {
    articles: new DynamoArticleStore(document, config.TABLE_NAME),
    audit: new DynamoAuditLog(document, config.TABLE_NAME),
    clock: systemClock,
    publication: publicationFromConfig(config),
    ...(feedListener !== undefined && { feedListener }),
    ...options.overrides,
  }
}
