import { join } from 'node:path'
import { loadConfig, type Config } from '../../functions/config'
import { adminToken, tokenSecret } from './data-dir'
import type { LocalConfig } from './local-config'

export const LOCAL_TABLE_NAME = 'pressroom'
export const LOCAL_REGION = 'us-east-1'

/**
 * The app's configuration on this machine: the environment, plus the local emulators' endpoints and the
 * secrets kept in the data folder. `npm start` and the local CLIs build it the same way, so they agree.
 */
export function localAppConfig(
  local: LocalConfig,
  dir: string,
  endpoints: { dynamo: string; ses: string },
): Config {
  return loadConfig({
    ...process.env,
    TABLE_NAME: LOCAL_TABLE_NAME,
    AWS_REGION: LOCAL_REGION,
    DYNAMODB_ENDPOINT: endpoints.dynamo,
    SITE_URL: local.SITE_URL ?? `http://${displayHost(local.HOST)}:${local.PORT}`,
    ADMIN_TOKEN: adminToken(dir, process.env.ADMIN_TOKEN),
    ADMIN_TOKEN_SECRET_ARN: undefined,
    TOKEN_SECRET: tokenSecret(dir, process.env.TOKEN_SECRET),
    TOKEN_SECRET_ARN: undefined,
    SES_ENDPOINT: endpoints.ses,
    OUTBOX_DIR: join(dir, 'outbox'),
    MEDIA_DIR: join(dir, 'media'),
  })
}

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1'
  return host.includes(':') ? `[${host}]` : host
}
