import type { Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../functions/config'
import { MEDIA_PATH_PATTERN } from '../../infra/constructs/media-library'
import {
  customStack,
  defaultStack,
  deployedEnvironment,
  only,
  render,
  type DefaultStack,
  type Json,
} from './synth'

// CloudFront's managed policies, by id.
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6'
const SECURITY_HEADERS = '67f7725c-6f97-4210-82d7-5512b31e9d03'

describe('PressroomStack (cdk.json defaults)', () => {
  let template: Template
  let fns: DefaultStack['fns']

  // The one bundling synth of this worker (tests/infra/synth.ts), however long it takes.
  beforeAll(() => {
    ;({ template, fns } = defaultStack())
  }, 300_000)

  describe('media bucket (the desk’s cover images)', () => {
    const bucket = () => only(template, 'AWS::S3::Bucket', 'MediaBucket')
    const distribution = () => only(template, 'AWS::CloudFront::Distribution')

    it('is private, encrypted, owned by the bucket and kept when the stack goes', () => {
      const [, resource] = bucket()
      expect(resource.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      })
      expect(resource.Properties.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      })
      expect(resource.Properties.OwnershipControls).toEqual({
        Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }],
      })
      expect(resource.DeletionPolicy).toBe('Retain')
      expect(Object.keys(template.findResources('AWS::S3::Bucket'))).toHaveLength(1)
    })

    it('refuses plain HTTP and old TLS, and lets only this distribution read, through origin access control', () => {
      const [bucketId] = bucket()
      const [distributionId] = distribution()
      const [, policy] = only(template, 'AWS::S3::BucketPolicy', 'MediaBucket')
      expect(policy.Properties.Bucket).toEqual({ Ref: bucketId })
      const statements = policy.Properties.PolicyDocument.Statement as Json[]
      const denies = statements.filter((st) => st.Effect === 'Deny')
      expect(denies.map((st) => st.Condition)).toEqual(
        expect.arrayContaining([
          { Bool: { 'aws:SecureTransport': 'false' } },
          { NumericLessThan: { 's3:TlsVersion': 1.2 } },
        ]),
      )
      const allows = statements.filter((st) => st.Effect === 'Allow')
      expect(allows).toHaveLength(1)
      expect(allows[0]).toMatchObject({
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } },
      })
      expect(render(allows[0].Resource)).toBe(`<${bucketId}.Arn>/*`)
      expect(JSON.stringify(allows[0].Condition)).toContain(distributionId)
      const [, oac] = only(template, 'AWS::CloudFront::OriginAccessControl')
      expect(oac.Properties.OriginAccessControlConfig).toMatchObject({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      })
    })

    it('is served by the site’s own distribution at /media/*: GET and HEAD, cached, over HTTPS', () => {
      const [bucketId] = bucket()
      const [oacId] = only(template, 'AWS::CloudFront::OriginAccessControl')
      const config = distribution()[1].Properties.DistributionConfig
      const origin = config.Origins.find((o: Json) => o.S3OriginConfig !== undefined)
      expect(render(origin.DomainName)).toBe(`<${bucketId}.RegionalDomainName>`)
      expect(origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [oacId, 'Id'] })
      expect(origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' })
      const behaviour = config.CacheBehaviors.find((b: Json) => b.PathPattern === MEDIA_PATH_PATTERN)
      expect(MEDIA_PATH_PATTERN).toBe('media/*')
      expect(behaviour).toMatchObject({
        TargetOriginId: origin.Id,
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD'],
        CachePolicyId: CACHING_OPTIMIZED,
        ResponseHeadersPolicyId: SECURITY_HEADERS,
      })
    })

    it('lets the HTTP function put objects under media/ and nothing else, and names the bucket to it', () => {
      const [bucketId] = bucket()
      const web = fns.WebHandler
      const s3 = web.statements.filter((st) => [st.Action].flat().some((action) => action.startsWith('s3:')))
      expect(s3).toHaveLength(1)
      expect([s3[0]!.Action].flat().every((action) => /^s3:(PutObject|Abort)/.test(action))).toBe(true)
      expect([s3[0]!.Resource].flat().map(render)).toEqual([`<${bucketId}.Arn>/media/*`])
      for (const name of Object.keys(fns).filter((n) => n !== 'WebHandler')) {
        const actions = fns[name as keyof typeof fns].statements.flatMap((st) => [st.Action].flat())
        expect(
          actions.filter((action) => action.startsWith('s3:')),
          name,
        ).toEqual([])
      }
      const vars = web.fn.Properties.Environment.Variables
      expect(vars.MEDIA_BUCKET).toEqual({ Ref: bucketId })
      expect(loadConfig(deployedEnvironment(vars)).MEDIA_BUCKET).toBe('pressroom-media-bucket')
    })
  })
})

describe('PressroomStack with disposable data (the custom stack)', () => {
  it('lets the media bucket go with the stack', () => {
    const { template } = customStack()
    const [, resource] = only(template, 'AWS::S3::Bucket', 'MediaBucket')
    expect(resource.DeletionPolicy).toBe('Delete')
  })
})
