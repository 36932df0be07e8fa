import { z } from 'zod'

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback)

// Described in the schema, like functions/config.ts, so `npm run docs:config` documents these too.
export const localSchema = z.object({
  PORT: port(3000).describe('Port of the site, feeds and API.'),
  HOST: z
    .string()
    .min(1)
    .default('127.0.0.1')
    .describe('Address to bind (set `0.0.0.0` to expose it on your network).'),
  SES_PORT: port(8005).describe('Port of the local SES emulator and its email viewer, on 127.0.0.1.'),
  DYNAMODB_PORT: port(8000).describe('Port of the local DynamoDB (dynalite), on 127.0.0.1.'),
  SITE_URL: z
    .url()
    .optional()
    .describe(
      'Base of every absolute link in pages and feeds; unset, `http://127.0.0.1:$PORT` (HOST when it names one address).',
    ),
})

export type LocalConfig = z.infer<typeof localSchema>

/** The launcher's own settings (ports, host); the app's settings still go through functions/config.ts. */
export function loadLocalConfig(env: Record<string, string | undefined>): LocalConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''))
  const result = localSchema.safeParse(cleaned)
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    throw new Error(`Invalid configuration: ${problems.join('; ')}`)
  }
  return result.data
}
