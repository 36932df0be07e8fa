import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { MEDIA_PATH } from '../../core/media'
import type { MediaObject, MediaStore } from '../../core/ports'

/** The object key prefix: the same as the public path, so CloudFront's `/media/*` maps onto the keys as is. */
export const MEDIA_KEY_PREFIX = MEDIA_PATH.slice(1)

// A name is its content's hash: what is at a URL never changes, so browsers and CloudFront may keep it.
const IMMUTABLE = 'public, max-age=31536000, immutable'

/**
 * Images in the media bucket (private, encrypted, SSL only), read by readers through CloudFront's `/media/*`
 * behaviour with origin access control; the app only writes (docs/decisions/021-media-storage.md).
 */
export class S3MediaStore implements MediaStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async put(object: MediaObject): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: `${MEDIA_KEY_PREFIX}${object.name}`,
        Body: object.bytes,
        ContentType: object.contentType,
        CacheControl: IMMUTABLE,
      }),
    )
  }
}
