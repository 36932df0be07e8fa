import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import S3rver from 's3rver'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { S3MediaStore } from '../../functions/adapters/media/s3-media-store'
import { storeImage } from '../../functions/core/media'
import { PNG_1X1, WEBP_START } from '../support/images'

const BUCKET = 'pressroom-media-test'

/*
 * The S3 adapter against s3rver, an S3-compatible server on loopback: the real SDK client and commands,
 * the real wire format; what CloudFront then serves is the key checked here (media/<name>).
 */
describe('S3MediaStore', () => {
  let server: S3rver
  let client: S3Client
  beforeAll(async () => {
    server = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: await mkdtemp(join(tmpdir(), 'pressroom-s3rver-')),
      configureBuckets: [{ name: BUCKET, configs: [] }],
    })
    const { port } = await server.run()
    client = new S3Client({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    })
  })
  afterAll(async () => {
    client?.destroy()
    await server?.close()
  })

  it('puts each image once under media/<sha256>.<ext>, typed and cacheable for good', async () => {
    // Prepare
    const deps = {
      media: new S3MediaStore(client, BUCKET),
      publication: { siteUrl: 'https://news.example.com' },
      mediaMaxBytes: 4_194_304,
    }

    // Act: the PNG twice, then a WebP
    const png = await storeImage(deps, PNG_1X1)
    const again = await storeImage(deps, PNG_1X1)
    const webp = await storeImage(deps, WEBP_START)

    // Assess
    expect(again.url).toBe(png.url)
    const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }))
    const keys = (listed.Contents ?? []).map((object) => object.Key).sort()
    expect(keys).toEqual([new URL(png.url).pathname.slice(1), new URL(webp.url).pathname.slice(1)].sort())
    const object = await client.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: new URL(png.url).pathname.slice(1) }),
    )
    expect(object.ContentType).toBe('image/png')
    expect(object.CacheControl).toBe('public, max-age=31536000, immutable')
    expect(Buffer.from(await object.Body!.transformToByteArray()).equals(PNG_1X1)).toBe(true)
  })
})
