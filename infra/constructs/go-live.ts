import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as scheduler from 'aws-cdk-lib/aws-scheduler'
import type * as sqs from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import { PressroomFunction, type AppResources } from './app-function'

export interface GoLiveProps {
  readonly app: AppResources
  readonly siteUrl: string
  /** The function whose writes schedule articles (the HTTP app): it manages the schedules in the group. */
  readonly writer: PressroomFunction
  /** The feed-change queue (WebSubPings), when hubs are configured: a go-live is announced through it. */
  readonly feedChanges?: sqs.IQueue
}

/**
 * Scheduled publishing on AWS (decision 013). The HTTP function keeps one one-time EventBridge Scheduler
 * schedule per scheduled article in this group (functions/adapters/scheduler/eventbridge-scheduler.ts);
 * at the article's moment Scheduler, assuming this construct's role, invokes the go-live function, which
 * publishes the article if it is still scheduled for then and hands the feed change to the same queue a
 * publish uses (WebSub, and whatever else listens there).
 */
export class GoLive extends Construct {
  readonly handler: PressroomFunction
  readonly group: scheduler.ScheduleGroup
  /** The role Scheduler assumes to invoke the handler; the HTTP function may pass it and no other. */
  readonly schedulerRole: iam.Role

  constructor(scope: Construct, id: string, props: GoLiveProps) {
    super(scope, id)
    this.handler = new PressroomFunction(this, 'Handler', {
      entry: 'functions/go-live/lambda.ts',
      description: 'Pressroom: publishes a scheduled article at its time (EventBridge Scheduler)',
      app: props.app,
      siteUrl: props.siteUrl,
      // A few reads and one write per article due; no rendering.
      memorySize: 256,
      timeout: Duration.seconds(30),
    })
    // Scheduler retries an invoke that fails (its RetryPolicy); Lambda's own async retries would only add more.
    this.handler.configureAsyncInvoke({ retryAttempts: 0 })
    if (props.feedChanges !== undefined) {
      this.handler.addEnvironment('FEED_CHANGES_QUEUE_URL', props.feedChanges.queueUrl)
      props.feedChanges.grantSendMessages(this.handler)
    }

    // Schedules delete themselves after they fire; a group of its own keeps the writer's grants to it.
    this.group = new scheduler.ScheduleGroup(this, 'Group', { removalPolicy: RemovalPolicy.DESTROY })

    this.schedulerRole = new iam.Role(this, 'SchedulerRole', {
      description: 'Pressroom: EventBridge Scheduler invokes the go-live function with it',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    })
    this.handler.grantInvoke(this.schedulerRole)

    const { writer } = props
    writer.addEnvironment('GO_LIVE_SCHEDULE_GROUP', this.group.scheduleGroupName)
    writer.addEnvironment('GO_LIVE_FUNCTION_ARN', this.handler.functionArn)
    writer.addEnvironment('GO_LIVE_ROLE_ARN', this.schedulerRole.roleArn)
    // Create and update (grantWriteSchedules), delete (grantDeleteSchedules): on this group's schedules only.
    this.group.grantWriteSchedules(writer)
    this.group.grantDeleteSchedules(writer)
    // A schedule names the role it runs with, so its creator must be allowed to pass that role: this one only.
    this.schedulerRole.grantPassRole(writer.grantPrincipal)
  }
}
