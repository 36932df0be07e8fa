/**
 * Every fixed line the command-line tools print, in the publication's language (PUBLICATION_LANG): Korean
 * for `ko`, English otherwise. `en` defines the shape and `ko` must match it key for key, as the web pages'
 * words do (functions/http/views/page-strings.ts). Problems the server reports (a 409, a field that is
 * wrong) are printed as the server words them.
 */
import type { DigestCadence, PlanSummary } from '../functions/core/plan-digest'
import { CADENCE_KO, newestKo, nothingNewReason, runMessage } from '../functions/core/digest-run-report'
import { subscriberLang, type SubscriberLang } from '../functions/core/subscriber'
import { notificationProblemText } from '../functions/core/feedback'
import type { SesEventProblem } from './ses-event-problems'

function sesEventProblemEn(problem: SesEventProblem): string {
  switch (problem.kind) {
    case 'no-such-file':
      return 'no such file'
    case 'is-folder':
      return 'is a folder, not a JSON file'
    case 'no-json-object':
      return 'holds no JSON object'
    case 'records-empty':
      return 'Records is empty'
    case 'record-without-message':
      return `Records[${problem.index}] has no Sns.Message string`
    case 'not-a-notification':
      return `is an SNS ${problem.type} message, not a Notification`
    case 'message-not-string':
      return 'Message is not a string'
    case 'unknown-shape':
      return 'is neither an SES notification (notificationType/eventType), an SNS message (Type, Message) nor an SNS Lambda event (Records)'
    case 'no-input':
      return 'no notification file and no --digest'
    case 'files-and-digest':
      return 'give either notification files or --digest, not both'
    case 'bad-type':
      return `--type must be ${problem.known.join(', ')}; got "${problem.got}"`
    case 'bad-option':
      return problem.detail
    case 'no-digest':
      return `no digest ${problem.digestId}`
    case 'not-sent-to':
      return `digest ${problem.digestId} was not sent to ${problem.to.join(', ')} (or they were erased)`
    case 'nothing-sent':
      return `digest ${problem.digestId} has no sent message yet`
    default:
      return notificationProblemText(problem)
  }
}

