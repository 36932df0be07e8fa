import type { NotificationProblem } from '../functions/core/feedback'

/**
 * Everything `npm run ses-event` can find wrong, as data: cli/messages.ts words each one in the
 * publication's language. The notification's own problems come from the handler (core/feedback.ts).
 */
export type SesEventProblem =
  | NotificationProblem
  // The file
  | { kind: 'no-such-file' }
  | { kind: 'is-folder' }
  | { kind: 'no-json-object' }
  | { kind: 'records-empty' }
  | { kind: 'record-without-message'; index: number }
  | { kind: 'not-a-notification'; type: string }
  | { kind: 'message-not-string' }
  | { kind: 'unknown-shape' }
  // The command line
  | { kind: 'no-input' }
  | { kind: 'files-and-digest' }
  | { kind: 'bad-type'; got: string; known: readonly string[] }
  | { kind: 'bad-option'; detail: string }
  // `--digest`
  | { kind: 'no-digest'; digestId: string }
  | { kind: 'not-sent-to'; digestId: string; to: string[] }
  | { kind: 'nothing-sent'; digestId: string }
