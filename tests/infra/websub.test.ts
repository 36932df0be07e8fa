import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { bundleLambda, SDK_EXTERNALS } from '../../bench/support/lambda-bundle'
import { loadConfig } from '../../functions/config'
import {
  type Json,
  type Resource,
  type Statement,
  only,
  customStack,
  deployedEnvironment,
  NO_BUNDLING,
  synth,
} from './synth'

describe('PressroomStack (custom site, sender and publication; disposable data)', () => {
  let template: Template

  beforeAll(() => {
    ;({ template } = customStack())
  })

  it('queues feed changes for a WebSub function, which the HTTP function may only send to', () => {
    const [webId, web] = only(template, 'AWS::Lambda::Function', 'WebHandler')
    const [pingerId, pinger] = only(template, 'AWS::Lambda::Function', 'WebSubHandler')
    const [queueId, queue] = only(template, 'AWS::SQS::Queue', 'WebSubFeedChanges')
    const [deadId] = only(template, 'AWS::SQS::Queue', 'WebSubDeadLetters')
    expect(web.Properties.Environment.Variables.FEED_CHANGES_QUEUE_URL).toEqual({ Ref: queueId })
    expect(pinger.Properties).toMatchObject({ MemorySize: 384, Timeout: 180 })
    expect(queue.Properties).toMatchObject({
      VisibilityTimeout: 1080,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [deadId, 'Arn'] }, maxReceiveCount: 5 },
    })
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: pingerId },
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    })
    // The HTTP function's role sends to the queue and does not consume it.
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[]
    const webPolicy = policies.find((p) =>
      p.Properties.Roles.some((role: Json) => role.Ref === web.Properties.Role['Fn::GetAtt'][0]),
    )!
    const onQueue = (webPolicy.Properties.PolicyDocument.Statement as Statement[])
      .filter((st) => JSON.stringify(st.Resource) === JSON.stringify({ 'Fn::GetAtt': [queueId, 'Arn'] }))
      .flatMap((st) => [st.Action].flat())
    expect(onQueue.sort()).toEqual(['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'])
    expect(webId).not.toBe(pingerId)
    // Before pinging, the WebSub function invalidates the feeds' cached copies on this distribution only.
    const [distributionId] = only(template, 'AWS::CloudFront::Distribution')
    expect(pinger.Properties.Environment.Variables.CDN_DISTRIBUTION_ID).toEqual({ Ref: distributionId })
    const pingerPolicy = policies.find((p) =>
      p.Properties.Roles.some((role: Json) => role.Ref === pinger.Properties.Role['Fn::GetAtt'][0]),
    )!
    const onDistribution = (pingerPolicy.Properties.PolicyDocument.Statement as Statement[]).filter((st) =>
      [st.Action].flat().some((action) => String(action).startsWith('cloudfront:')),
    )
    expect(onDistribution.flatMap((st) => [st.Action].flat()).sort()).toEqual([
      'cloudfront:CreateInvalidation',
      'cloudfront:GetInvalidation',
    ])
    for (const st of onDistribution) {
      expect(JSON.stringify(st.Resource)).toContain(distributionId)
      expect(JSON.stringify(st.Resource)).not.toContain('*"')
    }
    expect(JSON.stringify(webPolicy.Properties.PolicyDocument)).not.toContain('cloudfront:')
    // buildWebSubDeps() reads no secret: none is named to it or granted.
    expect(pinger.Properties.Environment.Variables).not.toHaveProperty('ADMIN_TOKEN_SECRET_ARN')
    expect(pinger.Properties.Environment.Variables).not.toHaveProperty('TOKEN_SECRET_ARN')
    expect(JSON.stringify(pingerPolicy.Properties.PolicyDocument)).not.toContain('secretsmanager:')
    // Unreachable hubs end in the dead-letter queue, which alarms on its first message.
    const [alarmId] = only(template, 'AWS::CloudWatch::Alarm', 'MonitoringWebSubDeadLetters')
    expect(template.toJSON().Resources[alarmId].Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadId, 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    })
  })

  it('keeps the WebSub bundle within its size budget, without MJML', { timeout: 30_000 }, async () => {
    // The stack above is synthesized without bundling; this bundles the entry as PressroomFunction has CDK
    // bundle it (bench/support/lambda-bundle.ts). Measured 471 KiB when the budget was set.
    const dir = mkdtempSync(join(tmpdir(), 'pressroom-websub-bundle-'))
    try {
      const { metafile } = await bundleLambda(
        'functions/websub/lambda.ts',
        SDK_EXTERNALS,
        join(dir, 'index.mjs'),
      )
      // measured 0.60 MB; 0.66 MB once config.ts checks WARMUP_SCHEDULE's date (temporal-polyfill, 56 KB)
      expect(statSync(join(dir, 'index.mjs')).size).toBeLessThanOrEqual(0.75e6)
      expect(Object.keys(metafile.inputs).join('\n')).not.toMatch(/node_modules\/mjml/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('PressroomStack with an IndexNow key and no WebSub hub', () => {
  it('still makes the feed-change queue and its function, which get the key', () => {
    const { template } = synth({ ...NO_BUNDLING, indexNowKey: 'a1b2c3d4-e5f6-4a7b' })
    const [queueId] = only(template, 'AWS::SQS::Queue', 'WebSubFeedChanges')
    const [pingerId, pinger] = only(template, 'AWS::Lambda::Function', 'WebSubHandler')
    const [, web] = only(template, 'AWS::Lambda::Function', 'WebHandler')
    expect(web.Properties.Environment.Variables.FEED_CHANGES_QUEUE_URL).toEqual({ Ref: queueId })
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: pingerId },
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    })
    const pingerEnv = pinger.Properties.Environment.Variables
    expect(pingerEnv.INDEXNOW_KEY).toBe('a1b2c3d4-e5f6-4a7b')
    expect(pingerEnv).not.toHaveProperty('WEBSUB_HUBS')
    // The HTTP function serves the key file from the same variable.
    expect(web.Properties.Environment.Variables.INDEXNOW_KEY).toBe('a1b2c3d4-e5f6-4a7b')
    // The distribution id is a Ref in the template; any real-looking id stands in for it.
    const deployed = { ...deployedEnvironment(pingerEnv), CDN_DISTRIBUTION_ID: 'E2QWRUHAPOMQZL' }
    expect(loadConfig(deployed)).toMatchObject({
      INDEXNOW_KEY: 'a1b2c3d4-e5f6-4a7b',
      WEBSUB_HUBS: [],
    })
  })

  it('makes neither without hubs or a key', () => {
    const { template } = synth({ ...NO_BUNDLING })
    expect(
      Object.keys(template.findResources('AWS::SQS::Queue')).filter((id) => id.startsWith('WebSub')),
    ).toEqual([])
  })

  it('passes the logo and the verification tokens to the HTTP function', () => {
    const { template } = synth({
      ...NO_BUNDLING,
      publicationLogoUrl: 'https://news.example.com/logo.png',
      naverSiteVerification: 'a1b2c3',
      googleSiteVerification: 'Xy_Z-1',
    })
    const [, web] = only(template, 'AWS::Lambda::Function', 'WebHandler')
    expect(web.Properties.Environment.Variables).toMatchObject({
      PUBLICATION_LOGO_URL: 'https://news.example.com/logo.png',
      NAVER_SITE_VERIFICATION: 'a1b2c3',
      GOOGLE_SITE_VERIFICATION: 'Xy_Z-1',
    })
  })

  it('passes the warm-up schedule to the planner, which reads it', () => {
    const { template } = synth({ ...NO_BUNDLING, warmUpSchedule: '2026-12-01:50,100,500' })
    const [, planner] = only(template, 'AWS::Lambda::Function', 'DigestPlanner')
    expect(planner.Properties.Environment.Variables.WARMUP_SCHEDULE).toBe('2026-12-01:50,100,500')
  })
})
