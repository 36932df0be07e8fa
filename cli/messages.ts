/**
 * Every fixed line the command-line tools print, in the publication's language (PUBLICATION_LANG): Korean
 * for `ko`, English otherwise. `en` defines the shape and `ko` must match it key for key, as the web pages'
 * words do (functions/http/views/page-strings.ts). Problems the server reports (a 409, a field that is
 * wrong) are printed as the server words them.
 */
import type { DigestCadence, PlanSummary } from '../functions/core/plan-digest'
import { nothingNewReason, runMessage } from '../functions/core/digest-run-report'
import { subscriberLang, type SubscriberLang } from '../functions/core/subscriber'

const en = {
  publishUsage: 'Usage: npm run publish -- path/to/article.md [more.md ...]',
  noAdminToken: (dataDir: string) =>
    `No admin token: set ADMIN_TOKEN, or run \`npm start\` once so ${dataDir}/admin-token exists.`,
  published: (url: string, created: boolean, status: string) =>
    `${url} (${created ? 'created' : 'updated'}, ${status})`,
  scheduled: (url: string, created: boolean, when: string) =>
    `${url} (${created ? 'created' : 'updated'}, scheduled: goes live at ${when})`,
  cannotReach: (baseUrl: string, reason: string) =>
    `cannot reach Pressroom at ${baseUrl} (${reason}); is it running?`,
  noSuchFile: 'no such file',
  isFolder: 'is a folder, not a Markdown file',
  digestUsage: 'Usage: npm run digest -- [--cadence daily|weekly|instant]',
  cannotReachDatabase: (endpoint: string) =>
    `Cannot reach the local database at ${endpoint}; is \`npm start\` running?`,
  leftOut: 'Left out, with the reason (fix the data and run again; everyone else was planned):',
  progress: 'Sending {bar} {value}/{total} | sent {sent} | skipped {skipped} | failed {failed} | {rate}/s',
  nothingToSend: (summary: PlanSummary, cadence: DigestCadence) => runMessage(summary, cadence),
  digestSent: (
    summary: PlanSummary,
    cadence: DigestCadence,
    totals: { sent: number; skipped: number; failed: number },
    deadLettered: number,
  ) =>
    `${cadence} digest ${summary.digests.join(', ')}: ${summary.planned} newly planned, ${summary.requeued} resumed, ` +
    `${summary.variants} variant(s); sent ${totals.sent}, skipped ${totals.skipped}, failed ${totals.failed}` +
    `${deadLettered > 0 ? `, ${deadLettered} batch(es) dead-lettered` : ''}` +
    (summary.nothingNew > 0
      ? `; ${summary.nothingNew} had nothing new (${nothingNewReason(cadence, summary.newestArticleAt)}).`
      : '.'),
  warmUp: ({ day, cap, plannedToday, waiting }: NonNullable<PlanSummary['warmUp']>) =>
    (cap === undefined
      ? `Warm-up schedule over (${day}): no cap`
      : `Warm-up ${day}: ${plannedToday} of ${cap} messages planned today`) +
    `; ${waiting} subscriber(s) wait for a later run.`,
}

export type CliMessages = typeof en

const CADENCE_KO: Record<DigestCadence, string> = { daily: '매일', weekly: '주간', instant: '새 글 알림' }

/** "2026-11-20 09:00 UTC" from an ISO 8601 instant, or a note that nothing is published. */
const newestKo = (iso: string | undefined) =>
  iso === undefined
    ? '발행된 글이 아직 없습니다'
    : `가장 최근 글: ${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`

const ko: CliMessages = {
  publishUsage: '사용법: npm run publish -- 글/경로.md [다른글.md ...]',
  noAdminToken: (dataDir) =>
    `관리자 토큰이 없습니다. ADMIN_TOKEN을 설정하거나, \`npm start\`를 한 번 실행해 ${dataDir}/admin-token 파일을 만들어 주세요.`,
  published: (url, created, status) =>
    `${url} (${created ? '새로 만듦' : '고침'}, ${status === 'published' ? '발행됨' : status === 'draft' ? '초안' : status})`,
  scheduled: (url, created, when) => `${url} (${created ? '새로 만듦' : '고침'}, 예약됨: ${when}에 발행)`,
  cannotReach: (baseUrl, reason) => `${baseUrl}의 Pressroom에 연결할 수 없습니다 (${reason}). 실행 중인가요?`,
  noSuchFile: '파일이 없습니다',
  isFolder: 'Markdown 파일이 아니라 폴더입니다',
  digestUsage: '사용법: npm run digest -- [--cadence daily|weekly|instant]',
  cannotReachDatabase: (endpoint) =>
    `${endpoint}의 로컬 데이터베이스에 연결할 수 없습니다. \`npm start\`가 실행 중인가요?`,
  leftOut: '빠진 항목과 그 이유 (데이터를 고친 뒤 다시 실행하세요. 나머지는 모두 계획되었습니다):',
  progress: '보내는 중 {bar} {value}/{total} | 보냄 {sent} | 건너뜀 {skipped} | 실패 {failed} | 초당 {rate}',
  nothingToSend: (summary, cadence) => {
    const parts = [`${CADENCE_KO[cadence]} 구독자 ${summary.considered}명`]
    if (summary.notDue > 0) parts.push(`이 시각에 받을 차례가 아닌 ${summary.notDue}명`)
    if (summary.nothingNew > 0) {
      parts.push(`새 글이 없는 ${summary.nothingNew}명 (${newestKo(summary.newestArticleAt)})`)
    }
    if (summary.skippedSubscribers > 0) parts.push(`빠진 ${summary.skippedSubscribers}명 (아래 참고)`)
    return `보낼 것이 없습니다: ${parts.join(', ')}.`
  },
  digestSent: (summary, cadence, totals, deadLettered) =>
    `${CADENCE_KO[cadence]} 뉴스레터 ${summary.digests.join(', ')}: 새로 계획 ${summary.planned}명, 이어서 ${summary.requeued}명, ` +
    `변형 ${summary.variants}개; 보냄 ${totals.sent}, 건너뜀 ${totals.skipped}, 실패 ${totals.failed}` +
    `${deadLettered > 0 ? `, 처리 못 한 묶음 ${deadLettered}개` : ''}` +
    (summary.nothingNew > 0
      ? `; 새 글이 없는 ${summary.nothingNew}명 (${newestKo(summary.newestArticleAt)}).`
      : '.'),
  warmUp: ({ day, cap, plannedToday, waiting }) =>
    (cap === undefined
      ? `웜업 일정이 끝났습니다 (${day}): 한도 없음`
      : `웜업 ${day}: 오늘 한도 ${cap}통 중 ${plannedToday}통 계획됨`) +
    `, 다음 실행을 기다리는 구독자 ${waiting}명.`,
}

const MESSAGES: Record<SubscriberLang, CliMessages> = { en, ko }

/** The messages for the environment's PUBLICATION_LANG (English when unset). */
export function cliMessages(env: Record<string, string | undefined> = process.env): CliMessages {
  return MESSAGES[subscriberLang(env.PUBLICATION_LANG || 'en')]
}
