import { RemovalPolicy } from 'aws-cdk-lib'
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront'
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins'
import * as s3 from 'aws-cdk-lib/aws-s3'
import { Construct } from 'constructs'
import { MEDIA_KEY_PREFIX } from '../../functions/adapters/media/s3-media-store'
import type { PressroomFunction } from './app-function'

/** The distribution's path pattern for uploaded images: the same as the bucket's key prefix. */
export const MEDIA_PATH_PATTERN = `${MEDIA_KEY_PREFIX}*`

export interface MediaLibraryProps {
  /** The site's distribution: the images are served from its own domain, under MEDIA_PATH_PATTERN. */
  readonly distribution: cloudfront.Distribution
  /** The function that stores uploads (the HTTP function: the desk's editor form). */
  readonly writer: PressroomFunction
  /**
   * Keep the bucket when the stack goes away (it holds every uploaded image); only throwaway test stacks
   * turn this off, and CloudFormation then deletes it only once it is empty.
   * @default true
   */
  readonly retain?: boolean
}

/**
 * The desk's uploaded images: a private, encrypted bucket that accepts only TLS, read by nobody but
 * CloudFront (origin access control, signed requests from this one distribution), which serves it on the
 * site's own domain at /media/*. The HTTP function may only put objects under media/.
 * See docs/decisions/021-media-storage.md.
 */
export class MediaLibrary extends Construct {
  readonly bucket: s3.Bucket

  constructor(scope: Construct, id: string, props: MediaLibraryProps) {
    super(scope, id)
    const retain = props.retain ?? true
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    })
    props.distribution.addBehavior(
      MEDIA_PATH_PATTERN,
      origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
      {
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
        // Names are content hashes and objects say immutable: cache as long as CloudFront will.
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        // nosniff among them: an image is only ever shown as the type it was stored with.
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
        // JPEG, PNG, WebP and AVIF are compressed already.
        compress: false,
      },
    )
    this.bucket.grantPut(props.writer, `${MEDIA_KEY_PREFIX}*`)
    props.writer.addEnvironment('MEDIA_BUCKET', this.bucket.bucketName)
  }
}
