import { Duration } from 'aws-cdk-lib'
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront'
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources'
import type * as sqs from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import { PressroomFunction, type AppResources } from './app-function'
import { workQueue } from './work-queue'

export interface WebSubPingsProps {
  readonly app: AppResources
  readonly siteUrl: string
  /** The function whose writes change feeds (the HTTP app): it may send to the queue. */
  readonly writer: PressroomFunction
  /** The CDN serving the feeds: their cached copies are invalidated before the hubs are pinged. */
  readonly distribution: cloudfront.IDistribution
}

/** A feed change whose hubs stayed unreachable this many times goes to the dead-letter queue. */
export const WEBSUB_MAX_RECEIVE_COUNT = 5

/**
 * WebSub and IndexNow pings on AWS. A Lambda stops when its response is sent, so the HTTP function cannot
 * ping in the background as `npm start` does: it queues each write's changed feed and page URLs
 * (FEED_CHANGES_QUEUE_URL), and this function pings the hubs and IndexNow, with its own retries and then
 * SQS's. Only made when hubs or an IndexNow key are configured.
 */
export class WebSubPings extends Construct {
  readonly queue: sqs.Queue
  readonly deadLetterQueue: sqs.Queue
  readonly handler: PressroomFunction

  constructor(scope: Construct, id: string, props: WebSubPingsProps) {
    super(scope, id)
    // Up to 120 s waiting for CloudFront's invalidation (CloudFrontInvalidation), then a hub that is down
    // gets up to 4 tries of 5 s per topic (HubPinger): both inside this.
    const timeout = Duration.seconds(180)

    const queues = workQueue(this, 'FeedChanges', {
      // Lambda's advice for SQS event sources: at least 6 times the function's timeout.
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      maxReceiveCount: WEBSUB_MAX_RECEIVE_COUNT,
    })
    this.queue = queues.queue
    this.deadLetterQueue = queues.deadLetterQueue

    this.handler = new PressroomFunction(this, 'Handler', {
      entry: 'functions/websub/lambda.ts',
      description: 'Pressroom: pings WebSub hubs and IndexNow about the feeds and pages each write changed',
      app: props.app,
      siteUrl: props.siteUrl,
      // Asynchronous, so CPU share delays no one; but a full batch (10 changes × 9 feeds × each hub, pinged
      // at once) peaked at 162 MiB RSS in `npm run sizing`, and the rule is 2 × peak RSS (docs/capacity.md).
      memorySize: 384,
      timeout,
    })
    this.handler.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true }),
    )

    // A hub fetches the feed right after a ping: the edge must not hand it the old one (handle-feed-changes.ts).
    this.handler.addEnvironment('CDN_DISTRIBUTION_ID', props.distribution.distributionId)
    props.distribution.grantCreateInvalidation(this.handler)
    props.distribution.grant(this.handler, 'cloudfront:GetInvalidation')

    props.writer.addEnvironment('FEED_CHANGES_QUEUE_URL', this.queue.queueUrl)
    this.queue.grantSendMessages(props.writer)
  }
}
