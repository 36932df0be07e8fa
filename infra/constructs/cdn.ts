import { Duration, Names, Stack } from 'aws-cdk-lib'
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2'
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront'
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins'
import { Construct } from 'constructs'

export interface CdnProps {
  /** The HTTP API that serves the site, the feeds, the subscription pages and the admin API. */
  readonly api: apigwv2.IHttpApi
  /**
   * Its value goes with every request to the API as X-Origin-Verify, so the app can tell CloudFront's
   * requests (whose CloudFront-Viewer-Address it may believe) from direct calls to the execute-api URL.
   */
  readonly originVerifySecret: secretsmanager.ISecret
  /**
   * The rotation count of that secret (context originVerifyRotation). CloudFormation reads a dynamic
   * reference again only when its resource changes: naming the count in the distribution's comment makes
   * each rotation change it, so the new value reaches CloudFront.
   */
  readonly originVerifyRotation?: number
}

/** The header that carries originVerifySecret (functions/http/client-address.ts reads it). */
export const ORIGIN_VERIFY_HEADER = 'X-Origin-Verify'

/** Path pattern of the admin API: bearer-token requests that must reach the app every time. */
export const ADMIN_API_PATH = 'api/*'

/**
 * Path pattern of the editors' desk (/admin and everything under it): its session cookie and CSRF forms
 * must reach the app every time, and its pages must never be cached.
 */
export const DESK_PATH = 'admin*'

/**
 * Headers of the viewer's request that reach the app on a cache miss, besides the ones CloudFront always
 * sends. Nothing here is in the cache key, so none of it splits the cache.
 *
 * - Content-Type: the subscription forms POST url-encoded or JSON bodies, and the app reads either.
 * - If-None-Match, If-Modified-Since: on a miss, a feed reader's conditional GET still gets the app's 304.
 *   (On a hit CloudFront answers conditional requests itself from the cached ETag and Last-Modified, and
 *   it revalidates an expired object with its own conditional request. It supports none of this on a
 *   behaviour that forwards cookies, hence no cookies anywhere: the app sets and reads none.)
 * - CloudFront-Viewer-Address: the reader's address. Behind CloudFront, API Gateway's sourceIp is an edge
 *   server's, so a per-address rate limit must read this header instead; the app believes it only next to
 *   the X-Origin-Verify header the origin adds (ORIGIN_VERIFY_HEADER).
 *
 * Accept-Encoding is not listed (CloudFront refuses it here): the cache policy forwards it, normalised to
 * br/gzip, and keys the cache on it, matching the app's precompressed feed variants.
 */
export const FORWARDED_HEADERS = [
  'Content-Type',
  'If-None-Match',
  'If-Modified-Since',
  'CloudFront-Viewer-Address',
] as const

/**
 * CloudFront in front of the HTTP API: the public URL of the site and its feeds.
 *
 * The app already says what may be cached and for how long (Cache-Control on feeds and pages, no-store on
 * the token pages), so the default behaviour caches exactly that: no minimum, nothing cached without a
 * Cache-Control (default TTL 0), up to a year for a closed archive month. POSTs (subscribe, confirm,
 * preferences, unsubscribe) pass through, as CloudFront never caches them. The admin API has a behaviour of
 * its own that never caches and forwards every header, the Authorization bearer token included.
 */
export class Cdn extends Construct {
  readonly distribution: cloudfront.Distribution
  readonly cachePolicy: cloudfront.CachePolicy
  readonly originRequestPolicy: cloudfront.OriginRequestPolicy
  /** https://<id>.cloudfront.net, without a trailing slash (the form siteUrl takes). */
  readonly url: string

  constructor(scope: Construct, id: string, props: CdnProps) {
    super(scope, id)
    const stack = Stack.of(this)

    // The execute-api host, built from the API id alone: apiEndpoint would do too, but this keeps the
    // distribution's only dependency the API resource itself (not its stage, routes or Lambda).
    const origin = new origins.HttpOrigin(
      `${props.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`,
      {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        // A dynamic reference: CloudFormation puts the secret's value into the distribution at deploy time,
        // and the template never holds it.
        customHeaders: { [ORIGIN_VERIFY_HEADER]: props.originVerifySecret.secretValue.unsafeUnwrap() },
      },
    )

    this.cachePolicy = new cloudfront.CachePolicy(this, 'OriginCacheControl', {
      comment: "Pressroom: caches what the app's Cache-Control allows, for as long as it says",
      minTtl: Duration.seconds(0),
      // No Cache-Control, no caching: error pages and anything new stay uncached unless the app says so.
      defaultTtl: Duration.seconds(0),
      // A closed archive month says max-age=2592000 (30 days); a year leaves room above that.
      maxTtl: Duration.days(365),
      // Path and query string. Every cacheable page and feed is addressed by its path alone; the query
      // matters for the no-store token pages, which must reach the app with it.
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      headerBehavior: cloudfront.CacheHeaderBehavior.none(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    })

    this.originRequestPolicy = new cloudfront.OriginRequestPolicy(this, 'SiteOriginRequest', {
      // Names are per account, not per region: the region suffix (as CachePolicy adds by itself) lets the
      // same stack be deployed in two regions of one account.
      originRequestPolicyName: `${Names.uniqueResourceName(this, { maxLength: 100 })}-${stack.region}`,
      comment: 'Pressroom: form bodies, conditional GETs and the reader address reach the app; no cookies',
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(...FORWARDED_HEADERS),
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
    })

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment:
        props.originVerifyRotation === undefined
          ? 'Pressroom site, feeds and admin API'
          : `Pressroom site, feeds and admin API (origin-verify rotation ${props.originVerifyRotation})`,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        // GET and HEAD are cached; POST and the rest always go to the app (subscription forms).
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
        cachePolicy: this.cachePolicy,
        originRequestPolicy: this.originRequestPolicy,
        // Compresses what the app sends uncompressed (it precompresses feeds and gzips pages itself).
        compress: true,
      },
      additionalBehaviors: {
        [ADMIN_API_PATH]: {
          origin,
          // No redirect: a client that sent its bearer token over plain HTTP should fail, not be followed.
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          // Every header but Host (API Gateway routes on its own host name). With caching disabled this is
          // the only way to forward Authorization: no policy may name it.
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          compress: true,
        },
        // The desk lives on its session cookie, which the default behaviour never forwards (it caches
        // pages for everyone). A browser typing the address gets redirected to HTTPS, where the cookie
        // (Secure) is sent.
        [DESK_PATH]: {
          origin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          compress: true,
        },
      },
    })

    this.url = `https://${this.distribution.distributionDomainName}`
  }
}
