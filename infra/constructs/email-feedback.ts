import { Duration } from 'aws-cdk-lib'
import { SnsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources'
import type * as sns from 'aws-cdk-lib/aws-sns'
import { Construct } from 'constructs'
import { PressroomFunction, type AppResources } from './app-function'

export interface EmailFeedbackProps {
  readonly app: AppResources
  /** SITE_URL: config.ts requires it of every function. */
  readonly siteUrl: string
  /** The topic SES publishes bounce, complaint, delivery and reject events to (Email.eventsTopic). */
  readonly eventsTopic: sns.ITopic
}

/**
 * Applies SES bounces and complaints to subscribers and counts deliveries, bounces and complaints in their
 * digests' figures (functions/ses-events), one SNS message at a time.
 */
export class EmailFeedback extends Construct {
  readonly handler: PressroomFunction

  constructor(scope: Construct, id: string, props: EmailFeedbackProps) {
    super(scope, id)

    this.handler = new PressroomFunction(this, 'Handler', {
      entry: 'functions/ses-events/lambda.ts',
      description: 'Pressroom: applies SES bounces and complaints to subscribers, counts digest deliveries',
      app: props.app,
      siteUrl: props.siteUrl,
      // 2 × measured peak RSS; asynchronous, so a small CPU share costs no one a wait (docs/capacity.md).
      memorySize: 256,
      timeout: Duration.seconds(10),
    })
    // SNS invokes asynchronously: a thrown error (DynamoDB unavailable) is retried by Lambda, and
    // handle-sns-event.ts makes applying a record twice harmless (each event counts in the figures once).
    this.handler.addEventSource(new SnsEventSource(props.eventsTopic))
  }
}
