import { z } from 'zod'
import { alignmentProblem, fromDomainOf } from '../functions/adapters/ses/alignment'
import { isLanguageTag } from '../functions/core/language'
import { isTimeZone } from '../functions/core/time-zone'
import { parseWarmUpSchedule } from '../functions/core/warm-up'
import { DMARC_POLICIES, defaultDmarcReportAddress, defaultMailFromDomain } from './email-dns-records'

/** The context keys the stack reads: cdk.json holds the defaults, `-c feedSize=30` overrides one. */
export const CONTEXT_KEYS = [
  'publicationTitle',
  'siteUrl',
  'publicationLang',
  'publicationTimeZone',
  'feedSize',
  'mailFrom',
  'senderDomain',
  'postalAddress',
  'websubHubs',
  'publicationDescription',
  'publicationLogoUrl',
  'maxSendRate',
  'senderConcurrency',
  'scheduleTimezone',
  'alarmEmail',
  'hostedZoneId',
  'hostedZoneName',
  'customMailFromDomain',
  'dmarcPolicy',
  'dmarcReportAddress',
  'warmUpSchedule',
  'originVerifyRotation',
  'indexNowKey',
  'naverSiteVerification',
  'googleSiteVerification',
] as const

// `-c key=` arrives as '' and a JSON null is a deliberate "unset": both mean "use the default".
const unset = (value: unknown) => (value === '' || value === null ? undefined : value)

// cdk.json can hold a JSON list; `-c websubHubs=https://a,https://b` arrives as one string, the same
// comma-separated form as the WEBSUB_HUBS variable it becomes.
const commaList = (value: unknown) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : value

const httpUrl = (example: string) =>
  z.url({ protocol: /^https?$/, error: `must be an http(s) URL such as ${example}` })

const domainName = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/

