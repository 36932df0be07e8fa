import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LocalMediaStore } from '../../functions/adapters/media/local-media-store'
import { storeImage } from '../../functions/core/media'
import { ValidationError } from '../../functions/core/errors'
import { AVIF_START, JPEG_START, PNG_1X1, WEBP_START } from '../support/images'

const setUp = async (mediaMaxBytes = 4_194_304) => {
  const dir = await mkdtemp(join(tmpdir(), 'pressroom-media-'))
  const media = new LocalMediaStore(dir)
  return { dir, media, deps: { media, publication: { siteUrl: 'https://news.example.com' }, mediaMaxBytes } }
}

describe('storeImage', () => {
  it.each([
    ['image/png', 'png', PNG_1X1],
    ['image/jpeg', 'jpg', JPEG_START],
    ['image/webp', 'webp', WEBP_START],
    ['image/avif', 'avif', AVIF_START],
  ])('keeps a %s image under its SHA-256 with the .%s extension', async (type, extension, bytes) => {
    const { dir, media, deps } = await setUp()
    const stored = await storeImage(deps, bytes)
    expect(stored.type).toBe(type)
    expect(stored.length).toBe(bytes.byteLength)
    expect(stored.url).toMatch(new RegExp(`^https://news\\.example\\.com/media/[0-9a-f]{64}\\.${extension}$`))
    const name = stored.url.slice(stored.url.lastIndexOf('/') + 1)
    expect(await readdir(dir)).toEqual([name])
    expect(await media.get(name)).toMatchObject({ contentType: type })
  })

  it('stores the same bytes once, however often they come', async () => {
    const { dir, deps } = await setUp()
    const urls = new Set([(await storeImage(deps, PNG_1X1)).url, (await storeImage(deps, PNG_1X1)).url])
    expect(urls.size).toBe(1)
    expect(await readdir(dir)).toHaveLength(1)
  })

  it.each([
    ['an empty file', Buffer.alloc(0), /is empty/],
    [
      'a file over the limit',
      Buffer.concat([PNG_1X1, Buffer.alloc(2000)]),
      /2\.1 KB; the largest image accepted is 2\.0 KB/,
    ],
    ['SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'), /of no known image type/],
    ['a GIF', Buffer.from('GIF89a' + 'x'.repeat(40)), /this file is image\/gif/],
    ['a PDF', Buffer.from('%PDF-1.7\n' + 'x'.repeat(40)), /this file is application\/pdf/],
  ])('refuses %s, naming the field, and stores nothing', async (_label, bytes, problem) => {
    const { dir, deps } = await setUp(2000)
    const error = await storeImage(deps, bytes).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).problems).toEqual([
      { field: 'cover', problem: expect.stringMatching(problem) },
    ])
    expect(await readdir(dir)).toEqual([])
  })

  it('reads back nothing for a name that is not a stored image', async () => {
    const { media } = await setUp()
    expect(await media.get('../secrets')).toBeUndefined()
    expect(await media.get(`${'a'.repeat(64)}.png`)).toBeUndefined()
  })
})
