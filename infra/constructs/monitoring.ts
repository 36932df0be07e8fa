import { Duration } from 'aws-cdk-lib'
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2'
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch'
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions'
import type * as lambda from 'aws-cdk-lib/aws-lambda'
import * as sns from 'aws-cdk-lib/aws-sns'
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions'
import type * as sqs from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'

export interface MonitoringProps {
  /** Mailed every alarm and recovery (stack config alarmEmail); none: subscribe to the topic later. */
  readonly alarmEmail?: string
  /** The functions to watch, by the name the alarms and the dashboard give them. */
  readonly functions: Record<string, lambda.IFunction>
  readonly api: apigwv2.IHttpApi
  readonly sendQueue: sqs.IQueue
  readonly deadLetterQueue: sqs.IQueue
  /** The confirmation-mail queue's dead letters: subscribe requests whose confirmation kept failing. */
  readonly confirmationDeadLetterQueue: sqs.IQueue
  /** The WebSub feed-change queue's dead letters, when hubs are configured. */
  readonly webSubDeadLetterQueue?: sqs.IQueue
}

const FIVE_MINUTES = Duration.minutes(5)

/**
 * Thresholds of the SES reputation alarms, as the fractions SES publishes (0.02 is 2%). Both are well
 * below the rates at which SES puts an account under review (5% bounces, 0.1% complaints), so there is
 * time to act before sending is paused.
 */
export const SES_BOUNCE_RATE_THRESHOLD = 0.02
export const SES_COMPLAINT_RATE_THRESHOLD = 0.0005

/** SES's account-wide metrics (every configuration set, every identity), in the region of the stack. */
const sesMetric = (metricName: string, statistic: string, period: Duration, label?: string) =>
  new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic, period, label })

