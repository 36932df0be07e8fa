import type { Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_API_PATH, DESK_PATH, FORWARDED_HEADERS } from '../../infra/constructs/cdn'
import { only, FUNCTIONS, render, dependencyCycle, defaultStack, customStack, type Json } from './synth'

describe('PressroomStack (cdk.json defaults)', () => {
  let template: Template

  // The one bundling synth of this worker (tests/infra/synth.ts), however long it takes.
  beforeAll(() => {
    ;({ template } = defaultStack())
  }, 300_000)

  describe('CloudFront', () => {
    const distribution = () =>
      only(template, 'AWS::CloudFront::Distribution')[1].Properties.DistributionConfig
    const MANAGED = {
      CachingDisabled: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      AllViewerExceptHostHeader: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
    }
    const ALL_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']

    it('fetches from the HTTP API over HTTPS (TLS 1.2) only', () => {
      const [apiId] = only(template, 'AWS::ApiGatewayV2::Api')
      // The API's origin; the other is the media bucket's (tests/infra/media.test.ts).
      const Origins = distribution().Origins.filter((origin: Json) => origin.CustomOriginConfig)
      expect(Origins).toHaveLength(1)
      expect(render(Origins[0].DomainName)).toBe(`<${apiId}>.execute-api.us-east-1.<AWS::URLSuffix>`)
      expect(Origins[0].CustomOriginConfig).toEqual({
        OriginProtocolPolicy: 'https-only',
        OriginSSLProtocols: ['TLSv1.2'],
      })
    })

    it('adds the origin-verify secret to every request to the API, resolved at deploy time', () => {
      const [originSecretId] = only(template, 'AWS::SecretsManager::Secret', 'OriginVerify')
      const api = distribution().Origins.find((origin: Json) => origin.CustomOriginConfig)
      expect(api.OriginCustomHeaders).toEqual([
        {
          HeaderName: 'X-Origin-Verify',
          HeaderValue: {
            'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: originSecretId }, ':SecretString:::}}']],
          },
        },
      ])
    })

    it("caches by the app's Cache-Control only: min and default TTL 0, max a year, compressed", () => {
      const [cachePolicyId, cachePolicy] = only(template, 'AWS::CloudFront::CachePolicy')
      const config = cachePolicy.Properties.CachePolicyConfig
      expect(config).toMatchObject({ MinTTL: 0, DefaultTTL: 0, MaxTTL: 365 * 24 * 3600 })
      // The cache key: path (always) and query string; no header and no cookie splits it, but the
      // normalised Accept-Encoding, matching the br and gzip variants the app sends.
      expect(config.ParametersInCacheKeyAndForwardedToOrigin).toEqual({
        QueryStringsConfig: { QueryStringBehavior: 'all' },
        HeadersConfig: { HeaderBehavior: 'none' },
        CookiesConfig: { CookieBehavior: 'none' },
        EnableAcceptEncodingGzip: true,
        EnableAcceptEncodingBrotli: true,
      })
      expect(distribution().DefaultCacheBehavior).toMatchObject({
        CachePolicyId: { Ref: cachePolicyId },
        Compress: true,
        ViewerProtocolPolicy: 'redirect-to-https',
        // The subscription forms POST through the default behaviour; CloudFront never caches a POST.
        AllowedMethods: ALL_METHODS,
        CachedMethods: ['GET', 'HEAD'],
      })
    })

    it('forwards form types and conditional-GET validators to the app on a miss, and no cookies', () => {
      const [policyId, policy] = only(template, 'AWS::CloudFront::OriginRequestPolicy')
      const config = policy.Properties.OriginRequestPolicyConfig
      expect(config.HeadersConfig).toEqual({ HeaderBehavior: 'whitelist', Headers: [...FORWARDED_HEADERS] })
      expect(config.HeadersConfig.Headers).toEqual(
        expect.arrayContaining(['Content-Type', 'If-None-Match', 'If-Modified-Since']),
      )
      // CloudFront supports conditional requests only on behaviours that forward no cookies.
      expect(config.CookiesConfig).toEqual({ CookieBehavior: 'none' })
      // The confirm, preferences and unsubscribe pages read their token from the query string.
      expect(config.QueryStringsConfig).toEqual({ QueryStringBehavior: 'all' })
      expect(distribution().DefaultCacheBehavior.OriginRequestPolicyId).toEqual({ Ref: policyId })
      // Policy names are per account: the region keeps two deployments of the stack apart.
      expect(JSON.stringify(config.Name)).toContain('AWS::Region')
    })

    it('never caches the admin API, and forwards it everything but Host (the bearer token included)', () => {
      // The admin API's behaviour; media/* is the bucket's (tests/infra/media.test.ts).
      const CacheBehaviors = distribution().CacheBehaviors.filter(
        (behaviour: Json) => behaviour.PathPattern !== 'media/*',
      )
      expect(CacheBehaviors).toHaveLength(2)
      expect(CacheBehaviors[0]).toMatchObject({
        PathPattern: ADMIN_API_PATH,
        CachePolicyId: MANAGED.CachingDisabled,
        OriginRequestPolicyId: MANAGED.AllViewerExceptHostHeader,
        AllowedMethods: ALL_METHODS,
        ViewerProtocolPolicy: 'https-only',
      })
      expect(ADMIN_API_PATH).toBe('api/*')
    })

    it("never caches the editors' desk, and forwards its session cookie and forms", () => {
      // The default behaviour forwards no cookie, so without this the desk could never sign in on AWS.
      const desk = distribution().CacheBehaviors.find(
        (behaviour: Json) => behaviour.PathPattern === DESK_PATH,
      )
      expect(desk).toMatchObject({
        CachePolicyId: MANAGED.CachingDisabled,
        OriginRequestPolicyId: MANAGED.AllViewerExceptHostHeader,
        AllowedMethods: ALL_METHODS,
        ViewerProtocolPolicy: 'redirect-to-https',
      })
      // One pattern covers /admin itself and every page under it.
      expect(DESK_PATH).toBe('admin*')
    })

    it('is the site URL in the outputs, with the API endpoint kept for diagnosis', () => {
      const [distributionId] = only(template, 'AWS::CloudFront::Distribution')
      const cdnUrl = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] }
      const outputs = template.findOutputs('*')
      expect(outputs.CdnUrl!.Value).toEqual(cdnUrl)
      expect(outputs.SiteUrl!.Value).toEqual(cdnUrl)
      expect(outputs.CdnDistributionId!.Value).toEqual({ Ref: distributionId })
      expect(render(outputs.RssFeedUrl!.Value)).toBe(`https://<${distributionId}.DomainName>/feed.xml`)
    })

    it('makes no dependency cycle (functions need the distribution, which needs only the API resource)', () => {
      expect(dependencyCycle(template)).toBeUndefined()
    })
  })
})

