import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets'
import { GetParameterError } from '@aws-lambda-powertools/parameters/errors'
import { ResourceNotFoundException, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { ConfigError, type Config } from './config'
import type { Publication } from './core/publication'
import { subscriberLang } from './core/subscriber'

/** What feeds, pages and emails say about the site, from configuration. */
export function publicationFromConfig(config: Config): Publication {
  return {
    title: config.PUBLICATION_TITLE,
    description:
      config.PUBLICATION_DESCRIPTION ??
      (subscriberLang(config.PUBLICATION_LANG) === 'ko' ? '심층 분석' : 'Long-form analysis'),
    lang: config.PUBLICATION_LANG,
    timeZone: config.PUBLICATION_TIME_ZONE,
    author: config.PUBLICATION_AUTHOR ?? config.PUBLICATION_TITLE,
    siteUrl: config.SITE_URL,
    ...(config.PUBLICATION_LOGO_URL !== undefined && { logoUrl: config.PUBLICATION_LOGO_URL }),
    feedSize: config.FEED_SIZE,
    themeColor: config.THEME_COLOR,
    siteVerification: {
      ...(config.NAVER_SITE_VERIFICATION !== undefined && { naver: config.NAVER_SITE_VERIFICATION }),
      ...(config.GOOGLE_SITE_VERIFICATION !== undefined && { google: config.GOOGLE_SITE_VERIFICATION }),
    },
    // As configured; the HTTP function keys them as tags are stored (http/deps.ts), since the tag rule
    // (core/article.ts) is too heavy for functions that never show a tag page.
    tagDescriptions: config.TAG_DESCRIPTIONS,
    calloutHeading: config.CALLOUT_HEADING,
  }
}

/** How long a secret's value is kept before Secrets Manager is asked again (a rotation shows within it). */
export const SECRET_MAX_AGE_SECONDS = 300

/** Reads secrets through Powertools' SecretsProvider: cached for a while, never in an environment variable. */
export interface SecretReader {
  current(secretArn: string): Promise<string>
  /**
   * The current value and, when it has one, the previous value (Secrets Manager keeps the replaced value as
   * AWSPREVIOUS): what to accept while a rotation reaches whoever sends the secret.
   */
  withPrevious(secretArn: string): Promise<string[]>
}

export function secretReader(
  client: SecretsManagerClient,
  maxAgeSeconds: number = SECRET_MAX_AGE_SECONDS,
): SecretReader {
  // One provider per stage: a provider caches by secret name alone, so one provider would hand out the
  // current value for AWSPREVIOUS too.
  const current = new SecretsProvider({ awsSdkV3Client: client })
  const previous = new SecretsProvider({ awsSdkV3Client: client })
  const read = async (provider: SecretsProvider, secretArn: string, stage: 'AWSCURRENT' | 'AWSPREVIOUS') => {
    const value = await provider.get(secretArn, {
      maxAge: maxAgeSeconds,
      sdkOptions: { VersionStage: stage },
    })
    if (typeof value !== 'string' || value === '') {
      throw new Error(`Secret ${secretArn} has no string value (${stage})`)
    }
    return value
  }
  return {
    current: (secretArn) => read(current, secretArn, 'AWSCURRENT'),
    withPrevious: async (secretArn) => {
      const before = read(previous, secretArn, 'AWSPREVIOUS').catch((error: unknown) => {
        // A secret never rotated has no previous value; any other failure is not quietly accepted.
        if (error instanceof GetParameterError && error.cause instanceof ResourceNotFoundException)
          return undefined
        throw error
      })
      const values = [await read(current, secretArn, 'AWSCURRENT'), await before]
      return values.filter((value): value is string => value !== undefined)
    },
  }
}

/** Where a builder gets its secret reader: made only when a secret is read from Secrets Manager. */
export interface SecretSource {
  secrets(): SecretsManagerClient
}

const readers = new WeakMap<SecretsManagerClient, SecretReader>()
const readerFor = (source: SecretSource) => {
  const client = source.secrets()
  let reader = readers.get(client)
  if (reader === undefined) readers.set(client, (reader = secretReader(client)))
  return reader
}

/** The admin API's bearer token: ADMIN_TOKEN locally, the secret named by ADMIN_TOKEN_SECRET_ARN on AWS. */
export async function adminTokenFrom(config: Config, source: SecretSource): Promise<string> {
  if (config.ADMIN_TOKEN !== undefined) return config.ADMIN_TOKEN
  if (config.ADMIN_TOKEN_SECRET_ARN === undefined) {
    throw new ConfigError('Invalid configuration: ADMIN_TOKEN: set ADMIN_TOKEN or ADMIN_TOKEN_SECRET_ARN')
  }
  return readerFor(source).current(config.ADMIN_TOKEN_SECRET_ARN)
}

/** The link-signing key: TOKEN_SECRET locally, the secret named by TOKEN_SECRET_ARN on AWS. */
export async function tokenSecretFrom(config: Config, source: SecretSource): Promise<string> {
  if (config.TOKEN_SECRET !== undefined) return config.TOKEN_SECRET
  if (config.TOKEN_SECRET_ARN === undefined) {
    throw new ConfigError('Invalid configuration: TOKEN_SECRET: set TOKEN_SECRET or TOKEN_SECRET_ARN')
  }
  return readerFor(source).current(config.TOKEN_SECRET_ARN)
}

/** The X-Origin-Verify values CloudFront may send (current and, during a rotation, previous); unset locally. */
export async function originVerifyFrom(config: Config, source: SecretSource): Promise<string[] | undefined> {
  if (config.ORIGIN_VERIFY_SECRET_ARN === undefined) return undefined
  return readerFor(source).withPrevious(config.ORIGIN_VERIFY_SECRET_ARN)
}
