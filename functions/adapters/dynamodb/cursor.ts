import { z } from 'zod'
import { ValidationError } from '../../core/errors'
import {
  MAX_PARTITION_KEY_BYTES,
  MAX_SORT_KEY_BYTES,
  PARTITION_KEY_ATTRIBUTES,
  type PageKeyShape,
} from './table-schema'

// The longest key this table can have, base64url-encoded JSON, with room to spare.
const MAX_CURSOR_CHARS = 16 * 1024
const CURSOR_CHARS = /^[A-Za-z0-9_-]*$/
const NOT_A_CURSOR = 'is not a cursor this listing returned'

/**
 * `?cursor=` as a route sees it: base64url text of a length a key can have. Whether it names a key of the
 * listing it is sent to is decided by decodeCursor, in the store that knows the listing's key shape.
 */
export const cursorSchema = z.string().max(MAX_CURSOR_CHARS, NOT_A_CURSOR).regex(CURSOR_CHARS, NOT_A_CURSOR)

/** Paging cursors are DynamoDB's LastEvaluatedKey, opaque to clients. */
export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

/**
 * The one cursor parser: the key a cursor stands for, only if it has exactly the shape of the listing's
 * keys (`shape`, from table-schema.ts `pageKeys`). Anything else, crafted, truncated or from another
 * listing, is a ValidationError on `cursor` (a 422), never an ExclusiveStartKey DynamoDB would refuse.
 */
export function decodeCursor(cursor: string, shape: PageKeyShape): Record<string, string> {
  const key = cursor.length <= MAX_CURSOR_CHARS ? parseJson(cursor) : undefined
  if (!isPlainObject(key) || !hasShape(key, shape)) {
    throw new ValidationError([{ field: 'cursor', problem: NOT_A_CURSOR }])
  }
  return key
}

function parseJson(cursor: string): unknown {
  if (!CURSOR_CHARS.test(cursor)) return undefined
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function hasShape(key: Record<string, unknown>, shape: PageKeyShape): key is Record<string, string> {
  const names = Object.keys(key)
  if (names.length !== Object.keys(shape).length) return false
  return names.every((name) => {
    const value = key[name]
    const expected = Object.hasOwn(shape, name) ? shape[name] : undefined
    if (expected === undefined || typeof value !== 'string' || value === '') return false
    const limit = PARTITION_KEY_ATTRIBUTES.has(name) ? MAX_PARTITION_KEY_BYTES : MAX_SORT_KEY_BYTES
    if (Buffer.byteLength(value, 'utf8') > limit) return false
    return typeof expected === 'string' ? value === expected : expected.test(value)
  })
}
