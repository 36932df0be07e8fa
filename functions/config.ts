import { z } from 'zod'
import { alignmentProblem, asciiDomain, fromDomainOf } from './adapters/ses/alignment'
import { httpUrlSchema } from './core/http-url'
import { isLanguageTag } from './core/language'
import { isTimeZone } from './core/time-zone'
import { parseWarmUpSchedule, WARM_UP_EXAMPLE } from './core/warm-up'

/** Thrown when the environment does not describe a runnable Pressroom; the message names each bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

const optionalUrl = z.url().optional()

// Each variable's description is part of the schema, so `npm run docs:config` writes docs/configuration.md from
// it and the reference cannot drift from what is parsed.
export const envSchema = z.object({
  TABLE_NAME: z
    .string()
    .min(1)
    .default('pressroom')
    .describe('The DynamoDB table; set by the stack on AWS, always `pressroom` locally.'),
  SITE_URL: z
    .url({ protocol: /^https?$/ })
    .transform((url) => url.replace(/\/+$/, ''))
    .describe(
      'Base of every absolute link in pages, feeds and emails (a trailing slash is dropped). Locally it defaults to `http://127.0.0.1:$PORT`; on AWS to the CloudFront URL.',
    ),
  ADMIN_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe(
      'Bearer token for `/api` (at least 16 characters). Locally the token itself, generated into the data folder when unset; on AWS the stack passes ADMIN_TOKEN_SECRET_ARN instead, and only to the HTTP function, the one that serves the admin API. One of the two is required there.',
    ),
  ADMIN_TOKEN_SECRET_ARN: z
    .string()
    .startsWith('arn:')
    .optional()
    .describe('On AWS: the Secrets Manager secret holding the admin token.'),
  ORIGIN_VERIFY_SECRET_ARN: z
    .string()
    .startsWith('arn:')
    .optional()
    .describe(
      'On AWS, the secret CloudFront sends in X-Origin-Verify with every request to the API; only requests that carry it may name the reader in CloudFront-Viewer-Address (rate limits). Unset locally.',
    ),
  ORIGIN_VERIFY_ROTATION: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .describe(
      "Not read by the app: the stack sets it to the origin-verify rotation count, so that a rotation changes the HTTP function's configuration and Lambda retires instances that know only the old value.",
    ),
  FEED_SIZE: z.coerce.number().int().min(1).max(100).default(20).describe('Articles per feed (1 to 100).'),
  FEED_CACHE_CONTROL: z
    .string()
    .min(1)
    .default('public, max-age=300, stale-while-revalidate=86400')
    .describe('The Cache-Control header of feeds.'),
  FEED_VERSION_TTL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(1_000)
    .describe(
      'How long one read of the publication version serves feed polls (0 to 60,000 ms); 0 reads it on every poll.',
    ),
  WEBSUB_HUBS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((url) => url.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/, message: 'each hub must be an http(s) URL' })))
    .describe('Comma-separated WebSub hub URLs; empty means feeds advertise no hub.'),
  PUBLICATION_TITLE: z.string().min(1).default('Pressroom').describe('Site and feed title.'),
  PUBLICATION_DESCRIPTION: z
    .string()
    .optional()
    .describe(
      'Site and feed description; unset, "심층 분석" for a `ko` publication and "Long-form analysis" otherwise.',
    ),
  PUBLICATION_LANG: z
    .string()
    .default('en')
    .refine((tag) => isLanguageTag(tag), 'must be a BCP 47 language tag such as ko or en-GB')
    .describe(
      'Language of the site and of articles that state none (a BCP 47 tag such as `ko`): `ko` makes every page, feed title, email and CLI message Korean; anything else, English.',
    ),
  PUBLICATION_TIME_ZONE: z
    .string()
    .default('UTC')
    .refine((zone) => isTimeZone(zone), 'must be an IANA time zone such as Asia/Seoul or UTC')
    .describe(
      'The time zone pages show dates in and the web archive groups months by (an IANA name such as `Asia/Seoul`); feeds keep UTC.',
    ),
  TAG_DESCRIPTIONS: z
    .string()
    .default('{}')
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown
      } catch {
        context.addIssue({
          code: 'custom',
          message: 'must be a JSON object such as {"경제":"Markets and trade"}',
        })
        return z.NEVER
      }
    })
    .pipe(
      z.record(z.string(), z.string().max(500, 'each description must be at most 500 characters'), {
        error: 'must be a JSON object such as {"경제":"Markets and trade"}',
      }),
    )
    .describe(
      'Optional one-line descriptions of tags, shown on each tag\'s page: a JSON object from tag to text, e.g. `{"경제":"Markets and trade"}`.',
    ),
  PUBLICATION_AUTHOR: z.string().optional().describe('Feed author; unset, the publication title.'),
  PUBLICATION_LOGO_URL: httpUrlSchema
    .optional()
    .describe(
      "The publication's logo (an absolute http(s) URL): at the top of every digest (200 px wide; unset, the title as text), the publisher logo in JSON-LD and the home page's share image.",
    ),
  THEME_COLOR: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a hex colour such as #0b57d0')
    .default('#0b57d0')
    .describe("The site's accent colour in the web manifest and the theme-color meta tag (`#rrggbb`)."),
  NAVER_SITE_VERIFICATION: z
    .string()
    .regex(/^[\w-]{1,128}$/, 'must be the token Naver Search Advisor gives (letters, digits, - and _)')
    .optional()
    .describe(
      'Naver Search Advisor\'s ownership token: every page carries `<meta name="naver-site-verification">` with it.',
    ),
  GOOGLE_SITE_VERIFICATION: z
    .string()
    .regex(/^[\w-]{1,128}$/, 'must be the token Search Console gives (letters, digits, - and _)')
    .optional()
    .describe(
      'Google Search Console\'s ownership token: every page carries `<meta name="google-site-verification">` with it.',
    ),
  INDEXNOW_KEY: z
    .string()
    .regex(/^[a-zA-Z0-9-]{8,128}$/, 'must be 8 to 128 characters: letters, digits and dashes')
    .optional()
    .describe(
      'The IndexNow key (8 to 128 letters, digits and dashes), served at `/<key>.txt`. Set, every publish, update, unpublish and delete of a published article is sent to IndexNow (Naver, Bing); unset, no pings.',
    ),
  INDEXNOW_ENDPOINT: z
    .url({ protocol: /^https?$/ })
    .default('https://api.indexnow.org/indexnow')
    .describe(
      'Where IndexNow pings go; the shared endpoint passes them to every participating engine (`https://searchadvisor.naver.com/indexnow` for Naver alone).',
    ),
  CALLOUT_HEADING: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .default('PRISM Insight')
    .describe(
      "The heading that marks an article's analysis block (`## PRISM Insight`, or `## PRISM Insight: …`): the article page shows that section as a callout. Matched case-insensitively.",
    ),
  TOKEN_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .optional()
    .describe(
      'Signs the links in emails (HMAC; at least 32 characters). Locally generated into the data folder when unset; on AWS read from TOKEN_SECRET_ARN, which only the functions that make or check links get. One of the two is required there.',
    ),
  TOKEN_SECRET_ARN: z
    .string()
    .startsWith('arn:')
    .optional()
    .describe('On AWS: the Secrets Manager secret holding the link-signing key.'),
  MAIL_FROM: z
    .string()
    .min(3)
    .default('Pressroom <pressroom@localhost>')
    .refine(
      (from) => fromDomainOf(from) !== undefined,
      'must contain an address, e.g. "Pressroom <news@example.com>"',
    )
    .describe(
      'The From header of every email, e.g. `Pressroom <news@example.com>`; its domain must be SES_SENDER_DOMAIN or a subdomain of it.',
    ),
  SES_SENDER_DOMAIN: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe(
      "The SES identity's domain, which DKIM signs with (`d=`); set by the stack from the context key senderDomain. MAIL_FROM must be at it or a subdomain of it (DMARC's relaxed alignment), or the functions refuse to start. Unset: MAIL_FROM's domain.",
    ),
  POSTAL_ADDRESS: z
    .string()
    .default('')
    .describe("Printed in every email's footer, as anti-spam law requires of bulk senders."),
  SES_CONFIGURATION_SET: z
    .string()
    .optional()
    .describe(
      'On AWS: the SES configuration set every email is sent with (it publishes bounces and complaints).',
    ),
  SES_ENDPOINT: optionalUrl.describe('Only for the local SES emulator.'),
  OUTBOX_DIR: z
    .string()
    .optional()
    .describe(
      "Locally, a copy of every sent message is written here as a .eml file (`npm start`: the data folder's `outbox/`).",
    ),
  AWS_REGION: z.string().default('us-east-1').describe('The AWS region; set by Lambda on AWS.'),
  DYNAMODB_ENDPOINT: optionalUrl.describe(
    'Set only for local emulators; on AWS the SDK finds the regional endpoint itself.',
  ),
  SEND_QUEUE_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe(
      'The SQS queue the digest planner puts delivery batches on; required by the planner Lambda only.',
    ),
  DIGEST_PLANNER_FUNCTION: z
    .string()
    .regex(/^[\w-]{1,64}$|^arn:aws[\w-]*:lambda:/, 'must be a Lambda function name or ARN')
    .optional()
    .describe(
      "On AWS: the digest planner function, which the HTTP function invokes to run, preview and test digests (admin API and desk). Unset (locally), `npm start`'s in-process planner does it.",
    ),
  DIGEST_DEAD_LETTER_QUEUE_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe(
      "On AWS: the send queue's SQS dead-letter queue, whose count the desk shows; with DIGEST_DEAD_LETTER_QUEUE_ARN and SEND_QUEUE_ARN, the desk can send them all again (a redrive).",
    ),
  DIGEST_DEAD_LETTER_QUEUE_ARN: z
    .string()
    .regex(/^arn:aws[\w-]*:sqs:/, 'must be an SQS queue ARN')
    .optional()
    .describe("On AWS: the ARN of DIGEST_DEAD_LETTER_QUEUE_URL, the redrive's source."),
  SEND_QUEUE_ARN: z
    .string()
    .regex(/^arn:aws[\w-]*:sqs:/, 'must be an SQS queue ARN')
    .optional()
    .describe("On AWS: the send queue's ARN, where the desk's redrive puts the dead letters back."),
  FEED_CHANGES_QUEUE_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe(
      'On AWS with WebSub hubs or an IndexNow key: where the HTTP function queues feed changes for the WebSub function, which pings both.',
    ),
  CONFIRMATION_QUEUE_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe(
      'On AWS: where POST /subscribe queues each request for the confirmations function; unset, in process.',
    ),
  GO_LIVE_SCHEDULE_GROUP: z
    .string()
    .regex(/^[0-9a-zA-Z._-]{1,64}$/, 'must be an EventBridge Scheduler group name')
    .optional()
    .describe(
      'On AWS: the EventBridge Scheduler group where the HTTP function keeps one go-live schedule per scheduled article; with GO_LIVE_FUNCTION_ARN and GO_LIVE_ROLE_ARN. Unset (locally), `npm start` arms a timer per article instead.',
    ),
  GO_LIVE_FUNCTION_ARN: z
    .string()
    .regex(/^arn:aws[\w-]*:lambda:/, 'must be a Lambda function ARN')
    .optional()
    .describe('On AWS: the go-live function that the schedules in GO_LIVE_SCHEDULE_GROUP invoke.'),
  GO_LIVE_ROLE_ARN: z
    .string()
    .regex(/^arn:aws[\w-]*:iam::\d{12}:role\//, 'must be an IAM role ARN')
    .optional()
    .describe('On AWS: the role EventBridge Scheduler assumes to invoke GO_LIVE_FUNCTION_ARN.'),
  CDN_DISTRIBUTION_ID: z
    .string()
    .regex(/^[A-Z0-9]+$/, 'must be a CloudFront distribution id such as E2QWRUHAPOMQZL')
    .optional()
    .describe(
      'On AWS with WebSub hubs: the CloudFront distribution whose feed copies the WebSub function invalidates.',
    ),
  MEDIA_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name')
    .optional()
    .describe(
      "On AWS: the S3 bucket the desk's image uploads go to, served by CloudFront at `/media/*`; set by the stack.",
    ),
  MEDIA_DIR: z
    .string()
    .optional()
    .describe(
      "Locally, without MEDIA_BUCKET: the folder the desk's image uploads go to, served by the app at `/media/*` (`npm start`: the data folder's `media/`). Neither set: the desk takes no uploads.",
    ),
  MEDIA_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(4_194_304)
    .default(4_194_304)
    .describe(
      'The largest image the desk accepts, in bytes (at most 4 MiB, the default: an upload reaches Lambda base64-encoded, within its 6 MB request limit).',
    ),
  SEND_RATE_FALLBACK: z.coerce
    .number()
    .positive()
    .max(10_000)
    .default(14)
    .describe('Sends per second, for all senders together, when SES does not tell (GetSendQuota fails).'),
  SENDER_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(2)
    .describe(
      'How many send functions run at once (their reserved concurrency); each paces to its share of the rate.',
    ),
  WARMUP_SCHEDULE: z
    .string()
    .optional()
    .transform((text, context) => {
      if (text === undefined) return undefined
      const parsed = parseWarmUpSchedule(text)
      if ('problem' in parsed) {
        context.addIssue({ code: 'custom', message: parsed.problem })
        return z.NEVER
      }
      return parsed
    })
    .describe(
      `A new domain's warm-up: its first day (a date in PUBLICATION_TIME_ZONE) and the digest messages allowed each day from it, e.g. \`${WARM_UP_EXAMPLE}\`; caps only rise and lift after the last day. The rest wait for a later run (docs/delivery.md). Unset: no cap.`,
    ),
  LIST_UNSUBSCRIBE_MAILTO: z
    .string()
    .regex(/^(mailto:)?[^\s@<>,]+@[^\s@<>,]+$/, 'must be an address such as unsubscribe@news.example.com')
    .optional()
    .describe(
      "The mailto of digests' List-Unsubscribe (e.g. unsubscribe@news.example.com); unset: the URL alone.",
    ),
})

export type Config = z.infer<typeof envSchema>

// One rule with the stack's (infra/stack-config.ts): a From that DKIM would not align with never starts.
const configSchema = envSchema.superRefine((config, context) => {
  const fromDomain = fromDomainOf(config.MAIL_FROM)
  const signingDomain =
    config.SES_SENDER_DOMAIN === undefined ? fromDomain : asciiDomain(config.SES_SENDER_DOMAIN)
  if (signingDomain === undefined && config.SES_SENDER_DOMAIN !== undefined) {
    context.addIssue({ code: 'custom', path: ['SES_SENDER_DOMAIN'], message: 'must be a domain name' })
  }
  if (fromDomain === undefined || signingDomain === undefined) return
  const problem = alignmentProblem(fromDomain, signingDomain)
  if (problem !== undefined) context.addIssue({ code: 'custom', path: ['MAIL_FROM'], message: problem })
})

/** Parses the environment once, at start-up; every entry point calls this and nothing else reads process.env. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''))
  const result = configSchema.safeParse(blanksRemoved)
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`)
  }
  return result.data
}
