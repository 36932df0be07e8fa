/** What an audit entry says was done; one word per change an editor can make to an article. */
export type AuditAction = 'created' | 'changed' | 'scheduled' | 'published' | 'unpublished' | 'deleted'

/** Who did it: an editor signed in to the desk (their display name), or the admin API's bearer token. */
export interface Actor {
  name: string
  via: 'desk' | 'api' | 'schedule'
}

/** The admin API, CLI and scripts all hold the one bearer token, so they share one name. */
export const API_ACTOR: Actor = { name: 'api', via: 'api' }

/** A scheduled article going live at its time (go-live.ts): nobody pressed a button then. */
export const SCHEDULE_ACTOR: Actor = { name: 'schedule', via: 'schedule' }

/** One line of the audit log: who did what to which article, and when. */
export interface AuditEntry {
  /** The subject, e.g. `article:<slug>`; the log is read per subject. */
  subject: string
  action: AuditAction
  actor: Actor
  /** ISO 8601. */
  at: string
  /** The article's revision after the change (absent for a deletion). */
  revision?: number
}

export const articleSubject = (slug: string) => `article:${slug}`