function sesEventProblemKo(problem: SesEventProblem): string {
  switch (problem.kind) {
    case 'no-such-file':
      return '파일이 없습니다'
    case 'is-folder':
      return 'JSON 파일이 아니라 폴더입니다'
    case 'not-json':
      return `JSON이 아닙니다 (${problem.detail})`
    case 'no-json-object':
      return 'JSON 객체가 없습니다'
    case 'records-empty':
      return 'Records가 비어 있습니다'
    case 'record-without-message':
      return `Records[${problem.index}]에 Sns.Message 문자열이 없습니다`
    case 'not-a-notification':
      return `SNS ${problem.type} 메시지입니다. Notification이 아닙니다`
    case 'message-not-string':
      return 'Message가 문자열이 아닙니다'
    case 'unknown-shape':
      return 'SES 알림(notificationType/eventType)도, SNS 메시지(Type, Message)도, SNS Lambda 이벤트(Records)도 아닙니다'
    case 'not-object':
      return '알림이 JSON 객체가 아닙니다'
    case 'no-type':
      return '알림에 notificationType도 eventType도 없습니다'
    case 'no-bounce':
      return 'Bounce 알림에 bounce 객체가 없습니다'
    case 'no-complaint':
      return 'Complaint 알림에 complaint 객체가 없습니다'
    case 'no-recipient-list':
      return `${problem.field}이(가) 없거나 목록이 아닙니다`
    case 'recipient-without-address':
      return `${problem.field}에 emailAddress가 없는 항목이 있습니다`
    case 'no-input':
      return '알림 파일도 --digest도 주지 않았습니다'
    case 'files-and-digest':
      return '알림 파일과 --digest 중 하나만 주세요'
    case 'bad-type':
      return `--type은 ${problem.known.join(', ')} 중 하나여야 합니다. 받은 값: "${problem.got}"`
    case 'bad-option':
      return `명령줄을 읽을 수 없습니다 (${problem.detail})`
    case 'no-digest':
      return `다이제스트 ${problem.digestId}이(가) 없습니다`
    case 'not-sent-to':
      return `다이제스트 ${problem.digestId}은(는) ${problem.to.join(', ')}에게 보내지 않았습니다 (또는 삭제된 구독자입니다)`
    case 'nothing-sent':
      return `다이제스트 ${problem.digestId}에 아직 보낸 메시지가 없습니다`
  }
}

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
  smoke: {
    usage:
      'Usage: npm run smoke -- <site-url> [--token <admin token>] [--email <address>] [--timeout <seconds>]',
    needsValue: (flag: string) => `--${flag} needs a value`,
    unknownOption: (arg: string) => `Unknown option ${arg}`,
    notUrl: (arg: string) => `Not a URL: ${arg}`,
    notHttp: (arg: string) => `The site URL must be http(s): ${arg}`,
    badTimeout: '--timeout must be a positive number of seconds',
    heading: (baseUrl: string) => `Smoke test of ${baseUrl}`,
    totals: (passed: number, failed: number, skipped: number) =>
      `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}.`,
    noAnswer: (seconds: number) => `no answer within ${seconds} s`,
    answered: (what: string, status: number, expected: number) =>
      `${what} answered ${status}, expected ${expected}`,
    contentType: (what: string, actual: string, expected: string) =>
      `${what} has Content-Type ${actual || '(none)'}, expected ${expected}`,
    homePage: 'The home page',
    noHtmlElement: 'The home page has no <html> element',
    notXml: (what: string, msg: string, line: number, col: number) =>
      `${what} is not well-formed XML: ${msg} (line ${line}, column ${col})`,
    noRoot: (what: string, root: string) => `${what} has no <${root}> root element`,
    wrongRssVersion: (version: string) => `RSS <rss> has version="${version}", expected 2.0`,
    noChannel: 'RSS has no <channel>',
    lacks: (where: string, names: string[]) =>
      `${where} lacks ${names.map((name) => `<${name}>`).join(', ')}`,
    rssItemEmpty: (index: number) => `RSS item ${index} has neither <title> nor <description>`,
    validRss: (items: number) => `valid RSS 2.0, ${items} item${items === 1 ? '' : 's'}`,
    notAtomNamespace: 'Atom <feed> is not in the Atom namespace',
    atomEntry: (index: number) => `Atom entry ${index}`,
    validAtom: (entries: number) => `valid Atom 1.0, ${entries} entr${entries === 1 ? 'y' : 'ies'}`,
    notJson: (reason: string) => `JSON Feed is not JSON: ${reason}`,
    notJsonObject: 'JSON Feed is not a JSON object',
    wrongJsonVersion: (version: string) =>
      `JSON Feed version is ${version}, expected "https://jsonfeed.org/version/1.1"`,
    noJsonTitle: 'JSON Feed has no title',
    noItems: 'JSON Feed has no items array',
    itemNotObject: (index: number) => `JSON Feed item ${index} is not an object`,
    itemNoId: (index: number) => `JSON Feed item ${index} has no id`,
    itemNoContent: (index: number) => `JSON Feed item ${index} has neither content_html nor content_text`,
    validJsonFeed: (items: number) => `valid JSON Feed 1.1, ${items} item${items === 1 ? '' : 's'}`,
    noEtag: (path: string) => `${path} has no ETag header`,
    not304: (status: number, etag: string) => `answered ${status} to If-None-Match: ${etag}, expected 304`,
    revalidated: (etag: string) => `ETag ${etag}, If-None-Match → 304`,
    rateLimited: (retryAfter: string) => `rate-limited (429, Retry-After ${retryAfter} s)`,
    subscribed: (email: string) => `202 for ${email}`,
    withTokenCheck: 'GET /api/articles with the admin token',
    withoutTokenCheck: 'GET /api/articles without a token',
    noToken: (source: string) => `no token: pass --token, set ADMIN_TOKEN or run it where ${source} exists`,
    tokenRefused: (source: string) => `answered 401: the token from ${source} was refused`,
    adminApi: 'The admin API',
    adminApiNoToken: 'The admin API without a token',
    adminNotJson: 'The admin API answered 200 but not with JSON',
    adminNoItems: 'The admin API answer has no items array',
    tokenAccepted: (source: string) => `200 (token from ${source})`,
    cleanUp: 'Clean-up',
    leftPending: (email: string) =>
      `no token, so ${email} stays pending; erase it with DELETE /api/subscribers/${email}`,
    wasThere: (email: string) => `${email} was on the list before this run, so it is left as it was`,
    cannotTell: (email: string) => `could not tell whether ${email} was on the list before: not erased`,
    nothingToErase: (email: string) => `no subscriber ${email} to erase`,
    erased: (email: string) => `erased the pending subscriber ${email}`,
  },
  sesEvent: {
    usage: [
      'Usage: npm run ses-event -- notification.json [more.json ...]',
      '   or: npm run ses-event -- --digest <id> [--type delivery|bounce|complaint] [--to <address> ...]',
    ].join('\n'),
    figureCounted: (figure: string, digestId: string) => `counted in ${figure} of digest ${digestId}`,
    figureAlreadyCounted: (figure: string, digestId: string) =>
      `already counted in ${figure} of digest ${digestId} (a replay adds nothing)`,
    figureNoDigest: (digestId: string) => `no digest ${digestId} to count it in`,
    cannotReachTable: (table: string, endpoint: string, reason: string) =>
      `Cannot reach the local DynamoDB table '${table}' at ${endpoint} (${reason}); is \`npm start\` running?`,
    problem: sesEventProblemEn,
    replayed: (type: string, messageId: string, recipient: string, outcome: string) =>
      `${type} of ${messageId} to ${recipient}: ${outcome}`,
    suppressed: (addresses: string[]) => `suppressed ${addresses.join(', ')}`,
    softBounced: (addresses: string[]) => `soft bounce counted for ${addresses.join(', ')}`,
    alreadySuppressed: (count: number) => `${count} already suppressed`,
    unknown: (count: number) => `${count} unknown address${count === 1 ? '' : 'es'}`,
    ignored: (count: number) => `${count} ignored`,
    noRecipients: 'no recipients',
  },
  setupSystem: {
    allInstalled: 'Every system package the tests need is installed.',
    installThese: (names: string[]) =>
      `Install these packages (Debian names; apt-get as root): ${names.join(' ')}`,
    /** One missing package and what the tests use it for. */
    packageLine: (name: string, usedFor: { en: string; ko: string }) => `  ${name}: ${usedFor.en}`,
    stillMissing: (names: string[]) => `Still missing after apt-get: ${names.join(' ')}`,
    installed: (names: string[]) => `Installed: ${names.join(' ')}`,
  },
}

