import { Match, type Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../functions/config'
import {
  only,
  FUNCTIONS,
  type FunctionName,
  deployedEnvironment,
  defaultStack,
  type DefaultStack,
} from './synth'

describe('PressroomStack (cdk.json defaults)', () => {
  let template: Template
  let fns: DefaultStack['fns']

  // The one bundling synth of this worker (tests/infra/synth.ts), however long it takes.
  beforeAll(() => {
    ;({ template, fns } = defaultStack())
  }, 300_000)

  describe('confirmation mail', () => {
    const queues = () => {
      const [queueId, queue] = only(template, 'AWS::SQS::Queue', 'ConfirmationsQueue')
      const [dlqId, dlq] = only(template, 'AWS::SQS::Queue', 'ConfirmationsDeadLetters')
      return { queueId, queue, dlqId, dlq }
    }
    /** The SQS actions `name`'s role has on the queue. */
    const onQueue = (name: FunctionName, queueId: string) =>
      fns[name].statements
        // CDK merges statements with the same actions, so the queue may be one resource among several.
        .filter((st) =>
          [st.Resource]
            .flat()
            .some(
              (resource) => JSON.stringify(resource) === JSON.stringify({ 'Fn::GetAtt': [queueId, 'Arn'] }),
            ),
        )
        .flatMap((st) => [st.Action].flat())
        .sort()

    it('queues subscribe requests on an encrypted, TLS-only queue with dead letters after 5 receives', () => {
      const { queueId, queue, dlqId, dlq } = queues()
      expect(queue.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
      })
      expect(dlq.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
      })
      for (const id of [queueId, dlqId]) {
        template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: id }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({
                Effect: 'Deny',
                Action: 'sqs:*',
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              }),
            ]),
          },
        })
      }
      const timeout = fns.ConfirmationsHandler.fn.Properties.Timeout as number
      expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeout)
    })

    it('feeds the confirmations function up to 10 jobs at a time, with partial batch failures', () => {
      const { queueId } = queues()
      const [, mapping] = only(template, 'AWS::Lambda::EventSourceMapping', 'ConfirmationsHandler')
      expect(mapping.Properties).toMatchObject({
        EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
        FunctionName: { Ref: fns.ConfirmationsHandler.id },
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      })
      expect(onQueue('ConfirmationsHandler', queueId)).toEqual(
        expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']),
      )
      expect(onQueue('ConfirmationsHandler', queueId)).not.toContain('sqs:SendMessage')
    })

    it('lets the HTTP function only send to the queue, whose URL its configuration requires', () => {
      const { queueId } = queues()
      expect(onQueue('WebHandler', queueId)).toEqual(['sqs:SendMessage'])
      for (const name of ['EmailFeedbackHandler', 'DigestPlanner', 'DigestSender'] as const)
        expect(onQueue(name, queueId), name).toEqual([])
      const webEnv = fns.WebHandler.fn.Properties.Environment.Variables
      expect(webEnv.CONFIRMATION_QUEUE_URL).toEqual({ Ref: queueId })
      expect(loadConfig(deployedEnvironment(webEnv)).CONFIRMATION_QUEUE_URL).toBe('https://x.example')
      for (const name of FUNCTIONS.filter((n) => n !== 'WebHandler'))
        expect(fns[name].fn.Properties.Environment.Variables, name).not.toHaveProperty(
          'CONFIRMATION_QUEUE_URL',
        )
    })

    it('alarms on the first dead letter and outputs the dead-letter queue', () => {
      const { dlqId } = queues()
      const [, alarm] = only(template, 'AWS::CloudWatch::Alarm', 'MonitoringConfirmationDeadLetters')
      expect(alarm.Properties).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      })
      expect(
        template.findOutputs('ConfirmationDeadLetterQueueUrl').ConfirmationDeadLetterQueueUrl!.Value,
      ).toEqual({ Ref: dlqId })
    })
  })
})
