import { ValidationError } from '../../core/errors'

/** Paging cursors are DynamoDB's LastEvaluatedKey, opaque to clients. */
export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

export function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (typeof key === 'object' && key !== null && !Array.isArray(key)) {
      const values = Object.values(key)
      if (values.length > 0 && values.every((value) => typeof value === 'string'))
        return key as Record<string, unknown>
    }
  } catch {
    // fall through to the one error below
  }
  throw new ValidationError([{ field: 'cursor', problem: 'is not a cursor this API returned' }])
}
