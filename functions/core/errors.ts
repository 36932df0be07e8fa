/** Domain errors. One place (functions/http/errors.ts) maps them to HTTP; their messages are safe to show. */
export class DomainError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = new.target.name
  }
}

/** One problem with one input field, in words an editor can act on. */
export interface FieldProblem {
  field: string
  problem: string
}

export class ValidationError extends DomainError {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.problem}`).join('; '))
  }
}

export class NotFoundError extends DomainError {}

/** The write lost a race or would overwrite something that exists (duplicate slug, stale revision). */
export class ConflictError extends DomainError {}

/** Too many requests from one client or for one address; `retryAfterSeconds` says when to come back. */
export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many requests; please wait a little and try again.')
  }
}

/**
 * SES asked us to slow down: the per-second sending rate or the 24-hour quota is used up. Nothing was
 * sent; the caller should retry later with backoff (`reason` says how much later makes sense).
 */
export class ThrottledError extends Error {
  constructor(
    message: string,
    readonly reason: 'rate' | 'daily-quota',
    options?: ErrorOptions,
  ) {
    super(message, options)
    this.name = new.target.name
  }
}
