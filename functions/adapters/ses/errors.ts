import { ThrottledError } from '../../core/errors'

export { ThrottledError }

const THROTTLING_NAMES = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException'])

/**
 * A ThrottledError when `error` is SES's way of saying "too fast" ("Throttling: Maximum sending rate
 * exceeded." or "Daily message quota exceeded." from the v1 API, ThrottlingException elsewhere);
 * otherwise `error` itself.
 */
export function toMailerError(error: unknown): unknown {
  if (!(error instanceof Error)) return error
  const code = (error as { Code?: unknown }).Code
  const throttled =
    THROTTLING_NAMES.has(error.name) ||
    (typeof code === 'string' && THROTTLING_NAMES.has(code)) ||
    /maximum sending rate exceeded/i.test(error.message)
  if (!throttled) return error
  const reason = /daily message quota/i.test(error.message) ? 'daily-quota' : 'rate'
  return new ThrottledError(`SES throttled the send: ${error.message}`, reason, { cause: error })
}
