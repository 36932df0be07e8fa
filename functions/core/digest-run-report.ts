/**
 * A digest run in words, for operators: the CLI prints it and POST /api/digests/run answers with it. It says
 * why subscribers had nothing new (the rule planDigests applies, and the newest article's date), since "2 with
 * nothing new" alone reads like a fault when a new subscriber's first digest simply has nothing to carry.
 */
import type { DigestSkip } from './digest'
import type { DigestCadence, PlanSummary } from './plan-digest'
import type { SubscriberLang } from './subscriber'

/** The rule that picks a digest's articles (firstSince and articlesFor in plan-digest.ts), in words. */
export function articleRule(cadence: DigestCadence): string {
  if (cadence === 'instant') {
    return 'an instant subscriber gets the articles published after they confirmed, on their topics'
  }
  const period = cadence === 'daily' ? '24 hours' : '7 days'
  return (
    `a first ${cadence} digest carries the articles published in the ${period} before it, whenever the ` +
    `subscriber joined, and each later one those published since the previous one, on their topics`
  )
}

/** "2026-11-20 09:00 UTC" from an ISO 8601 instant in UTC. */
function instant(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
}

/** Why subscribers had nothing new: the rule, and the newest published article's date. */
export function nothingNewReason(cadence: DigestCadence, newestArticleAt: string | undefined): string {
  const newest =
    newestArticleAt === undefined
      ? 'no article is published yet'
      : `the newest published article is from ${instant(newestArticleAt)}`
  return `${articleRule(cadence)}; ${newest}`
}

/** The cadences as Korean operators name them. */
export const CADENCE_KO: Record<DigestCadence, string> = {
  daily: '매일',
  weekly: '주간',
  instant: '새 글 알림',
}

/** "가장 최근 글: 2026-11-20 09:00 UTC" from an ISO 8601 instant, or a note that nothing is published. */
export function newestKo(newestArticleAt: string | undefined): string {
  return newestArticleAt === undefined
    ? '발행된 글이 아직 없습니다'
    : `가장 최근 글: ${instant(newestArticleAt)}`
}

/**
 * One line that sums up a planning run, in the publication's language (`npm run digest` and the admin API
 * both print it; PUBLICATION_LANG picks it, as it does for pages).
 */
export function runMessage(
  summary: PlanSummary,
  cadence: DigestCadence,
  lang: SubscriberLang = 'en',
): string {
  return lang === 'ko' ? runMessageKo(summary, cadence) : runMessageEn(summary, cadence)
}

function runMessageEn(summary: PlanSummary, cadence: DigestCadence): string {
  const parts = [`${summary.considered} ${cadence} subscribers`]
  if (summary.notDue > 0) parts.push(`${summary.notDue} not due at this hour`)
  if (summary.nothingNew > 0) {
    parts.push(
      `${summary.nothingNew} with nothing new (${nothingNewReason(cadence, summary.newestArticleAt)})`,
    )
  }
  if (summary.skippedSubscribers > 0) {
    parts.push(`${summary.skippedSubscribers} left out (see skipped)`)
  }
  const counted = parts.join(', ')
  if (summary.planned + summary.requeued === 0) return `Nothing to send: ${counted}.`
  return (
    `${summary.planned} newly planned and ${summary.requeued} resumed in ${summary.digests.join(', ')}; ` +
    `${counted}.`
  )
}

function runMessageKo(summary: PlanSummary, cadence: DigestCadence): string {
  const parts = [`${CADENCE_KO[cadence]} 구독자 ${summary.considered}명`]
  if (summary.notDue > 0) parts.push(`이 시각에 받을 차례가 아닌 ${summary.notDue}명`)
  if (summary.nothingNew > 0) {
    parts.push(`새 글이 없는 ${summary.nothingNew}명 (${newestKo(summary.newestArticleAt)})`)
  }
  if (summary.skippedSubscribers > 0) parts.push(`빠진 ${summary.skippedSubscribers}명 (skipped 목록 참고)`)
  const counted = parts.join(', ')
  if (summary.planned + summary.requeued === 0) return `보낼 것이 없습니다: ${counted}.`
  return (
    `${summary.digests.join(', ')}: 새로 계획 ${summary.planned}명, 이어서 ${summary.requeued}명; ` +
    `${counted}.`
  )
}

/** One thing a digest left out, as a line: `article "a b" (weekly-2026-W48): slug is not a slug …`. */
export function skipLine(skip: DigestSkip & { digestId?: string }): string {
  const where = skip.digestId === undefined ? '' : ` (${skip.digestId})`
  return `${skip.kind} ${JSON.stringify(skip.id)}${where}: ${skip.reason}`
}
