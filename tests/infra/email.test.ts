import type { Stack } from 'aws-cdk-lib'
import { Annotations, Match, type Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseStackConfig } from '../../infra/stack-config'
import {
  type Json,
  type Resource,
  NO_BUNDLING,
  synth,
  only,
  render,
  defaultStack,
  customStack,
  type DefaultStack,
} from './synth'

describe('PressroomStack (cdk.json defaults)', () => {
  let stack: Stack
  let template: Template
  let configSetId: string
  let topicId: string
  let fns: DefaultStack['fns']

  // The one bundling synth of this worker (tests/infra/synth.ts), however long it takes.
  beforeAll(() => {
    ;({ stack, template, configSetId, topicId, fns } = defaultStack())
  }, 300_000)

  describe('SES', () => {
    it("verifies mailFrom's domain with Easy DKIM, defaulting to the configuration set", () => {
      const [, identity] = only(template, 'AWS::SES::EmailIdentity')
      expect(identity.Properties.EmailIdentity).toBe('example.com')
      // Easy DKIM (no selector or private key of ours), with SES's 2048-bit keys asked for explicitly.
      expect(identity.Properties.DkimSigningAttributes).toEqual({ NextSigningKeyLength: 'RSA_2048_BIT' })
      expect(identity.Properties.ConfigurationSetAttributes).toEqual({
        ConfigurationSetName: { Ref: configSetId },
      })
    })

    it('publishes bounces, complaints, deliveries and rejects to the topic', () => {
      const [, destination] = only(template, 'AWS::SES::ConfigurationSetEventDestination')
      expect(destination.Properties.ConfigurationSetName).toEqual({ Ref: configSetId })
      const { MatchingEventTypes, SnsDestination, Enabled } = destination.Properties.EventDestination
      expect([...MatchingEventTypes].sort()).toEqual(['bounce', 'complaint', 'delivery', 'reject'])
      expect(SnsDestination).toEqual({ TopicARN: { Ref: topicId } })
      expect(Enabled).toBe(true)
    })

    it('lets only SES, for this configuration set, publish to the topic', () => {
      const [, topicPolicy] = only(template, 'AWS::SNS::TopicPolicy', 'EmailEvents')
      expect(topicPolicy.Properties.Topics).toEqual([{ Ref: topicId }])
      const statements = topicPolicy.Properties.PolicyDocument.Statement as Json[]
      const allowed = statements.filter((statement) => statement.Effect === 'Allow')
      expect(allowed).toHaveLength(1)
      expect(allowed[0]).toMatchObject({ Action: 'sns:Publish', Principal: { Service: 'ses.amazonaws.com' } })
      expect(render(allowed[0].Condition.StringEquals['AWS:SourceArn'])).toBe(
        `arn:aws:ses:us-east-1:1:configuration-set/<${configSetId}>`,
      )
      // And nobody may use it over plain HTTP.
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sns:Publish',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      )
    })

    it('subscribes the feedback function to the topic', () => {
      const feedbackArn = { 'Fn::GetAtt': [fns.EmailFeedbackHandler.id, 'Arn'] }
      const [, subscription] = only(template, 'AWS::SNS::Subscription')
      expect(subscription.Properties).toEqual({
        Protocol: 'lambda',
        TopicArn: { Ref: topicId },
        Endpoint: feedbackArn,
      })
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        Principal: 'sns.amazonaws.com',
        SourceArn: { Ref: topicId },
        FunctionName: feedbackArn,
      })
    })

    it('warns at synth that the cdk.json sender is a placeholder', () => {
      Annotations.fromStack(stack).hasWarning('/Pressroom/Email', Match.stringLikeRegexp('placeholder'))
    })
  })
})

describe('PressroomStack (custom site, sender and publication; disposable data)', () => {
  let stack: Stack
  let template: Template

  beforeAll(() => {
    ;({ stack, template } = customStack())
  })

  it('verifies the configured sender domain, with no placeholder warning', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'pressroom.dev' })
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue())
  })
})

describe('PressroomStack with the sender domain in Route 53', () => {
  it('publishes the three DKIM CNAMEs in the given zone, so no DNS step is left', () => {
    const { template } = synth({
      ...NO_BUNDLING,
      mailFrom: 'News <news@pressroom.dev>',
      hostedZoneId: 'Z0123456789ABC',
      hostedZoneName: 'pressroom.dev',
    })
    const records = Object.values(template.findResources('AWS::Route53::RecordSet')) as Resource[]
    const cnames = records.filter((record) => record.Properties.Type === 'CNAME')
    expect(cnames).toHaveLength(3)
    for (const record of records) expect(record.Properties.HostedZoneId).toBe('Z0123456789ABC')
  })

  it('refuses a zone that is not the sender domain, naming the key', () => {
    expect(() =>
      parseStackConfig({
        mailFrom: 'News <news@pressroom.dev>',
        hostedZoneId: 'Z0123456789ABC',
        hostedZoneName: 'other.dev',
      }),
    ).toThrow(/hostedZoneName/)
    expect(() =>
      parseStackConfig({ mailFrom: 'News <news@pressroom.dev>', hostedZoneId: 'Z0123456789ABC' }),
    ).toThrow(/hostedZoneName/)
  })
})
