import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
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

/** The link-signing key: TOKEN_SECRET locally, the secret named by TOKEN_SECRET_ARN on AWS. */
export async function tokenSecretFrom(config: Config): Promise<string> {
  return config.TOKEN_SECRET ?? readSecret(config.AWS_REGION, config.TOKEN_SECRET_ARN!)
}
