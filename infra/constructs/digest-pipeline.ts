import { Duration, TimeZone } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources'
import * as scheduler from 'aws-cdk-lib/aws-scheduler'
import * as targets from 'aws-cdk-lib/aws-scheduler-targets'
import type * as sqs from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import type { DigestCadence } from '../../functions/core/plan-digest'
import { SCHEDULED_CADENCES } from '../../functions/digest/handle-schedule'
import { PressroomFunction, type AppResources } from './app-function'
import { workQueue } from './work-queue'

export interface DigestPipelineProps {
  readonly app: AppResources
  /** SITE_URL: digests link to articles, web versions, preferences and unsubscribe pages. */
  readonly siteUrl: string
}

/** How long a sender holds a recipient's claim in the ledger (process-batch.ts claimDurationMs). */
export const CLAIM_DURATION = Duration.minutes(5)
/** A message whose batch failed this many times goes to the dead-letter queue. */
export const MAX_RECEIVE_COUNT = 5
/** Every hour on the hour (in the stack's scheduleTimezone); the planner picks whose local hour it is. */
export const HOURLY = 'cron(0 * * * ? *)'

/**
 * Digests on AWS. Every hour, one EventBridge Scheduler schedule per cadence (daily, weekly, instant)
 * invokes the planner, which renders each variant once and puts delivery batches on the send queue; the sender takes them one
 * message at a time, paced to SES's rate, and reports the recipients to retry as batch item failures.
 * A message that keeps failing ends in the dead-letter queue.
 */
export class DigestPipeline extends Construct {
  readonly queue: sqs.Queue
  readonly deadLetterQueue: sqs.Queue
  readonly planner: PressroomFunction
  readonly sender: PressroomFunction
  readonly schedules: Record<DigestCadence, scheduler.Schedule>