/**
 * Alarms on what needs an operator (failing or throttled functions, dead letters, 5xx answers, a sender
 * reputation heading for an SES review), mailed through one SNS topic, and a dashboard of the same.
 * Missing data never alarms: no traffic, no sends and no dead letters are the normal state.
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic
  readonly alarms: cloudwatch.Alarm[] = []
  readonly dashboard: cloudwatch.Dashboard

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id)
    const { api, sendQueue, deadLetterQueue } = props
    const functions = Object.entries(props.functions)

    this.topic = new sns.Topic(this, 'AlarmTopic', { displayName: 'Pressroom alarms', enforceSSL: true })
    if (props.alarmEmail !== undefined) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail))
    }
    const notify = new actions.SnsAction(this.topic)

    const alarm = (
      alarmId: string,
      metric: cloudwatch.IMetric,
      threshold: number,
      comparisonOperator: cloudwatch.ComparisonOperator,
      alarmDescription: string,
    ) => {
      const created = new cloudwatch.Alarm(this, alarmId, {
        metric,
        threshold,
        comparisonOperator,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription,
      })
      created.addAlarmAction(notify)
      // The recovery is mailed too, so an inbox shows whether a problem is still on.
      created.addOkAction(notify)
      this.alarms.push(created)
      return created
    }
    const above = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD
    const atLeast = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD

    for (const [name, fn] of functions) {
      alarm(
        `${name}Errors`,
        fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        0,
        above,
        `Pressroom ${name} function failed (threw, timed out or ran out of memory) in the last 5 minutes: ` +
          'see its log group.',
      )
      alarm(
        `${name}Throttles`,
        fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
        0,
        above,
        `Pressroom ${name} function was throttled in the last 5 minutes: the account's or its reserved ` +
          'concurrency ran out.',
      )
    }
    // The first message in a dead-letter queue alarms.
    const deadLetters = (id: string, queue: sqs.IQueue, description: string) =>
      alarm(
        id,
        queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
        1,
        atLeast,
        description,
      )
    deadLetters(
      'DeadLetters',
      deadLetterQueue,
      'Pressroom digest delivery batches failed 5 times and wait in the dead-letter queue: fix the cause ' +
        '(sender logs), then redrive them to the send queue.',
    )
    deadLetters(
      'ConfirmationDeadLetters',
      props.confirmationDeadLetterQueue,
      'Pressroom could not send a confirmation email 5 times: those readers are waiting for a link that ' +
        'did not come. See the ConfirmationMailer function logs; redrive once the cause is fixed.',
    )
    if (props.webSubDeadLetterQueue !== undefined) {
      deadLetters(
        'WebSubDeadLetters',
        props.webSubDeadLetterQueue,
        'Pressroom could not reach a WebSub hub for a feed change 5 times: subscribers of that hub miss ' +
          'the update until the next one. See the WebSub function logs; redrive once the hub is back.',
      )
    }
    alarm(
      'ApiServerErrors',
      api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
      0,
      above,
      'Pressroom HTTP API answered 5xx in the last 5 minutes: unhandled errors are in the web function ' +
        'logs. (POST /api/digests/run, /preview and /test answer 404 on AWS by design, not a 5xx.)',
    )
    const reputationPeriod = Duration.hours(1)
    alarm(
      'SesBounceRate',
      sesMetric('Reputation.BounceRate', 'Maximum', reputationPeriod),
      SES_BOUNCE_RATE_THRESHOLD,
      above,
      `SES bounce rate of the account is above ${SES_BOUNCE_RATE_THRESHOLD * 100}% ` +
        '(SES reviews accounts at 5%): check the list for stale or bought addresses.',
    )
    alarm(
      'SesComplaintRate',
      sesMetric('Reputation.ComplaintRate', 'Maximum', reputationPeriod),
      SES_COMPLAINT_RATE_THRESHOLD,
      above,
      `SES complaint rate of the account is above ${SES_COMPLAINT_RATE_THRESHOLD * 100}% ` +
        '(SES reviews accounts at 0.1%): readers are marking digests as spam.',
    )

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(1),
    })
    const byFunction = (metric: (fn: lambda.IFunction, label: string) => cloudwatch.IMetric) =>
      functions.map(([name, fn]) => metric(fn, name))
    const graph = (title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = []) =>
      new cloudwatch.GraphWidget({ title, left, right, width: 8, height: 6 })
    const sum = 'Sum'
    const max = 'Maximum'
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 3 }),
    )
    this.dashboard.addWidgets(
      graph(
        'Function invocations',
        byFunction((fn, label) => fn.metricInvocations({ statistic: sum, label })),
      ),
      graph(
        'Function errors (left) and throttles (right)',
        byFunction((fn, label) => fn.metricErrors({ statistic: sum, label })),
        byFunction((fn, label) => fn.metricThrottles({ statistic: sum, label: `${label} throttles` })),
      ),
      graph(
        'Function duration, p99 (ms)',
        byFunction((fn, label) => fn.metricDuration({ statistic: 'p99', label })),
      ),
    )
    this.dashboard.addWidgets(
      graph(
        'Digest queues (messages; oldest on the right, s)',
        [
          sendQueue.metricApproximateNumberOfMessagesVisible({ statistic: max, label: 'Waiting' }),
          sendQueue.metricApproximateNumberOfMessagesNotVisible({ statistic: max, label: 'In flight' }),
          deadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: max, label: 'Dead letters' }),
        ],
        [sendQueue.metricApproximateAgeOfOldestMessage({ statistic: max, label: 'Oldest waiting' })],
      ),
      graph(
        'Email, whole SES account (rates on the right)',
        [
          sesMetric('Send', sum, FIVE_MINUTES, 'Sent'),
          sesMetric('Delivery', sum, FIVE_MINUTES, 'Delivered'),
          sesMetric('Bounce', sum, FIVE_MINUTES, 'Bounces'),
          sesMetric('Complaint', sum, FIVE_MINUTES, 'Complaints'),
          sesMetric('Reject', sum, FIVE_MINUTES, 'Rejected'),
        ],
        [
          sesMetric('Reputation.BounceRate', max, reputationPeriod, 'Bounce rate'),
          sesMetric('Reputation.ComplaintRate', max, reputationPeriod, 'Complaint rate'),
        ],
      ),
      graph(
        'HTTP API (latency on the right, ms)',
        [
          api.metricCount({ statistic: sum, label: 'Requests' }),
          api.metricClientError({ statistic: sum, label: '4xx' }),
          api.metricServerError({ statistic: sum, label: '5xx' }),
        ],
        [api.metricLatency({ statistic: 'p99', label: 'Latency p99' })],
      ),
    )
  }
}
