import { Duration } from 'aws-cdk-lib'
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources'
import type * as sqs from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import { PressroomFunction, type AppResources } from './app-function'
import { workQueue } from './work-queue'

export interface ConfirmationMailProps {
  readonly app: AppResources
  /** SITE_URL: the confirm link in every email. */
  readonly siteUrl: string
  /** The function that takes POST /subscribe (the HTTP app): it may only send to the queue. */
  readonly requester: PressroomFunction
}

/** A subscribe request whose confirmation failed this many times goes to the dead-letter queue. */
export const CONFIRMATION_MAX_RECEIVE_COUNT = 5

/**
 * Confirmation emails on AWS. POST /subscribe does the same work for every address, known or not, so its
 * timing tells nobody who is on the list: it records the request and queues one job
 * (CONFIRMATION_QUEUE_URL). This function decides whether a confirmation email is due and sends it, with
 * SQS's retries, then the dead-letter queue.
 */
export class ConfirmationMail extends Construct {
  readonly queue: sqs.Queue
  readonly deadLetterQueue: sqs.Queue
  readonly handler: PressroomFunction

  constructor(scope: Construct, id: string, props: ConfirmationMailProps) {
    super(scope, id)
    // A few reads, a write and one SES call per job (a welcome job also reads three articles), ten jobs per
    // invocation: seconds, not minutes.
    const timeout = Duration.seconds(30)

    const queues = workQueue(this, 'Queue', {
      // Lambda's advice for SQS event sources: at least 6 times the function's timeout.
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      maxReceiveCount: CONFIRMATION_MAX_RECEIVE_COUNT,
    })
    this.queue = queues.queue
    this.deadLetterQueue = queues.deadLetterQueue

    this.handler = new PressroomFunction(this, 'Handler', {
      entry: 'functions/confirmations/lambda.ts',
      description:
        'Pressroom: sends the confirmation email a subscribe request calls for, off the request path',
      app: props.app,
      siteUrl: props.siteUrl,
      // Renders one precompiled template per job (no MJML): the smallest size, like the feedback function.
      memorySize: 256,
      timeout,
      // buildConfirmationDeps() signs the confirm link.
      secrets: ['linkSigningKey'],
    })
    this.handler.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true }),
    )

    props.requester.addEnvironment('CONFIRMATION_QUEUE_URL', this.queue.queueUrl)
    // SendMessage alone: the HTTP function neither reads the queue nor needs its attributes.
    this.queue.grant(props.requester, 'sqs:SendMessage')
  }
}
