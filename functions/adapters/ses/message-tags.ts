import type { MessageTag } from '@aws-sdk/client-ses'
import { z } from 'zod'

// SES's rule for a tag's name and value (API MessageTag): ASCII letters, digits, `_` and `-`, at most 256.
// The `ses:` names are SES's own; of those, a sender may set the two it copies into Feedback-ID.
const tagText = z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be 1 to 256 ASCII letters, digits, _ or -')
const tagName = z.union([z.enum(['ses:feedback-id-a', 'ses:feedback-id-b']), tagText])

/** Thrown before sending when a tag SES would refuse is given; names the tag. */
export class MessageTagError extends Error {
  override name = 'MessageTagError'
}

/** The tags as SendRawEmail takes them, in the order given; throws MessageTagError naming a bad one. */
export function sesMessageTags(tags: Readonly<Record<string, string>>): MessageTag[] {
  return Object.entries(tags).map(([name, value]) => {
    const problem = !tagName.safeParse(name).success
      ? `the name "${name}" must be 1 to 256 ASCII letters, digits, _ or -`
      : tagText.safeParse(value).error?.issues[0]?.message
    if (problem !== undefined) {
      throw new MessageTagError(`SES message tag ${name}=${JSON.stringify(value)}: ${problem}`)
    }
    return { Name: name, Value: value }
  })
}

/**
 * The tags as SES's X-SES-MESSAGE-TAGS header writes them (`name=value, name=value`). Only the local
 * outbox copy carries it: the emulator keeps no tags, and on AWS the Tags parameter already says it.
 */
export function messageTagsHeader(tags: readonly MessageTag[]): string {
  return tags.map(({ Name, Value }) => `${Name}=${Value}`).join(', ')
}
