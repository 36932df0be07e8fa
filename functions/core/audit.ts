/**
 * What an audit entry says was done: one word per change an editor can make to an article, and `sent` for
 * mail an editor sent by hand (a test digest, a dead-lettered batch sent again).
 */
export type AuditAction =
  'created' | 'changed' | 'scheduled' | 'published' | 'unpublished' | 'deleted' | 'sent'

/** Who did it: an editor signed in to the desk (their display name), or the admin API's bearer token. */
export interface Actor {
  name: string
  via: 'desk' | 'api' | 'schedule'
}

/** The admin API, CLI and scripts all hold the one bearer token, so they share one name. */
export const API_ACTOR: Actor = { name: 'api', via: 'api' }

/** A scheduled article going live at its time (go-live.ts): nobody pressed a button then. */
export const SCHEDULE_ACTOR: Actor = { name: 'schedule', via: 'schedule' }

/** One line of the audit log: who did what to which article or digest, and when. */
export interface AuditEntry {
  /** The subject, e.g. `article:<slug>`; the log is read per subject. */
  subject: string
  action: AuditAction
  actor: Actor
  /** ISO 8601. */
  at: string
  /** The article's revision after the change (absent for a deletion and for digests). */
  revision?: number
  /** What was sent, in a few words (the articles of a test, the recipients of a retry); never an address. */
  detail?: string
}

export const articleSubject = (slug: string) => `article:${slug}`

/** A digest's log (`digest:test` holds the test sends, which belong to no digest). */
export const digestSubject = (digestId: string) => `digest:${digestId}`
