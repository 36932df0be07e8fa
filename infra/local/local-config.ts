import { z } from 'zod'

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback)

const localSchema = z.object({
  PORT: port(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  SES_PORT: port(8005),
  DYNAMODB_PORT: port(8000),
  SITE_URL: z.url().optional(),
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
