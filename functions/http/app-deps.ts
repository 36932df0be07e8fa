import type { ArticleDeps } from '../core/articles'
import type { ConfirmationDeps } from '../core/confirmation'
import type {
  DeadLetterQueue,
  DeliveryFigureStore,
  DigestStore,
  DigestTrigger,
  EditorSessionStore,
  MediaStore,
} from '../core/ports'
import type { SubscriptionDeps } from '../core/subscriptions'

/**
 * What the HTTP app's use cases declare (articles, subscriptions, the admin API, feeds and pages), built by
 * functions/http/deps.ts. A type of its own, so routes depend on what they need rather than on the builder.
 */
// ConfirmationDeps: the in-process confirmation worker (npm start, tests) runs on these very deps; on AWS
// the confirmations function mails instead, and the HTTP function's mailer and renderer go unused.
export interface AppDeps extends ArticleDeps, SubscriptionDeps, ConfirmationDeps {
  digests: DigestStore
  /** The digests' delivery figures (counted by the SES-events function and by unsubscribes). */
  figures: DeliveryFigureStore
  /** Runs, previews and tests digests (admin API, desk): the in-process planner (npm start) or the planner function (AWS). */
  digestTrigger?: DigestTrigger
  /** The send queue's dead letters, counted and retried from the desk (listed too where the queue is in process). */
  deadLetters?: DeadLetterQueue
  adminToken: string
  /** The editors' desk sessions (/admin), server-side so that signing out ends them. */
  editorSessions: EditorSessionStore
  /**
   * The values CloudFront may add as X-Origin-Verify (see client-address.ts): the secret's current value and,
   * while a rotation reaches CloudFront's edges, its previous one. Absent locally.
   */
  originVerify?: readonly string[]
  feeds: FeedSettings
  /** Where the desk's image uploads go (MEDIA_BUCKET or MEDIA_DIR); absent, the desk takes none. */
  media?: MediaStore
  /** The largest upload accepted, in bytes (MEDIA_MAX_BYTES). */
  mediaMaxBytes: number
  /** The IndexNow key (INDEXNOW_KEY): the app serves it at `/<key>.txt`. Absent, no key file. */
  indexNowKey?: string
}

export interface FeedSettings {
  /** Cache-Control of subscription feeds; suits a CDN in front. */
  cacheControl: string
  /** WebSub hubs advertised in every subscription feed and pinged on every change. */
  hubs: string[]
  /** How long one read of the publication version serves polls (see FeedCache). */
  versionTtlMs: number
}