  constructor(scope: Construct, id: string, props: DigestPipelineProps) {
    super(scope, id)
    const { app, siteUrl } = props
    const { config } = app

    // Under the claim, so a sender killed by its timeout leaves claims that run out before anyone retries;
    // over a 50-recipient batch at a sandbox's 1 email/s shared by 2 senders (docs/capacity.md).
    const senderTimeout = Duration.minutes(2)

    const queues = workQueue(this, 'SendQueue', {
      // Lambda's advice for SQS event sources is 6 times the function timeout; it also outlasts the claim,
      // so a redelivered batch finds its recipients free again rather than "held by another sender".
      visibilityTimeout: maxDuration(senderTimeout.toSeconds() * 6, CLAIM_DURATION.toSeconds()),
      maxReceiveCount: MAX_RECEIVE_COUNT,
    })
    this.queue = queues.queue
    this.deadLetterQueue = queues.deadLetterQueue

    this.planner = new PressroomFunction(this, 'Planner', {
      entry: 'functions/digest/lambda.ts',
      description:
        'Pressroom: plans daily, weekly and instant emails every hour and queues their delivery batches',
      app,
      siteUrl,
      // 2 × measured peak RSS is 640 MB at 50,000 due; RSS grows with the hour's list (docs/capacity.md).
      memorySize: 1024,
      timeout: Duration.minutes(5),
      // 3.5 MB of the bundle otherwise, reached only through htmlnano's config loader (cosmiconfig loads
      // it for a .ts config file); htmlnano runs only when MJML minifies, which email/digest.ts turns off.
      unbundledModules: ['typescript'],
    })
    this.planner.addEnvironment('SEND_QUEUE_URL', this.queue.queueUrl)
    this.queue.grantSendMessages(this.planner)
    // A run is worth retrying only within its hour: the next run plans the next hour's readers anyway.
    this.planner.configureAsyncInvoke({ maxEventAge: Duration.hours(1), retryAttempts: 2 })

    this.sender = new PressroomFunction(this, 'Sender', {
      entry: 'functions/send/lambda.ts',
      description: 'Pressroom: sends digest delivery batches from the send queue through SES',
      app,
      siteUrl,
      // 2 × measured peak RSS is 384 MB; 512 for the CPU that caps one sender's rate (docs/capacity.md).
      memorySize: 512,
      timeout: senderTimeout,
      // Every sender paces itself to 1/senderConcurrency of the SES rate, so no more may run at once.
      reservedConcurrentExecutions: config.senderConcurrency,
      // buildSendDeps() signs each subscriber's preferences and unsubscribe links.
      secrets: ['linkSigningKey'],
    })
    this.sender.addEnvironment('SENDER_CONCURRENCY', String(config.senderConcurrency))
    this.sender.addEnvironment('SEND_RATE_FALLBACK', String(config.maxSendRate))
    // PressroomFunction already grants ses:SendRawEmail (Email.grantSend). GetSendQuota reads the account's
    // sending rate (sesSendRate in token-bucket.ts); SES has no resource-level permissions for it, so it
    // can only be granted on '*'. It reads a number and sends nothing.
    this.sender.addToRolePolicy(new iam.PolicyStatement({ actions: ['ses:GetSendQuota'], resources: ['*'] }))
    this.sender.addEventSource(
      new SqsEventSource(this.queue, {
        // One delivery batch (up to 50 recipients) per invocation keeps a run well inside the timeout.
        batchSize: 1,
        reportBatchItemFailures: true,
        maxConcurrency: config.senderConcurrency,
      }),
    )

    // One schedule per cadence; LambdaInvoke gives them one shared role that may invoke only the planner,
    // assumable only by EventBridge Scheduler on behalf of this account's default schedule group.
    const timeZone = TimeZone.of(config.scheduleTimezone)
    const schedule = (cadence: DigestCadence) =>
      new scheduler.Schedule(this, `${cadence[0]!.toUpperCase()}${cadence.slice(1)}Schedule`, {
        description:
          cadence === 'instant'
            ? 'Pressroom: plans instant emails of the articles published since the last run'
            : `Pressroom: plans ${cadence} digests for the readers whose delivery hour it is`,
        schedule: scheduler.ScheduleExpression.expression(HOURLY, timeZone),
        target: new targets.LambdaInvoke(this.planner, {
          input: scheduler.ScheduleTargetInput.fromObject({ cadence }),
          maxEventAge: Duration.hours(1),
          retryAttempts: 10,
        }),
      })
    this.schedules = Object.fromEntries(
      SCHEDULED_CADENCES.map((cadence) => [cadence, schedule(cadence)]),
    ) as Record<DigestCadence, scheduler.Schedule>
  }
}

/**
 * Lets `operator` (the HTTP function: admin API and desk) run, preview and test digests through the planner,
 * and count and redrive the dead letters. Only `operator` depends on the pipeline (its environment and role
 * name the planner and the queues); the planner knows nothing of it, so there is no cycle.
 */
export function grantDigestOperations(digests: DigestPipeline, operator: PressroomFunction): void {
  operator.addEnvironment('DIGEST_PLANNER_FUNCTION', digests.planner.functionName)
  // Not grantInvoke, which adds <planner ARN>:* (every version): the operator invokes $LATEST only.
  operator.addToRolePolicy(
    new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [digests.planner.functionArn] }),
  )
  operator.addEnvironment('DIGEST_DEAD_LETTER_QUEUE_URL', digests.deadLetterQueue.queueUrl)
  operator.addEnvironment('DIGEST_DEAD_LETTER_QUEUE_ARN', digests.deadLetterQueue.queueArn)
  operator.addEnvironment('SEND_QUEUE_ARN', digests.queue.queueArn)
  // What StartMessageMoveTask needs on its source (SQS receives and deletes on the caller's behalf) and
  // destination; GetQueueAttributes also gives the desk its count. No ListMessageMoveTasks, no Cancel.
  digests.deadLetterQueue.grant(
    operator,
    'sqs:StartMessageMoveTask',
    'sqs:GetQueueAttributes',
    'sqs:ReceiveMessage',
    'sqs:DeleteMessage',
  )
  digests.queue.grant(operator, 'sqs:SendMessage')
}

const maxDuration = (...seconds: number[]) => Duration.seconds(Math.max(...seconds))
