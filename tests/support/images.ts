/**
 * Small images with the magic numbers each type has, for the upload tests: a real 1×1 PNG, and the opening
 * bytes of JPEG, WebP and AVIF files (what file-type reads to tell them; the rest is filler).
 */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

const filler = (bytes: number) => Buffer.alloc(bytes, 0)

export const JPEG_START = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\0', 'latin1'),
  filler(64),
])

export const WEBP_START = Buffer.concat([
  Buffer.from('RIFF', 'latin1'),
  Buffer.from([0x24, 0, 0, 0]),
  Buffer.from('WEBPVP8 ', 'latin1'),
  filler(64),
])

export const AVIF_START = Buffer.concat([
  Buffer.from([0, 0, 0, 0x1c]),
  Buffer.from('ftypavif', 'latin1'),
  Buffer.from([0, 0, 0, 0]),
  Buffer.from('avifmif1miaf', 'latin1'),
  filler(64),
])

/** A PNG padded past `bytes` (after its end chunk, where readers ignore it): for the size limit. */
export const pngOfAtLeast = (bytes: number) => Buffer.concat([PNG_1X1, filler(bytes)])
