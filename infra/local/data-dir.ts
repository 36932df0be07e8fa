import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** The local data folder: dynalite's files, the generated admin token, later the outbox. */
export function dataDir(env: Record<string, string | undefined> = process.env): string {
  return resolve(env.DATA_DIR || '.data')
}

const tokenFile = (dir: string) => join(dir, 'admin-token')

/** ADMIN_TOKEN from the environment, else the one generated on first start and kept in the data folder. */
export function adminToken(dir: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv
  const existing = readAdminToken(dir)
  if (existing !== undefined) return existing
  mkdirSync(dir, { recursive: true })
  const token = randomBytes(24).toString('base64url')
  // 0600: the token grants the admin API, so only this user may read it.
  writeFileSync(tokenFile(dir), `${token}\n`, { mode: 0o600, flag: 'wx' })
  return token
}

export function readAdminToken(dir: string): string | undefined {
  try {
    return readFileSync(tokenFile(dir), 'utf8').trim() || undefined
  } catch {
    return undefined
  }
}