describe('PressroomStack (custom site, sender and publication; disposable data)', () => {
  let template: Template

  beforeAll(() => {
    ;({ template } = customStack())
  })

  it('makes a rotation of the origin-verify secret change the distribution and retire warm HTTP instances', () => {
    // The distribution changes, so CloudFormation reads the secret's new value into its header again.
    const [, distribution] = only(template, 'AWS::CloudFront::Distribution')
    expect(distribution.Properties.DistributionConfig.Comment).toBe(
      'Pressroom site, feeds and admin API (origin-verify rotation 2)',
    )
    const [, web] = only(template, 'AWS::Lambda::Function', 'WebHandler')
    expect(web.Properties.Environment.Variables.ORIGIN_VERIFY_ROTATION).toBe('2')
    for (const name of FUNCTIONS.filter((n) => n !== 'WebHandler')) {
      const [, fn] = only(template, 'AWS::Lambda::Function', name)
      expect(fn.Properties.Environment.Variables, name).not.toHaveProperty('ORIGIN_VERIFY_ROTATION')
    }
  })

  it('still serves through CloudFront, whose URL the outputs give beside the configured site URL', () => {
    const [distributionId] = only(template, 'AWS::CloudFront::Distribution')
    expect(template.findOutputs('CdnUrl').CdnUrl!.Value).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]],
    })
    expect(dependencyCycle(template)).toBeUndefined()
  })
})
