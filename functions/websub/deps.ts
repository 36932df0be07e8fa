import { CloudFrontInvalidation } from '../adapters/cdn/cloudfront-invalidation'
import { HubPinger } from '../adapters/websub/hub-pinger'
import { clientSource, type BuildOptions } from '../clients'
import type { Config } from '../config'
import type { EdgeCache, PageSubmitter, Pinger } from '../core/ports'
import { indexNowPingerFrom } from '../shared-deps'
import { logEntry } from '../log'

/**
 * What the WebSub function needs: the hubs to ping, IndexNow when a key is configured and, behind
 * CloudFront, the edge to clear first.
 */
export interface WebSubDeps {
  pinger: Pinger
  /** Absent without INDEXNOW_KEY. */
  indexNow?: PageSubmitter
  /** Absent without a CDN (CDN_DISTRIBUTION_ID unset). */
  edge?: EdgeCache
}

/** The WebSub function's composition root: no table, no secret, no mailer. */
export function buildWebSubDeps(config: Config, options: BuildOptions<WebSubDeps> = {}): WebSubDeps {
  const clients = clientSource(config, options.clients)
  return {
    // Its own retries ride out a hub's short outage; SQS covers longer ones.
    pinger: new HubPinger(config.WEBSUB_HUBS, { log: logEntry }),
    ...(config.INDEXNOW_KEY !== undefined && { indexNow: indexNowPingerFrom(config, config.INDEXNOW_KEY) }),
    // Behind CloudFront the edge's copies of a changed feed go before any hub is told (handle-feed-changes.ts).
    ...(config.CDN_DISTRIBUTION_ID !== undefined && {
      edge: new CloudFrontInvalidation(clients.cloudFront(), config.CDN_DISTRIBUTION_ID),
    }),
    ...options.overrides,
  }
}
