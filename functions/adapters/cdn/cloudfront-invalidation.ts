import { randomUUID } from 'node:crypto'
import type { CloudFrontClient } from '@aws-sdk/client-cloudfront'
import { CreateInvalidationCommand, waitUntilInvalidationCompleted } from '@aws-sdk/client-cloudfront'
import type { EdgeCache } from '../../core/ports'

export interface CloudFrontInvalidationOptions {
  /** How long to wait for CloudFront to finish (usually seconds, sometimes minutes); default 120 s. */
  maxWaitSeconds?: number
  /** Shortest pause between two GetInvalidation polls; default 5 s (tests shorten it). */
  pollSeconds?: number
}

/** Invalidates paths on one CloudFront distribution and waits until the invalidation has completed. */
export class CloudFrontInvalidation implements EdgeCache {
  private readonly maxWaitSeconds: number
  private readonly pollSeconds: number

  constructor(
    private readonly client: CloudFrontClient,
    private readonly distributionId: string,
    options: CloudFrontInvalidationOptions = {},
  ) {
    this.maxWaitSeconds = options.maxWaitSeconds ?? 120
    this.pollSeconds = options.pollSeconds ?? 5
  }

  async invalidate(paths: string[]): Promise<void> {
    if (paths.length === 0) return
    const { Invalidation } = await this.client.send(
      new CreateInvalidationCommand({
        DistributionId: this.distributionId,
        InvalidationBatch: {
          // Unique per call: CloudFront treats a repeated reference as the same request.
          CallerReference: randomUUID(),
          Paths: { Quantity: paths.length, Items: paths },
        },
      }),
    )
    if (Invalidation?.Id === undefined) throw new Error('CloudFront returned no invalidation id')
    if (Invalidation.Status === 'Completed') return
    // The SDK's waiter polls GetInvalidation, backing off from pollSeconds to 20 s, and throws when time runs out.
    await waitUntilInvalidationCompleted(
      {
        client: this.client,
        maxWaitTime: this.maxWaitSeconds,
        minDelay: this.pollSeconds,
        maxDelay: Math.max(this.pollSeconds, 20),
      },
      { DistributionId: this.distributionId, Id: Invalidation.Id },
    )
  }
}
