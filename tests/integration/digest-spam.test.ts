import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildMimeMessage, parseSender } from '../../functions/adapters/ses/mime'
import type { Article } from '../../functions/core/article'
import { renderMarkdown } from '../../functions/core/markdown'
import { renderDigestVariant } from '../../functions/email/digest'
import { personalisedContent } from '../../functions/email/personalise'
import { renderWelcomeEmail } from '../../functions/email/welcome'
import { SITE_URL, testPublication } from '../support/test-app'

/*
 * A personalised digest, as the sender would hand it to SES, scored by SpamAssassin (Debian package
 * `spamassassin`) with local tests only (-L: no DNS blocklists, no Razor/Pyzor, no network at all).
 * Without DKIM/SPF and Received headers this is a check of the content, not of deliverability.
 */

const SPAMASSASSIN = '/usr/bin/spamassassin'
const MAX_SCORE = 2

const publication = testPublication({
  title: 'Pressroom 경제 브리핑',
  description: '한국 경제 분석',
  logoUrl: `${SITE_URL}/images/logo.png`,
})
const EXAMPLE = readFileSync(new URL('../../examples/korean-economy-2027.md', import.meta.url), 'utf8')
const BODY = EXAMPLE.replace(/^---\n[\s\S]*?\n---\n/, '')

function article(index: number): Article {
  return {
    slug: `korean-economy-2027-${index}`,
    title: `2027년 한국 경제 전망 ${index}: 반도체 회복과 내수 부진의 갈림길`,
    summary: '수출은 반도체 업황 회복에 힘입어 반등하지만, 고금리 여파와 가계부채가 내수를 짓누른다.',
    bodyMarkdown: BODY,
    bodyHtml: renderMarkdown(BODY),
    lang: 'ko',
    tags: ['경제'],
    related: [{ title: '한국은행 통화정책방향 (2026년 11월)', url: 'https://www.bok.or.kr/' }],
    ...(index % 2 === 0 && { image: { url: `${SITE_URL}/images/cover-${index}.jpg`, alt: '반도체 웨이퍼' } }),
    status: 'published',
    publishedAt: '2026-11-27T00:00:00.000Z',
    createdAt: '2026-11-27T00:00:00.000Z',
    updatedAt: '2026-11-27T00:00:00.000Z',
    revision: 1,
  }
}

/** Runs `spamassassin -L -t` on a message; resolves with its output (the message, report appended). */
function spamassassin(message: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(SPAMASSASSIN, ['-L', '-t'], { stdio: ['pipe', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk))
    child.on('error', (error) =>
      reject(
        new Error(`${SPAMASSASSIN} did not start (Debian: apt-get install spamassassin)`, { cause: error }),
      ),
    )
    child.on('close', (code) =>
      code === 0
        ? resolve(Buffer.concat(out).toString('utf8'))
        : reject(new Error(`spamassassin exited with ${code}: ${Buffer.concat(err).toString('utf8')}`)),
    )
    child.stdin.end(message)
  })
}

/** SpamAssassin's score of a message and the rules that fired, printed for the record. */
async function score(raw: Buffer): Promise<number> {
  const started = performance.now()
  const report = await spamassassin(raw)
  const seconds = (performance.now() - started) / 1000
  const value = Number(/^X-Spam-Status: (?:Yes|No), score=(-?[\d.]+)/m.exec(report)?.[1])
  const rules = report
    .slice(report.indexOf('Content analysis details'))
    .split('\n')
    .filter((line) => /^\s*-?\d+\.\d+\s+[A-Z0-9_]+\s/.test(line))
  console.log(`SpamAssassin (${seconds.toFixed(1)} s): score ${value}\n${rules.join('\n')}`)
  return value
}

describe('a Korean welcome email', () => {
  it(`scores below ${MAX_SCORE} with SpamAssassin's local tests`, { timeout: 60_000 }, async () => {
    // Prepare: as the confirmation worker hands it to the mailer, with the three latest articles.
    const unsubscribeUrl = `${SITE_URL}/unsubscribe?token=abc123`
    const email = renderWelcomeEmail({
      lang: 'ko',
      publication,
      articles: [article(0), article(1), article(2)],
      preferencesUrl: `${SITE_URL}/preferences?token=abc123`,
      unsubscribeUrl,
      postalAddress: '04524 서울특별시 중구 세종대로 110',
    })
    const { raw } = await buildMimeMessage(
      {
        to: 'minjun@example.org',
        ...email,
        listUnsubscribe: { url: unsubscribeUrl },
        headers: { 'List-Id': 'Pressroom 경제 브리핑 <digest.news.example.com>' },
      },
      {
        sender: parseSender('Pressroom 경제 브리핑 <news@example.com>'),
        date: new Date('2026-11-27T00:00:00Z'),
      },
    )

    // Act
    const value = await score(raw)

    // Assess
    expect(Number.isFinite(value)).toBe(true)
    expect(value).toBeLessThan(MAX_SCORE)
  })
})

describe('a personalised Korean digest', () => {
  it(`scores below ${MAX_SCORE} with SpamAssassin's local tests`, { timeout: 60_000 }, async () => {
    // Prepare: five articles, rendered once, personalised for one subscriber, built into MIME as SES gets it.
    const rendered = await renderDigestVariant({
      digest: { id: 'daily-2026-11-27', cadence: 'daily', period: '2026-11-27' },
      lang: 'ko',
      articles: Array.from({ length: 5 }, (_, index) => article(index)),
      publication,
      postalAddress: '04524 서울특별시 중구 세종대로 110',
      webVersionUrl: `${SITE_URL}/digests/daily-2026-11-27/ko`,
    })
    const unsubscribeUrl = `${SITE_URL}/unsubscribe?token=abc123`
    // As the sender hands it to the mailer: the variant's shared parts filled with this subscriber's values.
    const { html, text } = personalisedContent(
      { digestId: 'daily-2026-11-27', id: 'v1', lang: 'ko', articleSlugs: [], ...rendered },
      { name: '김민준', unsubscribeUrl, preferencesUrl: `${SITE_URL}/preferences?token=abc123` },
    )
    const { raw } = await buildMimeMessage(
      {
        to: 'minjun@example.org',
        subject: rendered.subject,
        html,
        text,
        listUnsubscribe: { url: unsubscribeUrl },
        headers: { 'List-Id': 'Pressroom 경제 브리핑 <daily.news.example.com>' },
      },
      {
        sender: parseSender('Pressroom 경제 브리핑 <news@example.com>'),
        date: new Date('2026-11-27T00:00:00Z'),
      },
    )

    // Act
    const value = await score(raw)

    // Assess
    expect(Number.isFinite(value)).toBe(true)
    expect(value).toBeLessThan(MAX_SCORE)
  })
})
