import type { Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { only, defaultStack, type DefaultStack } from './synth'

describe('PressroomStack (cdk.json defaults)', () => {
  let template: Template
  let fns: DefaultStack['fns']

  // The one bundling synth of this worker (tests/infra/synth.ts), however long it takes.
  beforeAll(() => {
    ;({ template, fns } = defaultStack())
  }, 300_000)

  describe('HTTP API', () => {
    it('sends every request to the HTTP function as a Lambda proxy with payload format 2.0', () => {
      const [apiId, api] = only(template, 'AWS::ApiGatewayV2::Api')
      expect(api.Properties.ProtocolType).toBe('HTTP')
      const [integrationId, integration] = only(template, 'AWS::ApiGatewayV2::Integration')
      expect(integration.Properties).toMatchObject({
        ApiId: { Ref: apiId },
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        IntegrationUri: { 'Fn::GetAtt': [fns.WebHandler.id, 'Arn'] },
      })
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        ApiId: { Ref: apiId },
        RouteKey: '$default',
        Target: { 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] },
      })
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: '$default', AutoDeploy: true })
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
        FunctionName: { 'Fn::GetAtt': [fns.WebHandler.id, 'Arn'] },
      })
    })

    it('keeps the logical id of its default stage', () => {
      // The stage is made by hand (for access logging) under the id HttpApi gives its own default stage,
      // so an update does not replace it: two $default stages cannot exist at once.
      const [stageId] = only(template, 'AWS::ApiGatewayV2::Stage')
      expect(stageId).toMatch(/^WebApiDefaultStage/)
    })

    it('writes a JSON access log line per request, with no address or query string, kept a month', () => {
      const [, stage] = only(template, 'AWS::ApiGatewayV2::Stage')
      const [logGroupId, logGroup] = only(template, 'AWS::Logs::LogGroup', 'WebAccessLogs')
      expect(logGroup.Properties.RetentionInDays).toBe(30)
      expect(stage.Properties.AccessLogSettings.DestinationArn).toEqual({ 'Fn::GetAtt': [logGroupId, 'Arn'] })
      const format = JSON.parse(stage.Properties.AccessLogSettings.Format)
      expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status' })
      expect(stage.Properties.AccessLogSettings.Format).not.toMatch(/sourceIp|querystring|rawQueryString/i)
    })
  })
})