// Bounds mirror functions/config.ts, so a value that synthesizes is one the Lambda will accept at cold start.
const contextSchema = z
  .object({
    publicationTitle: z.preprocess(unset, z.string().trim().min(1).default('Pressroom')),
    siteUrl: z.preprocess(
      unset,
      httpUrl('https://news.example.com')
        // Feed URLs are built as `${siteUrl}/feed.xml`; a trailing slash would double it.
        .transform((url) => url.replace(/\/+$/, ''))
        .optional(),
    ),
    publicationLang: z.preprocess(
      unset,
      z.string().default('en').refine(isLanguageTag, 'must be a BCP 47 language tag such as en or ko-KR'),
    ),
    // Pages' dates and web archive months; becomes PUBLICATION_TIME_ZONE (the functions default to UTC).
    publicationTimeZone: z.preprocess(
      unset,
      z.string().trim().refine(isTimeZone, 'must be an IANA time zone such as UTC or Asia/Seoul').optional(),
    ),
    // `-c feedSize=30` arrives as a string, hence coerce.
    feedSize: z.preprocess(unset, z.coerce.number().int().min(1).max(100).default(20)),
    // Required, with no default: the functions' own fallback (pressroom@localhost) cannot send from SES, and
    // a guessed address on someone else's domain would fail only when the first email goes out.
    mailFrom: z.preprocess(
      unset,
      z
        .string({
          error: (issue) =>
            issue.input === undefined
              ? 'is required: the From of every email, e.g. "Pressroom <news@example.com>"'
              : 'must be a string such as "Pressroom <news@example.com>"',
        })
        .trim()
        .refine((from) => fromDomainOf(from) !== undefined, {
          error: 'must contain an address, e.g. "Pressroom <news@example.com>"',
        }),
    ),
    // The SES identity to verify. Defaults to mailFrom's domain; a parent domain (example.com for
    // news@mail.example.com) also works, since a verified domain covers its subdomains.
    senderDomain: z.preprocess(
      unset,
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(domainName, { error: 'must be a domain name such as example.com' })
        .optional(),
    ),
    /** Printed in every email's footer (anti-spam law asks bulk senders for one). */
    postalAddress: z.preprocess(unset, z.string().trim().default('')),
    websubHubs: z.preprocess(
      (value) => commaList(unset(value)),
      z.array(httpUrl('https://pubsubhubbub.appspot.com')).optional(),
    ),
    // Optional: when unset the functions use their own default.
    publicationDescription: z.preprocess(unset, z.string().trim().min(1).optional()),
    /** The logo: the digests' masthead, the JSON-LD publisher logo; becomes PUBLICATION_LOGO_URL. */
    publicationLogoUrl: z.preprocess(unset, httpUrl('https://news.example.com/logo.png').optional()),
    /**
     * SES sends per second for all senders together, used only when SES's own quota (GetSendQuota)
     * cannot be read; becomes SEND_RATE_FALLBACK. 14 is the rate SES grants new production accounts.
     */
    maxSendRate: z.preprocess(unset, z.coerce.number().positive().max(10_000).default(14)),
    /**
     * Send functions running at once: the sender's reserved concurrency and its SQS event source's maximum
     * concurrency (which SQS requires to be 2 to 1000); becomes SENDER_CONCURRENCY.
     */
    senderConcurrency: z.preprocess(
      unset,
      z.coerce
        .number()
        .int()
        .min(2, 'must be at least 2, the lowest maximum concurrency of an SQS event source')
        .max(1000)
        .default(2),
    ),
    /**
     * The zone of the hourly digest schedules. Runs fall on the hour in this zone: UTC suits every zone
     * with a whole-hour offset; Asia/Kolkata (UTC+5:30) would put them on the hour for readers there.
     * A zone with daylight saving time may skip or repeat a run when the clocks change.
     */
    scheduleTimezone: z.preprocess(
      unset,
      z
        .string()
        .trim()
        .default('UTC')
        .refine(isTimeZone, 'must be an IANA time zone such as UTC or Asia/Seoul'),
    ),
    /**
     * Where CloudWatch alarms are mailed (an SNS email subscription, confirmed from the first message).
     * Optional: without it the alarms still fire, on a topic the operator can subscribe to later.
     */
    /** A Route 53 public hosted zone for the sender domain: the stack then publishes the DKIM records itself. */
    hostedZoneId: z.preprocess(
      unset,
      z
        .string()
        .trim()
        .regex(/^Z[A-Z0-9]+$/, 'must be a Route 53 zone id such as Z0123456789ABC')
        .optional(),
    ),
    hostedZoneName: z.preprocess(unset, z.string().trim().min(1).optional()),
    /**
     * The custom MAIL FROM (Return-Path) domain, a subdomain of senderDomain that receives nothing but
     * SES's bounces: with it SPF is checked against the sender's own domain, so SPF aligns with From for
     * DMARC. Default bounce.<senderDomain>.
     */
    customMailFromDomain: z.preprocess(
      unset,
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(domainName, { error: 'must be a domain name such as bounce.example.com' })
        .optional(),
    ),
    /** DMARC's p=: none (report only, the default) until the reports show every stream aligned. */
    dmarcPolicy: z.preprocess(
      unset,
      z.enum(DMARC_POLICIES, { error: 'must be none, quarantine or reject' }).default('none'),
    ),
    /** Where receivers mail DMARC aggregate reports (rua); default dmarc-reports@<senderDomain>. */
    dmarcReportAddress: z.preprocess(
      unset,
      z
        .string()
        .trim()
        .pipe(z.email({ error: 'must be an email address such as dmarc@example.com' }))
        .optional(),
    ),
    /**
     * A new sending domain's warm-up (docs/delivery.md): a start date and rising daily caps, such as
     * 2026-12-01:50,100,500,1000; becomes WARMUP_SCHEDULE, parsed by the planner's own parser.
     */
    warmUpSchedule: z.preprocess(
      unset,
      z
        .string()
        .trim()
        .superRefine((text, ctx) => {
          const parsed = parseWarmUpSchedule(text)
          if ('problem' in parsed) ctx.addIssue({ code: 'custom', message: parsed.problem })
        })
        .optional(),
    ),
    /**
     * Raised by one after each rotation of the origin-verify secret (README, "Rotating secrets"): the
     * distribution then takes the new value, and the HTTP function's warm instances, which know only the
     * old one, are retired. New instances accept the current and the previous value meanwhile.
     */
    originVerifyRotation: z.preprocess(
      unset,
      z.coerce.number().int().min(1, 'must be a whole number from 1, raised by one per rotation').optional(),
    ),
    /**
     * The IndexNow key (8 to 128 letters, digits and dashes; becomes INDEXNOW_KEY). Set, the stack makes the
     * feed-change queue and its function even without WebSub hubs, and every change of a published article
     * is submitted to IndexNow (Naver, Bing).
     */
    indexNowKey: z.preprocess(
      unset,
      z
        .string()
        .trim()
        .regex(/^[a-zA-Z0-9-]{8,128}$/, 'must be 8 to 128 characters: letters, digits and dashes')
        .optional(),
    ),
    /** Search engines' ownership tokens; become NAVER_SITE_VERIFICATION and GOOGLE_SITE_VERIFICATION. */
    naverSiteVerification: z.preprocess(
      unset,
      z
        .string()
        .trim()
        .regex(/^[\w-]{1,128}$/, 'must be the token Naver Search Advisor gives')
        .optional(),
    ),
    googleSiteVerification: z.preprocess(
      unset,
      z
        .string()
        .trim()
        .regex(/^[\w-]{1,128}$/, 'must be the token Search Console gives')
        .optional(),
    ),
    alarmEmail: z.preprocess(
      unset,
      z
        .string()
        .trim()
        .pipe(z.email({ error: 'must be an email address such as ops@example.com' }))
        .optional(),
    ),
  })
  .superRefine((config, ctx) => {
    if ((config.hostedZoneId === undefined) !== (config.hostedZoneName === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [config.hostedZoneId === undefined ? 'hostedZoneId' : 'hostedZoneName'],
        message: 'hostedZoneId and hostedZoneName go together (the Route 53 zone of the sender domain)',
      })
    }
    const fromDomain = fromDomainOf(config.mailFrom ?? '')
    const { senderDomain } = config
    const effective = senderDomain ?? fromDomain
    if (
      config.hostedZoneName !== undefined &&
      effective !== undefined &&
      config.hostedZoneName.replace(/\.$/, '') !== effective
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['hostedZoneName'],
        message: `must be the sender domain (${effective}): SES verifies the zone's own name`,
      })
    }
    const bounceDomain = config.customMailFromDomain
    if (bounceDomain !== undefined && effective !== undefined && !bounceDomain.endsWith(`.${effective}`)) {
      ctx.addIssue({
        code: 'custom',
        path: ['customMailFromDomain'],
        message: `must be a subdomain of the sender domain (${effective}), as SES requires and SPF alignment needs`,
      })
    }
    if (fromDomain === undefined || senderDomain === undefined) return
    // The same rule as SES_SENDER_DOMAIN's at the functions' start (functions/config.ts).
    const misaligned = alignmentProblem(fromDomain, senderDomain)
    if (misaligned !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['mailFrom'],
        message: `must be an address at senderDomain (${senderDomain}) or a subdomain of it: ${misaligned}`,
      })
    }
  })
  .transform((config) => {
    const senderDomain = config.senderDomain ?? fromDomainOf(config.mailFrom)!
    return {
      ...config,
      senderDomain,
      customMailFromDomain: config.customMailFromDomain ?? defaultMailFromDomain(senderDomain),
      dmarcReportAddress: config.dmarcReportAddress ?? defaultDmarcReportAddress(senderDomain),
    }
  })

export type StackConfig = z.infer<typeof contextSchema>

/** A mistake in cdk.json or `-c`, not a bug: app.ts prints the message without a stack trace. */
export class StackConfigError extends Error {
  override name = 'StackConfigError'
}

/** Validates the Pressroom context; throws naming every bad context key, so `cdk synth` fails early. */
export function parseStackConfig(raw: unknown): StackConfig {
  const result = contextSchema.safeParse(raw ?? {})
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const key = issue.path.join('.')
      return key ? `context key "${key}": ${issue.message}` : issue.message
    })
    throw new StackConfigError(`Invalid Pressroom context in cdk.json or -c: ${problems.join('; ')}`)
  }
  return result.data
}
