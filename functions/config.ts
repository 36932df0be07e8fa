import { z } from 'zod'
import { isLanguageTag } from './core/language'

/** Thrown when the environment does not describe a runnable Pressroom; the message names each bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

const optionalUrl = z.url().optional()

const envSchema = z.object({
  TABLE_NAME: z.string().min(1).default('pressroom'),
  SITE_URL: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, '')),
  /**
   * Locally the token itself; on AWS the stack passes ADMIN_TOKEN_SECRET_ARN instead, and only to the HTTP
   * function, the one that serves the admin API. Required there (adminTokenFrom in config-values.ts).
   */
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  ADMIN_TOKEN_SECRET_ARN: z.string().startsWith('arn:').optional(),
  /**
   * On AWS, the secret CloudFront sends in X-Origin-Verify with every request to the API; only requests that
   * carry it may name the reader in CloudFront-Viewer-Address (rate limits). Unset locally.
   */
  ORIGIN_VERIFY_SECRET_ARN: z.string().startsWith('arn:').optional(),
  /**
   * Not read by the app: the stack sets it to the origin-verify rotation count, so that a rotation changes
   * the HTTP function's configuration and Lambda retires instances that know only the old value.
   */
  ORIGIN_VERIFY_ROTATION: z.coerce.number().int().min(1).optional(),
  FEED_SIZE: z.coerce.number().int().min(1).max(100).default(20),
  FEED_CACHE_CONTROL: z.string().min(1).default('public, max-age=300, stale-while-revalidate=86400'),
  FEED_VERSION_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  /** Comma-separated WebSub hub URLs; empty means feeds advertise no hub. */
  WEBSUB_HUBS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((url) => url.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/, message: 'each hub must be an http(s) URL' }))),
  PUBLICATION_TITLE: z.string().min(1).default('Pressroom'),
  PUBLICATION_DESCRIPTION: z.string().default('Long-form analysis'),
  PUBLICATION_LANG: z
    .string()
    .default('en')
    .refine((tag) => isLanguageTag(tag), 'must be a BCP 47 language tag such as ko or en-GB'),
  PUBLICATION_AUTHOR: z.string().optional(),
  /**
   * Signs the links in emails (HMAC). Locally generated into the data folder; on AWS read from TOKEN_SECRET_ARN,
   * which only the functions that make or check links get. Required there (tokenSecretFrom).
   */
  TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TOKEN_SECRET_ARN: z.string().startsWith('arn:').optional(),
  /** The From header of every email, e.g. "Pressroom <news@example.com>". */
  MAIL_FROM: z.string().min(3).default('Pressroom <pressroom@localhost>'),
  /** Printed in every email's footer, as anti-spam law requires of bulk senders. */
  POSTAL_ADDRESS: z.string().default(''),
  SES_CONFIGURATION_SET: z.string().optional(),
  /** Only for the local SES emulator. */
  SES_ENDPOINT: optionalUrl,
  /** Locally, a copy of every sent message is written here as a .eml file. */
  OUTBOX_DIR: z.string().optional(),
  AWS_REGION: z.string().default('us-east-1'),
  /** Set only for local emulators; on AWS the SDK finds the regional endpoint itself. */
  DYNAMODB_ENDPOINT: optionalUrl,
  /** The SQS queue the digest planner puts delivery batches on; required by the planner Lambda only. */
  SEND_QUEUE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** On AWS with WebSub hubs: where the HTTP function queues feed changes for the WebSub function. */
  FEED_CHANGES_QUEUE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** On AWS: where POST /subscribe queues each request for the confirmations function; unset, in process. */
  CONFIRMATION_QUEUE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** On AWS with WebSub hubs: the CloudFront distribution whose feed copies the WebSub function invalidates. */
  CDN_DISTRIBUTION_ID: z
    .string()
    .regex(/^[A-Z0-9]+$/, 'must be a CloudFront distribution id such as E2QWRUHAPOMQZL')
    .optional(),
  /** Sends per second, for all senders together, when SES does not tell (GetSendQuota fails). */
  SEND_RATE_FALLBACK: z.coerce.number().positive().max(10_000).default(14),
  /** How many send functions run at once (their reserved concurrency); each paces to its share of the rate. */
  SENDER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(2),
  /** The mailto of digests' List-Unsubscribe (e.g. unsubscribe@news.example.com); unset: the URL alone. */
  LIST_UNSUBSCRIBE_MAILTO: z
    .string()
    .regex(/^(mailto:)?[^\s@<>,]+@[^\s@<>,]+$/, 'must be an address such as unsubscribe@news.example.com')
    .optional(),
})

export type Config = z.infer<typeof envSchema>

/** Parses the environment once, at start-up; every entry point calls this and nothing else reads process.env. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''))
  const result = envSchema.safeParse(blanksRemoved)
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`)
  }
  return result.data
}
