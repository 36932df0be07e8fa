import type { Clock } from './ports'
import type { Publication } from './publication'
import type { Subscriber } from './subscriber'
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
