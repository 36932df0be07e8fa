import { Logger } from '@aws-lambda-powertools/logger'

/**
 * The structured logger: Powertools Logger, one JSON line per entry on Lambda and locally alike. Each Lambda
 * entry point calls `useService` once at cold start and `logger.addContext(context)` per invocation, so
 * every entry names its function and carries the request id (function_request_id) and cold_start.
 * POWERTOOLS_LOG_LEVEL (default INFO) still applies.
 *
 * A live binding: modules that log (functions/http/errors.ts) read `logger` when they log, so they use the
 * entry point's logger.
 */
export let logger = new Logger({ serviceName: 'pressroom' })

/** Replaces the shared logger with one for this function's service; call before the first log. */
export function useService(serviceName: string): Logger {
  logger = new Logger({ serviceName })
  return logger
}

/** Logs a `{ level, message, ...fields }` entry (the shape the handlers' `log` options produce). */
export function logEntry({ level, message, ...fields }: Record<string, unknown>): void {
  const text = typeof message === 'string' ? message : 'log'
  if (level === 'error') logger.error(text, fields)
  else if (level === 'warn') logger.warn(text, fields)
  else logger.info(text, fields)
}
