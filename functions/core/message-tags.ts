import { ValidationError } from './errors'

/**
 * SES message tags: name/value pairs given to SendRawEmail (`Tags`) that SES copies into every event it
 * publishes about the message (`mail.tags`). SES accepts a name or a value only if it is 1 to 256 ASCII
 * letters, digits, underscores or dashes; anything else fails the whole send with a 400. So every tag is
 * checked here, by the one rule, before it reaches SES, and every tag read back from an event is checked by
 * the same rule before it is used as a key.
 */

/** The tag that names the digest a message belongs to: the key to its delivery figures. */
export const DIGEST_TAG = 'pressroom-digest'

const TAG_TEXT = /^[A-Za-z0-9_-]{1,256}$/
// SES reserves the "ses:" prefix for tags it sets itself, but lets a sender set the two it copies into the
// Feedback-ID header that mailbox providers (Gmail's Postmaster Tools) report on.
const SES_TAG_NAMES: ReadonlySet<string> = new Set(['ses:feedback-id-a', 'ses:feedback-id-b'])

const PROBLEM = 'must be 1 to 256 ASCII letters, digits, underscores or dashes (SES message tag rule)'

/** True when SES accepts `value` as a message tag value. */
export function isMessageTagValue(value: string): boolean {
  return TAG_TEXT.test(value)
}

/** True when SES accepts `name` as the name of a message tag a sender sets. */
export function isMessageTagName(name: string): boolean {
  return TAG_TEXT.test(name) || SES_TAG_NAMES.has(name)
}

/**
 * Checks every tag; throws ValidationError naming each tag SES would refuse (so a bad tag fails one message
 * with a reason, before SES fails it with a 400). Returns the tags as SES's `Tags` list, in name order.
 */
export function parseMessageTags(tags: Record<string, string>): { Name: string; Value: string }[] {
  const problems = Object.entries(tags).flatMap(([name, value]) => [
    ...(isMessageTagName(name) ? [] : [{ field: `tags.${name}`, problem: `name ${PROBLEM}` }]),
    ...(isMessageTagValue(value) ? [] : [{ field: `tags.${name}`, problem: `value ${PROBLEM}` }]),
  ])
  if (problems.length > 0) throw new ValidationError(problems)
  return Object.entries(tags)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([Name, Value]) => ({ Name, Value }))
}
