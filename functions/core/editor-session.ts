/**
 * An editor's desk session, held server-side: the cookie only names it, so ending it here (sign-out) stops
 * a copied cookie too. Ids and CSRF tokens are made by the caller (random bytes), so this stays pure.
 */
export interface EditorSession {
  /** The random id the cookie carries; stores keep only a hash of it. */
  id: string
  /** The display name the editor gave when signing in; the audit log's `actor`. */
  editor: string
  /** The synchronizer token every form of this session carries. */
  csrfToken: string
  createdAt: string
  lastSeenAt: string
}

/** Idle limit (sliding: each request moves it) and absolute limit (from sign-in, whatever the activity). */
export const SESSION_LIMITS = { idleSeconds: 30 * 60, absoluteSeconds: 12 * 3600 } as const

export type SessionProblem = 'idle' | 'too-old'

/** Why a stored session may no longer be used at `now`, or undefined while it is live. */
export function sessionProblem(session: EditorSession, now: Date): SessionProblem | undefined {
  const at = now.getTime()
  if (at - Date.parse(session.createdAt) >= SESSION_LIMITS.absoluteSeconds * 1000) return 'too-old'
  if (at - Date.parse(session.lastSeenAt) >= SESSION_LIMITS.idleSeconds * 1000) return 'idle'
  return undefined
}

/** When DynamoDB's TTL may delete the record: the latest instant it could still be live. */
export function sessionKeepUntil(session: EditorSession): Date {
  return new Date(Date.parse(session.createdAt) + SESSION_LIMITS.absoluteSeconds * 1000)
}
