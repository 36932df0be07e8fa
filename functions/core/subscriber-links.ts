import type { Clock } from './ports'
import type { Publication } from './publication'
import { SUBSCRIBER_ID_LENGTH, type Subscriber } from './subscriber'
import { signToken, type TokenPurpose } from './tokens'

// Kept apart from subscriptions.ts so the sender, which only needs links, does not bundle the article and
// Markdown code that the subscription flows pull in.
/**
 * The links every email to a subscriber carries. With `digestId` (a digest's email, or a page reached from
 * one), the preferences and unsubscribe links name that digest, so leaving through them counts against it.
 */
export function subscriberLinks(
  deps: { publication: Publication; tokenSecret: string; clock: Clock },
  subscriber: Subscriber,
  options: { digestId?: string } = {},
) {
  const base = deps.publication.siteUrl
  const token = (purpose: TokenPurpose) =>
    signToken(
      deps.tokenSecret,
      {
        purpose,
        sub: subscriber.id,
        v: subscriber.tokenVersion,
        ...(purpose !== 'confirm' && options.digestId !== undefined && { d: options.digestId }),
      },
      deps.clock.now(),
    )
  return {
    confirmUrl: `${base}/confirm?token=${token('confirm')}`,
    preferencesUrl: `${base}/preferences?token=${token('manage')}`,
    unsubscribeUrl: `${base}/unsubscribe?token=${token('unsubscribe')}`,
  }
}

/**
 * The longest link subscriberLinks() can make on this site, in UTF-8 bytes: the most recent expiry a token
 * can carry and the highest token version, so a budget that reserves it holds for every subscriber.
 */
export function longestSubscriberLinkBytes(siteUrl: string): number {
  const links = subscriberLinks(
    {
      publication: { siteUrl } as Publication,
      tokenSecret: 'x',
      clock: { now: () => new Date(8.64e15 / 2) },
    },
    { id: 'x'.repeat(SUBSCRIBER_ID_LENGTH), tokenVersion: Number.MAX_SAFE_INTEGER } as Subscriber,
  )
  return Math.max(...Object.values(links).map((link) => Buffer.byteLength(link, 'utf8')))
}
