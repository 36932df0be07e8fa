import { DynamoAuditLog } from '../adapters/dynamodb/audit-log'
import { DynamoDeliveryFigures } from '../adapters/dynamodb/delivery-figures'
import { DynamoSubscriberStore } from '../adapters/dynamodb/subscriber-store'
import { clientSource, type BuildOptions } from '../clients'
import type { Config } from '../config'
import type { FeedbackDeps } from '../core/feedback'
import { systemClock } from '../core/ports'

/**
 * The SES-feedback function's composition root: the subscriber store, the audit log (each report is a line
 * in the subscriber's history), the digests' delivery figures and a clock. No secret at all: a bounce or a
 * complaint changes a subscriber's state and makes no link, and a delivery only adds to a counter.
 */
export function buildFeedbackDeps(config: Config, options: BuildOptions<FeedbackDeps> = {}): FeedbackDeps {
  const clients = clientSource(config, options.clients)
  const { document } = clients.dynamo()
  return {
    subscribers: new DynamoSubscriberStore(document, config.TABLE_NAME),
    audit: new DynamoAuditLog(document, config.TABLE_NAME),
    figures: new DynamoDeliveryFigures(document, config.TABLE_NAME),
    clock: systemClock,
    ...options.overrides,
  }
}
