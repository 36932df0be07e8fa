import { createHash } from 'node:crypto'
import { fileTypeFromBuffer } from 'file-type'
import { imageSize } from 'image-size'
import { ValidationError } from './errors'
import type { MediaStore } from './ports'
import type { Publication } from './publication'

/** The image types a cover may have, by the media type its bytes show, with the extension its name takes. */
export const MEDIA_TYPES = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/avif': 'avif',
} as const

/** The public path prefix of every stored image: CloudFront's `/media/*` behaviour, the app's own route. */
export const MEDIA_PATH = '/media/'

/** A stored object's name: the SHA-256 of its bytes and the extension of its type. */
export const MEDIA_NAME = /^[0-9a-f]{64}\.(jpg|png|webp|avif)$/

export interface MediaDeps {
  media: MediaStore
  publication: Pick<Publication, 'siteUrl'>
  /** The largest image accepted, in bytes (MEDIA_MAX_BYTES). */
  mediaMaxBytes: number
}

export interface StoredImage {
  url: string
  type: string
  length: number
  /** Pixels, read from the image's header (image-size): pages reserve the space before it loads. */
  width?: number
  height?: number
}

/**
 * The image's size in pixels as it shows, from its header; undefined when the header does not say (the
 * image is still stored: only the page's reserved space is lost). EXIF orientations 5–8 turn it sideways.
 */
function dimensions(bytes: Uint8Array): { width: number; height: number } | undefined {
  try {
    const { width, height, orientation } = imageSize(bytes)
    if (!(width > 0 && height > 0)) return undefined
    return orientation !== undefined && orientation >= 5
      ? { width: height, height: width }
      : { width, height }
  } catch {
    return undefined
  }
}

/**
 * Keeps an uploaded image and returns its public URL. The type is read from the bytes themselves (magic
 * numbers, through file-type), never from the name or the Content-Type a browser declared, which say what
 * the sender claims; the name is the content's hash, so the same image uploaded twice is one object.
 */
export async function storeImage(deps: MediaDeps, bytes: Uint8Array, field = 'cover'): Promise<StoredImage> {
  if (bytes.byteLength === 0)
    throw new ValidationError([{ field, problem: 'is empty: choose an image file' }])
  if (bytes.byteLength > deps.mediaMaxBytes) {
    throw new ValidationError([
      {
        field,
        problem: `is ${sizeLabel(bytes.byteLength)}; the largest image accepted is ${sizeLabel(deps.mediaMaxBytes)}`,
      },
    ])
  }
  const detected = await fileTypeFromBuffer(bytes)
  const type = detected?.mime
  if (type === undefined || !(type in MEDIA_TYPES)) {
    throw new ValidationError([
      {
        field,
        problem: `must be a JPEG, PNG, WebP or AVIF image (this file is ${detected ? detected.mime : 'of no known image type'})`,
      },
    ])
  }
  const name = `${createHash('sha256').update(bytes).digest('hex')}.${MEDIA_TYPES[type as keyof typeof MEDIA_TYPES]}`
  await deps.media.put({ name, bytes, contentType: type })
  const size = dimensions(bytes)
  return { url: `${deps.publication.siteUrl}${MEDIA_PATH}${name}`, type, length: bytes.byteLength, ...size }
}

/** The media type a stored name stands for (its extension), for a store that serves its own objects. */
export function mediaTypeOf(name: string): string | undefined {
  const extension = MEDIA_NAME.exec(name)?.[1]
  return Object.entries(MEDIA_TYPES).find(([, ext]) => ext === extension)?.[0]
}

/** A size as editors read it: "4.2 MB", "512.0 KB". */
export const sizeLabel = (bytes: number) =>
  bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${(bytes / 1000).toFixed(1)} KB`
