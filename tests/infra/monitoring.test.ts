import type { Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { SES_BOUNCE_RATE_THRESHOLD, SES_COMPLAINT_RATE_THRESHOLD } from '../../infra/constructs/monitoring'
import {
  type Json,
  type Resource,
  only,
  FUNCTIONS,
  type FunctionName,
  render,
  defaultStack,
  customStack,
  type DefaultStack,
} from './synth'

describe('PressroomStack (cdk.json defaults)', () => {
  let template: Template
  let fns: DefaultStack['fns']

  // The one bundling synth of this worker (tests/infra/synth.ts), however long it takes.
  beforeAll(() => {
    ;({ template, fns } = defaultStack())
  }, 300_000)

  describe('monitoring', () => {
    const alarms = () =>
      Object.entries(template.findResources('AWS::CloudWatch::Alarm')) as [string, Resource][]
    const alarm = (idPrefix: string) => only(template, 'AWS::CloudWatch::Alarm', `Monitoring${idPrefix}`)[1]
    const alarmTopic = () => only(template, 'AWS::SNS::Topic', 'MonitoringAlarmTopic')[0]

    it('mails every alarm and its recovery to one topic, missing data never alarming, after one period', () => {
      expect(alarms()).toHaveLength(FUNCTIONS.length * 2 + 5)
      for (const [id, { Properties }] of alarms()) {
        expect(Properties, id).toMatchObject({
          AlarmActions: [{ Ref: alarmTopic() }],
          OKActions: [{ Ref: alarmTopic() }],
          TreatMissingData: 'notBreaching',
          EvaluationPeriods: 1,
          DatapointsToAlarm: 1,
        })
        expect(Properties.AlarmDescription, id).toEqual(expect.any(String))
      }
    })

    it('subscribes no email when alarmEmail is unset, and outputs the topic', () => {
      expect(template.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'email' } })).toEqual(
        {},
      )
      expect(template.findOutputs('AlarmTopicArn').AlarmTopicArn!.Value).toEqual({ Ref: alarmTopic() })
    })

    it('refuses plain-HTTP publishing to the alarm topic', () => {
      const [, policy] = only(template, 'AWS::SNS::TopicPolicy', 'MonitoringAlarmTopic')
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      )
    })

    const FUNCTION_ALARMS: Record<FunctionName, string> = {
      WebHandler: 'Web',
      EmailFeedbackHandler: 'EmailFeedback',
      DigestPlanner: 'DigestPlanner',
      DigestSender: 'DigestSender',
      ConfirmationsHandler: 'ConfirmationMailer',
      GoLiveHandler: 'GoLive',
    }
    it.each(FUNCTIONS)('alarms on any error or throttle of %s in 5 minutes', (name) => {
      for (const metric of ['Errors', 'Throttles']) {
        expect(alarm(`${FUNCTION_ALARMS[name]}${metric}`).Properties).toMatchObject({
          Namespace: 'AWS/Lambda',
          MetricName: metric,
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: fns[name].id } }],
          Statistic: 'Sum',
          Period: 300,
          ComparisonOperator: 'GreaterThanThreshold',
          Threshold: 0,
        })
      }
    })

    it('alarms on the first dead letter', () => {
      const [dlqId] = only(template, 'AWS::SQS::Queue', 'DigestDeadLetters')
      expect(alarm('DeadLetters').Properties).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
        Statistic: 'Maximum',
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 1,
      })
    })

    it('alarms on any 5xx from the HTTP API in 5 minutes', () => {
      const [apiId] = only(template, 'AWS::ApiGatewayV2::Api')
      expect(alarm('ApiServerErrors').Properties).toMatchObject({
        Namespace: 'AWS/ApiGateway',
        MetricName: '5xx',
        Dimensions: [{ Name: 'ApiId', Value: { Ref: apiId } }],
        Statistic: 'Sum',
        Period: 300,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      })
    })

    it('alarms on an SES bounce rate above 2% and a complaint rate above 0.05%', () => {
      expect(SES_BOUNCE_RATE_THRESHOLD).toBe(0.02)
      expect(SES_COMPLAINT_RATE_THRESHOLD).toBe(0.0005)
      for (const [idPrefix, metricName, threshold] of [
        ['SesBounceRate', 'Reputation.BounceRate', 0.02],
        ['SesComplaintRate', 'Reputation.ComplaintRate', 0.0005],
      ] as const) {
        const { Properties } = alarm(idPrefix)
        expect(Properties).toMatchObject({
          Namespace: 'AWS/SES',
          MetricName: metricName,
          Statistic: 'Maximum',
          ComparisonOperator: 'GreaterThanThreshold',
          Threshold: threshold,
        })
        // Account-wide: SES reviews (and pauses) the account on these rates, not a configuration set.
        expect(Properties).not.toHaveProperty('Dimensions')
      }
    })

    it('has a dashboard of functions, queues, email and the API, with the alarms on top', () => {
      const [dashboardId, dashboard] = only(template, 'AWS::CloudWatch::Dashboard', 'MonitoringDashboard')
      // The body is JSON with references spliced in; each reference becomes its logical id here.
      const body = JSON.parse(render(dashboard.Properties.DashboardBody))
      type Widget = { type: string; properties: { title: string; alarms?: string[]; metrics?: Json[][] } }
      const widgets = body.widgets as Widget[]
      const metricsOf = (title: string) => {
        const widget = widgets.find((w) => w.properties.title.startsWith(title))
        expect(widget, title).toBeDefined()
        // [namespace, name, dimension name, dimension value, ..., options]
        return widget!.properties.metrics!.map((metric) => metric.filter((part) => typeof part === 'string'))
      }
      expect(widgets[0]!.type).toBe('alarm')
      expect(widgets[0]!.properties.alarms).toHaveLength(alarms().length)
      for (const [title, metricName] of [
        ['Function invocations', 'Invocations'],
        ['Function errors', 'Errors'],
        ['Function duration', 'Duration'],
      ]) {
        expect(metricsOf(title!)).toEqual(
          expect.arrayContaining(
            FUNCTIONS.map((name) => ['AWS/Lambda', metricName, 'FunctionName', `<${fns[name].id}>`]),
          ),
        )
      }
      const [queueId] = only(template, 'AWS::SQS::Queue', 'DigestSendQueue')
      const [dlqId] = only(template, 'AWS::SQS::Queue', 'DigestDeadLetters')
      expect(metricsOf('Digest queues')).toEqual(
        expect.arrayContaining([
          ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', `<${queueId}.QueueName>`],
          ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', `<${dlqId}.QueueName>`],
        ]),
      )
      expect(metricsOf('Email')).toEqual(
        expect.arrayContaining([
          ['AWS/SES', 'Send'],
          ['AWS/SES', 'Bounce'],
          ['AWS/SES', 'Complaint'],
        ]),
      )
      const [apiId] = only(template, 'AWS::ApiGatewayV2::Api')
      expect(metricsOf('HTTP API')).toContainEqual(['AWS/ApiGateway', '5xx', 'ApiId', `<${apiId}>`])
      expect(template.findOutputs('DashboardName').DashboardName!.Value).toEqual({ Ref: dashboardId })
    })
  })
})

describe('PressroomStack (custom site, sender and publication; disposable data)', () => {
  let template: Template

  beforeAll(() => {
    ;({ template } = customStack())
  })

  it('mails the alarms to alarmEmail', () => {
    const [topicId] = only(template, 'AWS::SNS::Topic', 'MonitoringAlarmTopic')
    const emails = Object.values(
      template.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'email' } }),
    ) as Resource[]
    expect(emails.map((subscription) => subscription.Properties)).toEqual([
      { Protocol: 'email', Endpoint: 'ops@pressroom.dev', TopicArn: { Ref: topicId } },
    ])
  })
})
