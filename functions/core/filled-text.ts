/**
 * A text made of fixed parts that many messages share and the values of one message:
 * parts[0] + values[0] + parts[1] + … + values[n-1] + parts[n]. The sender hands personalised digests to the
 * mailer in this form, so the mailer can encode the shared parts once per variant instead of once per
 * recipient (the parts array is the same object for every recipient of a variant).
 */
export interface FilledText {
  readonly parts: readonly string[]
  readonly values: readonly string[]
}

/** Message content: a plain string, or a filled text. */
export type EmailContent = string | FilledText

export function contentText(content: EmailContent): string {
  if (typeof content === 'string') return content
  const { parts, values } = content
  let joined = parts[0] ?? ''
  for (let index = 0; index < values.length; index += 1) joined += values[index]! + (parts[index + 1] ?? '')
  return joined
}