export type CliMessages = typeof en

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
  nothingToSend: (summary, cadence) => runMessage(summary, cadence, 'ko'),
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
  smoke: {
    usage: '사용법: npm run smoke -- <사이트-URL> [--token <관리자 토큰>] [--email <주소>] [--timeout <초>]',
    needsValue: (flag) => `--${flag}에 값이 필요합니다`,
    unknownOption: (arg) => `알 수 없는 옵션: ${arg}`,
    notUrl: (arg) => `URL이 아닙니다: ${arg}`,
    notHttp: (arg) => `사이트 URL은 http(s)여야 합니다: ${arg}`,
    badTimeout: '--timeout은 0보다 큰 초 단위 숫자여야 합니다',
    heading: (baseUrl) => `${baseUrl} 점검`,
    totals: (passed, failed, skipped) =>
      `통과 ${passed}, 실패 ${failed}${skipped > 0 ? `, 건너뜀 ${skipped}` : ''}.`,
    noAnswer: (seconds) => `${seconds}초 안에 응답이 없습니다`,
    answered: (what, status, expected) => `${what}: 응답 ${status}, 기대한 값 ${expected}`,
    contentType: (what, actual, expected) =>
      `${what}의 Content-Type이 ${actual || '(없음)'}입니다. 기대한 값 ${expected}`,
    homePage: '홈 페이지',
    noHtmlElement: '홈 페이지에 <html> 요소가 없습니다',
    notXml: (what, msg, line, col) => `${what}이(가) 올바른 XML이 아닙니다: ${msg} (${line}행 ${col}열)`,
    noRoot: (what, root) => `${what}에 <${root}> 루트 요소가 없습니다`,
    wrongRssVersion: (version) => `RSS <rss>의 version="${version}", 기대한 값 2.0`,
    noChannel: 'RSS에 <channel>이 없습니다',
    lacks: (where, names) => `${where}에 ${names.map((name) => `<${name}>`).join(', ')}이(가) 없습니다`,
    rssItemEmpty: (index) => `RSS ${index}번째 항목에 <title>도 <description>도 없습니다`,
    validRss: (items) => `올바른 RSS 2.0, 항목 ${items}개`,
    notAtomNamespace: 'Atom <feed>가 Atom 네임스페이스에 있지 않습니다',
    atomEntry: (index) => `Atom ${index}번째 항목`,
    validAtom: (entries) => `올바른 Atom 1.0, 항목 ${entries}개`,
    notJson: (reason) => `JSON Feed가 JSON이 아닙니다: ${reason}`,
    notJsonObject: 'JSON Feed가 JSON 객체가 아닙니다',
    wrongJsonVersion: (version) =>
      `JSON Feed 버전이 ${version}입니다. 기대한 값 "https://jsonfeed.org/version/1.1"`,
    noJsonTitle: 'JSON Feed에 title이 없습니다',
    noItems: 'JSON Feed에 items 배열이 없습니다',
    itemNotObject: (index) => `JSON Feed ${index}번째 항목이 객체가 아닙니다`,
    itemNoId: (index) => `JSON Feed ${index}번째 항목에 id가 없습니다`,
    itemNoContent: (index) => `JSON Feed ${index}번째 항목에 content_html도 content_text도 없습니다`,
    validJsonFeed: (items) => `올바른 JSON Feed 1.1, 항목 ${items}개`,
    noEtag: (path) => `${path}에 ETag 헤더가 없습니다`,
    not304: (status, etag) => `If-None-Match: ${etag}에 ${status}로 응답했습니다. 기대한 값 304`,
    revalidated: (etag) => `ETag ${etag}, If-None-Match → 304`,
    rateLimited: (retryAfter) => `요청 한도 초과 (429, Retry-After ${retryAfter}초)`,
    subscribed: (email) => `202, ${email}`,
    withTokenCheck: '관리자 토큰으로 GET /api/articles',
    withoutTokenCheck: '토큰 없이 GET /api/articles',
    noToken: (source) =>
      `토큰이 없습니다: --token을 주거나 ADMIN_TOKEN을 설정하거나 ${source}이(가) 있는 곳에서 실행하세요`,
    tokenRefused: (source) => `401 응답: ${source}의 토큰이 거부되었습니다`,
    adminApi: '관리자 API',
    adminApiNoToken: '토큰 없는 관리자 API',
    adminNotJson: '관리자 API가 200으로 응답했지만 JSON이 아닙니다',
    adminNoItems: '관리자 API 응답에 items 배열이 없습니다',
    tokenAccepted: (source) => `200 (토큰: ${source})`,
    cleanUp: '정리',
    leftPending: (email) =>
      `토큰이 없어 ${email}은(는) 대기 상태로 남습니다. DELETE /api/subscribers/${email}로 지우세요`,
    wasThere: (email) => `${email}은(는) 이번 실행 전부터 목록에 있어 그대로 둡니다`,
    cannotTell: (email) => `${email}이(가) 전부터 목록에 있었는지 알 수 없어 지우지 않았습니다`,
    nothingToErase: (email) => `지울 구독자 ${email}이(가) 없습니다`,
    erased: (email) => `대기 중인 구독자 ${email}을(를) 지웠습니다`,
  },
  sesEvent: {
    usage: [
      '사용법: npm run ses-event -- 알림.json [다른알림.json ...]',
      '  또는: npm run ses-event -- --digest <id> [--type delivery|bounce|complaint] [--to <주소> ...]',
    ].join('\n'),
    figureCounted: (figure, digestId) => `다이제스트 ${digestId}의 ${figure}에 집계함`,
    figureAlreadyCounted: (figure, digestId) =>
      `다이제스트 ${digestId}의 ${figure}에 이미 집계됨 (다시 보내도 늘지 않음)`,
    figureNoDigest: (digestId) => `집계할 다이제스트 ${digestId}이(가) 없습니다`,
    cannotReachTable: (table, endpoint, reason) =>
      `${endpoint}의 로컬 DynamoDB 테이블 '${table}'에 연결할 수 없습니다 (${reason}). \`npm start\`가 실행 중인가요?`,
    problem: sesEventProblemKo,
    replayed: (type, messageId, recipient, outcome) =>
      `${messageId} (${recipient}) ${type} 이벤트: ${outcome}`,
    suppressed: (addresses) => `발송 중지: ${addresses.join(', ')}`,
    softBounced: (addresses) => `일시적 반송 기록: ${addresses.join(', ')}`,
    alreadySuppressed: (count) => `이미 발송 중지된 주소 ${count}개`,
    unknown: (count) => `모르는 주소 ${count}개`,
    ignored: (count) => `무시함 ${count}개`,
    noRecipients: '받는 사람 없음',
  },
  setupSystem: {
    allInstalled: '테스트에 필요한 시스템 패키지가 모두 설치되어 있습니다.',
    installThese: (names) => `다음 패키지를 설치하세요 (Debian 이름, root로 apt-get): ${names.join(' ')}`,
    packageLine: (name, usedFor) => `  ${name}: ${usedFor.ko}`,
    stillMissing: (names) => `apt-get 후에도 없는 패키지: ${names.join(' ')}`,
    installed: (names) => `설치함: ${names.join(' ')}`,
  },
}

const MESSAGES: Record<SubscriberLang, CliMessages> = { en, ko }

/** The messages for the environment's PUBLICATION_LANG (English when unset). */
export function cliMessages(env: Record<string, string | undefined> = process.env): CliMessages {
  return MESSAGES[subscriberLang(env.PUBLICATION_LANG || 'en')]
}
