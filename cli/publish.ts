/**
 * `npm run publish -- a.md [b.md ...]`: sends Markdown files with YAML front matter to a running Pressroom.
 * Each file is PUT at its slug, so publishing the same file again updates the article instead of failing;
 * a file never replaces an article it did not create unless its front matter claims the slug (slug: x).
 * A bad file gets one line naming it and the problem; the other files still go through.
 */
import { dataDir, readAdminToken } from '../infra/local/data-dir'
import { cliMessages } from './messages'
import { publishFile } from './publish-files'

async function main(): Promise<number> {
  const say = cliMessages()
  const files = process.argv.slice(2).filter((arg) => arg !== '--')
  if (files.length === 0) {
    console.error(say.publishUsage)
    return 2
  }
  const baseUrl = (process.env.PRESSROOM_URL || `http://127.0.0.1:${process.env.PORT || 3000}`).replace(
    /\/+$/,
    '',
  )
  const token = process.env.ADMIN_TOKEN || readAdminToken(dataDir())
  if (!token) {
    console.error(say.noAdminToken(dataDir()))
    return 2
  }
  let failures = 0
  for (const file of files) {
    // PUBLICATION_TIME_ZONE, when set, names the zone a scheduled article's go-live is shown in.
    const timeZone = process.env.PUBLICATION_TIME_ZONE || undefined
    const outcome = await publishFile(file, {
      baseUrl,
      token,
      messages: say,
      ...(timeZone !== undefined && { timeZone }),
    })
    if (outcome.ok) console.log(outcome.line)
    else {
      failures++
      console.error(outcome.line)
    }
  }
  return failures === 0 ? 0 : 1
}

process.exitCode = await main()
