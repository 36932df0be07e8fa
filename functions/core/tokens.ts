import { createHmac, timingSafeEqual } from 'node:crypto'

export type TokenPurpose = 'confirm' | 'manage' | 'unsubscribe'

export interface TokenClaims {
  purpose: TokenPurpose
  /** Subscriber id. */
  sub: string
  /** The subscriber's tokenVersion when the token was made; older versions are refused. */
  v: number
  /** Expiry, seconds since the epoch; absent for unsubscribe links, which must keep working. */
  exp?: number
  /**
   * The digest whose email carried the link (preferences and unsubscribe links in a digest), so an
   * unsubscribe can be counted against that digest's figures (core/delivery-figures.ts).
   */
  d?: string
}

/** How long each kind of link works. Unsubscribe links never expire (mailbox providers require them to work). */
export const TOKEN_LIFETIME_SECONDS: Record<TokenPurpose, number | undefined> = {
  confirm: 7 * 24 * 3600,
  manage: 365 * 24 * 3600,
  unsubscribe: undefined,
}

export type TokenProblem = 'malformed' | 'bad-signature' | 'expired' | 'wrong-purpose'

export class TokenError extends Error {
  constructor(readonly problem: TokenProblem) {
    super(`The link is ${problem === 'expired' ? 'expired' : 'not valid'}`)
    this.name = 'TokenError'
  }
}

/** Signs claims as `<payload>.<signature>`, both base64url; HMAC-SHA256 with the configured secret. */
export function signToken(secret: string, claims: Omit<TokenClaims, 'exp'>, now: Date): string {
  const lifetime = TOKEN_LIFETIME_SECONDS[claims.purpose]
  const full: TokenClaims = {
    ...claims,
    ...(lifetime !== undefined && { exp: Math.floor(now.getTime() / 1000) + lifetime }),
  }
  const payload = Buffer.from(JSON.stringify(full)).toString('base64url')
  return `${payload}.${sign(secret, payload)}`
}

/** Verifies signature, purpose and expiry; the caller still checks `v` against the subscriber. */
export function verifyToken(secret: string, token: string, purpose: TokenPurpose, now: Date): TokenClaims {
  const [payload, signature, extra] = token.split('.')
  if (!payload || !signature || extra !== undefined) throw new TokenError('malformed')
  const expected = Buffer.from(sign(secret, payload))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    throw new TokenError('bad-signature')
  let claims: TokenClaims
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims
  } catch {
    throw new TokenError('malformed')
  }
  if (claims.purpose !== purpose) throw new TokenError('wrong-purpose')
  if (claims.exp !== undefined && claims.exp * 1000 < now.getTime()) throw new TokenError('expired')
  return claims
}

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url')
}
