/**
 * Base64 bodies for MIME parts (RFC 2045 §6.8: lines of at most 76 characters, CRLF between them).
 *
 * A digest is ~90 KB of HTML and text that every recipient of a variant shares, with a few links and a
 * name that are theirs. Encoding the whole body per recipient was the sender's largest cost after the
 * AWS SDK (bench/scenarios/digest.ts), so the fixed parts of a filled text are encoded once, and per recipient only
 * the bytes around each value are. Base64 works on 3-byte groups: a value shifts the alignment of what
 * follows it, so each fixed part is encoded for each of the three alignments it can start at, and the few
 * bytes that straddle a value are encoded with it. Decoders ignore where lines break, so those straddling
 * groups may sit on shorter lines of their own.
 */
import type { EmailContent, FilledText } from '../../core/filled-text'

/** 57 bytes of input make one 76-character line. */
const LINE_BYTES = 57
const LINE_CHARS = 76
const CRLF = Buffer.from('\r\n')
const EMPTY = Buffer.alloc(0)

/** Base64 of `bytes` in lines of 76 characters with CRLF between them (none after the last). */
export function wrapBase64(bytes: Buffer): Buffer {
  if (bytes.length === 0) return EMPTY
  const encoded = Buffer.from(bytes.toString('base64'), 'latin1')
  const lines = Math.ceil(encoded.length / LINE_CHARS)
  const out = Buffer.allocUnsafe(encoded.length + (lines - 1) * 2)
  let at = 0
  for (let start = 0; start < encoded.length; start += LINE_CHARS) {
    if (start > 0) at += CRLF.copy(out, at)
    at += encoded.copy(out, at, start, Math.min(start + LINE_CHARS, encoded.length))
  }
  return out
}

/** One fixed part, encoded for one alignment: `head` joins the bytes before it, `tail` the bytes after. */
interface AlignedPart {
  head: Buffer
  body: Buffer
  tail: Buffer
}

/** A fixed part for each alignment (0, 1 or 2 bytes to give to the group before it), or undefined when too short. */
type PreparedPart = [AlignedPart | undefined, AlignedPart | undefined, AlignedPart | undefined]

const preparedParts = new WeakMap<readonly string[], PreparedPart[]>()

function prepareParts(parts: readonly string[]): PreparedPart[] {
  let prepared = preparedParts.get(parts)
  if (prepared === undefined) {
    prepared = parts.map((part) => {
      const bytes = Buffer.from(part, 'utf8')
      const aligned = (give: number): AlignedPart | undefined => {
        if (bytes.length < give + LINE_BYTES) return undefined
        const end = give + Math.floor((bytes.length - give) / 3) * 3
        return {
          head: bytes.subarray(0, give),
          body: wrapBase64(bytes.subarray(give, end)),
          tail: bytes.subarray(end),
        }
      }
      return [aligned(0), aligned(1), aligned(2)]
    })
    preparedParts.set(parts, prepared)
  }
  return prepared
}

function encodeFilled(text: FilledText): Buffer {
  const prepared = prepareParts(text.parts)
  const lines: Buffer[] = []
  // Bytes not yet encoded: the tail of the last long fixed part, then values and short parts.
  let pending: Buffer[] = []
  let pendingLength = 0
  const hold = (bytes: Buffer) => {
    pending.push(bytes)
    pendingLength += bytes.length
  }
  for (let index = 0; index < text.parts.length; index += 1) {
    const give = (3 - (pendingLength % 3)) % 3
    const part = prepared[index]![give]
    if (part === undefined) hold(Buffer.from(text.parts[index]!, 'utf8'))
    else {
      // pending + head is a whole number of 3-byte groups, so no padding appears before the end.
      if (pendingLength + give > 0) lines.push(wrapBase64(Buffer.concat([...pending, part.head])))
      if (part.body.length > 0) lines.push(part.body)
      pending = []
      pendingLength = 0
      hold(part.tail)
    }
    if (index < text.values.length) hold(Buffer.from(text.values[index]!, 'utf8'))
  }
  if (pendingLength > 0) lines.push(wrapBase64(Buffer.concat(pending)))
  const joined: Buffer[] = []
  for (const [index, line] of lines.entries()) {
    if (index > 0) joined.push(CRLF)
    joined.push(line)
  }
  return Buffer.concat(joined)
}

/** The base64 body of a MIME part holding `content` as UTF-8. */
export function encodeBase64Body(content: EmailContent): Buffer {
  if (typeof content === 'string') return wrapBase64(Buffer.from(content, 'utf8'))
  if (content.parts.length !== content.values.length + 1) {
    throw new TypeError(
      `A filled text needs one more part than values, got ${content.parts.length} and ${content.values.length}`,
    )
  }
  return encodeFilled(content)
}
