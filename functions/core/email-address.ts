import { z } from 'zod'
import { normaliseEmail } from './subscriber'

// Apart from subscriber.ts, which the sender and the feedback function import: they need no zod.
/**
 * The one rule for a subscriber's address, at every door (the subscribe form, a CSV import, the desk's
 * search): normalised, then checked as an email address of at most 254 characters.
 */
export const emailAddressSchema = z
  .string()
  .transform(normaliseEmail)
  .pipe(z.email({ message: 'is not an email address' }).max(254, 'must be at most 254 characters'))
