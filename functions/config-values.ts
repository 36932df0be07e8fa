import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager'
import type { Config } from './config'
import type { Publication } from './core/publication'

/** What feeds, pages and emails say about the site, from configuration. */
export function publicationFromConfig(config: Config): Publication {
  return {
    title: config.PUBLICATION_TITLE,
    description: config.PUBLICATION_DESCRIPTION,
    lang: config.PUBLICATION_LANG,
    author: config.PUBLICATION_AUTHOR ?? config.PUBLICATION_TITLE,
    siteUrl: config.SITE_URL,
    feedSize: config.FEED_SIZE,
  }
}

/** A secret's value, read once per cold start, so it never sits in an environment variable or a log line. */
export async function readSecret(region: string, secretArn: string): Promise<string> {
  const { SecretString } = await new SecretsManagerClient({ region }).send(
    new GetSecretValueCommand({ SecretId: secretArn }),
  )
  if (!SecretString) throw new Error(`Secret ${secretArn} has no string value`)
  return SecretString
}

/**
 * A secret's current value and, when it has one, its previous value (Secrets Manager keeps the replaced value
 * as AWSPREVIOUS): what to accept while a rotation reaches whoever sends the secret.
 */
export async function readSecretWithPrevious(
  region: string,
  secretArn: string,
  client: Pick<SecretsManagerClient, 'send'> = new SecretsManagerClient({ region }),
): Promise<string[]> {
  const read = async (stage: 'AWSCURRENT' | 'AWSPREVIOUS') => {
    const { SecretString } = await client.send(
      new GetSecretValueCommand({ SecretId: secretArn, VersionStage: stage }),
    )
    if (!SecretString) throw new Error(`Secret ${secretArn} has no string value (${stage})`)
    return SecretString
  }
  const previous = read('AWSPREVIOUS').catch((error: unknown) => {
    // A secret never rotated has no previous value.
    if (error instanceof ResourceNotFoundException) return undefined
    throw error
  })
  const values = [await read('AWSCURRENT'), await previous]
  return values.filter((value): value is string => value !== undefined)
}

/** The link-signing key: TOKEN_SECRET locally, the secret named by TOKEN_SECRET_ARN on AWS. */
export async function tokenSecretFrom(config: Config): Promise<string> {
  return config.TOKEN_SECRET ?? readSecret(config.AWS_REGION, config.TOKEN_SECRET_ARN!)
}
