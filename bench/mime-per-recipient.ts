/**
 * Per-recipient CPU of building one digest message, two ways, against the sender's real bound (the SES
 * send rate): the current path (personalisedContent + buildMimeMessage, whose base64-body.ts encodes a
 * variant's shared parts once) and plain nodemailer (personalise() to strings, MailComposer encodes the
 * whole body per recipient). Decision record: docs/decisions/007-*.md.
 *
 *   node --import tsx bench/mime-per-recipient.ts     # knobs: BENCH_MESSAGES=2000 BENCH_ROUNDS=5
 */
import MailComposer from 'nodemailer/lib/mail-composer'
import { buildMimeMessage, parseSender } from '../functions/adapters/ses/mime'
import { buildArticle, parseArticleInput } from '../functions/core/articles'
import type { DigestVariant } from '../functions/core/digest'
import { renderDigestVariant } from '../functions/email/digest'
import { personalise, personalisedContent } from '../functions/email/personalise'
import { articleInput, POSTAL_ADDRESS, publication } from './support/digest-fixtures'

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const ARTICLES = 10
const RATES = [14, 100, 500] // SES sends per second per account: sandbox-ish minimum, typical, high

const sender = parseSender('Pressroom <news@example.com>')
const date = new Date('2026-11-27T08:00:00Z')
const headers = { 'List-Id': '프레스룸 <daily.news.example.com>' }

async function fixtureVariant(): Promise<DigestVariant> {
  const now = Date.now()
  const articles = Array.from({ length: ARTICLES }, (_, index) => {
    const at = new Date(now - (ARTICLES - index) * 3_600_000)
    return buildArticle(parseArticleInput(articleInput(index, at)), at, publication.lang)
  })
  const rendered = await renderDigestVariant({
    digest: { id: 'daily-2026-11-27', cadence: 'daily', period: '2026-11-27' },
    lang: 'ko',
    articles,
    publication,
    postalAddress: POSTAL_ADDRESS,
    webVersionUrl: `${publication.siteUrl}/digests/daily-2026-11-27/ko`,
  })
  return { digestId: 'daily-2026-11-27', id: 'ko', lang: 'ko', articleSlugs: [], ...rendered }
}

const values = (i: number) => ({
  name: `독자 ${i}`,
  unsubscribeUrl: `${publication.siteUrl}/unsubscribe?token=${'u'.repeat(120)}${i}`,
  preferencesUrl: `${publication.siteUrl}/preferences?token=${'p'.repeat(120)}${i}`,
})
const envelope = (i: number, variant: DigestVariant) => ({
  to: `reader${i}@example.com`,
  subject: variant.subject,
  headers,
  listUnsubscribe: { url: values(i).unsubscribeUrl },
})

const paths = {
  current: async (variant: DigestVariant, i: number) => {
    const { html, text } = personalisedContent(variant, values(i))
    return (await buildMimeMessage({ ...envelope(i, variant), html, text }, { sender, date })).raw.length
  },
  plain: async (variant: DigestVariant, i: number) => {
    const { html, text } = personalise(variant, values(i))
    const composer = new MailComposer({
      from: { name: sender.name, address: sender.address },
      to: envelope(i, variant).to,
      subject: variant.subject,
      date,
      headers: { ...headers, 'List-Unsubscribe': `<${values(i).unsubscribeUrl}>` },
      text,
      html,
      textEncoding: 'base64',
      disableFileAccess: true,
      disableUrlAccess: true,
    })
    return (await composer.compile().build()).length
  },
}

/** CPU time (user + system) per message, in ms, for MESSAGES messages (a fresh variant object per round). */
async function cpuPerMessage(path: keyof typeof paths): Promise<{ ms: number; bytes: number }> {
  const variant = await fixtureVariant()
  let bytes = 0
  const start = process.cpuUsage()
  for (let i = 0; i < MESSAGES; i++) bytes = await paths[path](variant, i)
  const used = process.cpuUsage(start)
  return { ms: (used.user + used.system) / 1000 / MESSAGES, bytes }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function main() {
  const variant = await fixtureVariant()
  console.log(`variant: html ${variant.html.length} chars, text ${variant.text.length} chars`)
  for (const path of Object.keys(paths) as (keyof typeof paths)[]) await cpuPerMessage(path) // warm-up
  const rows: string[] = []
  for (const path of Object.keys(paths) as (keyof typeof paths)[]) {
    const runs: { ms: number; bytes: number }[] = []
    for (let round = 0; round < ROUNDS; round++) runs.push(await cpuPerMessage(path))
    const ms = median(runs.map((run) => run.ms))
    const shares = RATES.map((rate) => `${((ms * rate) / 10).toFixed(1)}% of a core at ${rate}/s`)
    rows.push(`${path.padEnd(8)} ${ms.toFixed(3)} ms CPU/message, ${runs[0]!.bytes} B; ${shares.join(', ')}`)
  }
  console.log(`${MESSAGES} messages × ${ROUNDS} rounds, median of rounds:`)
  for (const row of rows) console.log(row)
  console.log(
    `budget per email: ${RATES.map((rate) => `${(1000 / rate).toFixed(1)} ms at ${rate}/s`).join(', ')}`,
  )
}

await main()
