import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** The local data folder: dynalite's files, generated secrets, the outbox of sent emails. */
export function dataDir(env: Record<string, string | undefined> = process.env): string {
  return resolve(env.DATA_DIR || '.data')
}

/** ADMIN_TOKEN from the environment, else the one generated on first start and kept in the data folder. */
export function adminToken(dir: string, fromEnv: string | undefined): string {
  return fromEnv || localSecret(dir, 'admin-token', 24)
}

export function readAdminToken(dir: string): string | undefined {
  return readSecret(join(dir, 'admin-token'))
}

/** TOKEN_SECRET (signs links in emails) from the environment, else generated once into the data folder. */
export function tokenSecret(dir: string, fromEnv: string | undefined): string {
  return fromEnv || localSecret(dir, 'token-secret', 32)
}

function localSecret(dir: string, name: string, bytes: number): string {
  const file = join(dir, name)
  const existing = readSecret(file)
  if (existing !== undefined) return existing
  mkdirSync(dir, { recursive: true })
  const secret = randomBytes(bytes).toString('base64url')
  // 0600: these grant the admin API or forge subscriber links, so only this user may read them.
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' })
  return secret
}

function readSecret(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim() || undefined
  } catch {
    return undefined
  }
}
