import type { MessageTag } from '@aws-sdk/client-ses'

/**
 * The tags as SES's X-SES-MESSAGE-TAGS header writes them (`name=value, name=value`). Only the local
 * outbox copy carries it: the emulator keeps no tags, and on AWS the Tags parameter already says it.
 * (The tags themselves are checked by the one rule in core/message-tags.ts.)
 */
export function messageTagsHeader(tags: readonly MessageTag[]): string {
  return tags.map(({ Name, Value }) => `${Name}=${Value}`).join(', ')
}
