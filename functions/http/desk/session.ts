import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Context } from 'hono'
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie'
import { SESSION_LIMITS, sessionProblem, type EditorSession } from '../../core/editor-session'
import type { Clock, EditorSessionStore } from '../../core/ports'

export const SESSION_COOKIE = 'desk_session'
/** Before sign-in there is no session to bind a CSRF token to: a signed nonce cookie stands in (double submit). */
export const SIGN_IN_COOKIE = 'desk_sign_in'

export interface SessionSettings {
  sessions: EditorSessionStore
  clock: Clock
  /** The cookie-signing key, derived from the link-signing secret so it is never the secret itself. */
  cookieKey: string
  /** Secure cookies whenever the site is served over https (AWS); plain http only for npm start. */
  secure: boolean
}

/** A key of its own for desk cookies: HMAC of a fixed label, so email links and cookies never share one. */
export function deskCookieKey(tokenSecret: string): string {
  return createHmac('sha256', tokenSecret).update('pressroom desk session cookie v1').digest('base64url')
}

const randomToken = () => randomBytes(32).toString('base64url')

/** Equal strings, compared through digests so the time taken says nothing about the guess. */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false
  const digest = (value: string) => createHash('sha256').update(value).digest()
  return timingSafeEqual(digest(given), digest(expected))
}

const cookieOptions = (settings: SessionSettings, maxAge: number) => ({
  path: '/admin',
  httpOnly: true,
  secure: settings.secure,
  sameSite: 'Strict' as const,
  maxAge,
})

/** Starts a session for `editor` and sets its cookie. */
export async function startSession(c: Context, settings: SessionSettings, editor: string): Promise<void> {
  const now = settings.clock.now().toISOString()
  const session: EditorSession = {
    id: randomToken(),
    editor,
    csrfToken: randomToken(),
    createdAt: now,
    lastSeenAt: now,
  }
  await settings.sessions.create(session)
  await setSignedCookie(
    c,
    SESSION_COOKIE,
    session.id,
    settings.cookieKey,
    cookieOptions(settings, SESSION_LIMITS.absoluteSeconds),
  )
  deleteCookie(c, SIGN_IN_COOKIE, { path: '/admin', secure: settings.secure })
}

/**
 * The live session the request's cookie names, its idle expiry moved on; undefined when there is none,
 * the signature is wrong, it was ended, or it expired (then it is ended here too).
 */
export async function currentSession(
  c: Context,
  settings: SessionSettings,
): Promise<EditorSession | undefined> {
  const id = await getSignedCookie(c, settings.cookieKey, SESSION_COOKIE)
  if (typeof id !== 'string' || id === '') return undefined
  const session = await settings.sessions.get(id)
  if (session === undefined) return undefined
  const now = settings.clock.now()
  if (sessionProblem(session, now) !== undefined) {
    await settings.sessions.end(id)
    return undefined
  }
  if (!(await settings.sessions.touch(id, now.toISOString()))) return undefined
  return { ...session, lastSeenAt: now.toISOString() }
}

/** Ends the session server-side (a copy of the cookie stops working) and clears the cookie. */
export async function endSession(
  c: Context,
  settings: SessionSettings,
  session: EditorSession,
): Promise<void> {
  await settings.sessions.end(session.id)
  deleteCookie(c, SESSION_COOKIE, { path: '/admin', secure: settings.secure })
}

/** The sign-in form's CSRF nonce: the one in the signed cookie, or a new one set now. */
export async function signInNonce(c: Context, settings: SessionSettings): Promise<string> {
  const existing = await getSignedCookie(c, settings.cookieKey, SIGN_IN_COOKIE)
  if (typeof existing === 'string' && existing !== '') return existing
  const nonce = randomToken()
  await setSignedCookie(c, SIGN_IN_COOKIE, nonce, settings.cookieKey, cookieOptions(settings, 3600))
  return nonce
}

/** Whether the sign-in form came from our sign-in page: its field matches the signed cookie. */
export async function signInNonceMatches(
  c: Context,
  settings: SessionSettings,
  given: string | undefined,
): Promise<boolean> {
  const expected = await getSignedCookie(c, settings.cookieKey, SIGN_IN_COOKIE)
  return typeof expected === 'string' && expected !== '' && sameSecret(given, expected)
}
