import { subscriberLang } from '../../core/subscriber'

/**
 * Every word of the web pages, in the two languages pages speak: Korean for a `ko` publication (or a `ko`
 * subscriber's own pages), English otherwise. `en` defines the shape and `ko` must match it key for key, so
 * a word added to one table and not the other fails the type check.
 */

// What an error page says, by status; the API's JSON answers keep their own, more technical, messages.
const ERROR_TEXT_EN: Partial<Record<number, string>> = {
  400: 'The request could not be understood. The link may be broken.',
  404: 'There is no page at this address.',
  405: 'This address does not take that kind of request.',
  413: 'What was sent is too large.',
  415: 'What was sent is in a form this page does not take.',
  422: 'Some of what was sent is not valid.',
  429: 'Too many requests. Please wait a little and try again.',
  500: 'Something went wrong on our side. Please try again in a moment.',
  502: 'A service behind this page did not answer. Please try again in a moment.',
}

const ERROR_TEXT_KO: Partial<Record<number, string>> = {
  400: '요청을 이해하지 못했습니다. 링크가 깨졌을 수 있습니다.',
  404: '이 주소에는 페이지가 없습니다.',
  405: '이 주소에서는 그런 요청을 받지 않습니다.',
  413: '보낸 내용이 너무 큽니다.',
  415: '이 페이지가 받지 않는 형식입니다.',
  422: '보낸 내용 중 올바르지 않은 것이 있습니다.',
  429: '요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.',
  500: '일시적인 오류가 생겼습니다. 잠시 후 다시 시도해 주세요.',
  502: '이 페이지 뒤의 서비스가 응답하지 않았습니다. 잠시 후 다시 시도해 주세요.',
}

const en = {
  // Site chrome: header, lists, pagination.
  siteNav: 'Site',
  archive: 'Archive',
  tags: 'Topics',
  feeds: 'Feeds',
  nothingYet: 'Nothing published yet.',
  pages: 'Pages',
  newer: 'Newer articles',
  older: 'Older articles',
  pageTitle: (page: number) => `Page ${page}`,
  pageOf: (page: number, pages: number) => `Page ${page} of ${pages}`,
  articleCount: (count: number) => (count === 1 ? '1 article' : `${count.toLocaleString('en')} articles`),
  // The web archive and the tag index.
  archiveHeading: 'Archive',
  archiveIntro: 'Every article, by month.',
  tagsHeading: 'Topics',
  tagsIntro: 'Every topic, with how many articles carry it.',
  tagFeed: (tag: string) => `Follow #${tag}: RSS`,
  // Between articles, at the end of one.
  articleNav: 'More articles',
  previousArticle: 'Previous article',
  nextArticle: 'Next article',
  // Error pages.
  errorTitle: (status: number): string => (status === 404 ? 'Not found' : 'Error'),
  tooLarge: (limit: string) => `The request body is larger than the ${limit} this address takes.`,
  errorText: (status: number) => ERROR_TEXT_EN[status] ?? 'The request could not be handled.',
  // The digest archive and a test digest's links (routes/digests.tsx).
  digestArchive: 'Past digests',
  noDigest: 'No digest has gone out yet.',
  digestCadences: { daily: 'Daily', weekly: 'Weekly', instant: 'New article' },
  testLink: 'A link from a test digest',
  testExplains: {
    preferences:
      "You opened the settings link of a test digest. In a real digest it opens the reader's own subscription settings.",
    unsubscribe:
      'You opened the unsubscribe link of a test digest. In a real digest it unsubscribes the reader in one click.',
    other: "You opened a personal link of a test digest. In a real digest it is the reader's own.",
  },
  testChangesNothing: "A test digest changes nobody's subscription, including yours.",
  // The subscription pages.
  subscribeHeading: 'Get the newsletter',
  noTrackingHeading: 'We do not track you',
  noTracking:
    'Our emails carry no open pixel, and their links go straight to the page they name: nothing records whether or when you read or click. We count only what the mail servers tell us (delivered, bounced) and who unsubscribes.',
  email: 'Email address',
  name: 'Name (optional)',
  topics: 'Topics (comma-separated tags; empty for everything)',
  cadence: 'How often',
  cadences: { instant: 'Each new article', daily: 'Daily digest', weekly: 'Weekly digest' },
  deliveryHour: 'Delivery hour (0–23, your time)',
  timezone: 'Time zone',
  language: 'Language',
  subscribe: 'Subscribe',
  checkInbox: 'Check your inbox',
  checkInboxText:
    'If the address can receive our newsletter, a confirmation email is on its way. Click the button in it to start your subscription.',
  confirmHeading: 'Confirm your subscription',
  confirmText: 'One click and you are subscribed.',
  confirmButton: 'Confirm subscription',
  confirmed: 'You are subscribed',
  confirmedText: 'Thank you. You can change what you receive at any time.',
  alreadyConfirmed: 'You are already subscribed.',
  invalidLink: 'This link does not work any more',
  invalidLinkText:
    'It may have expired or been replaced by a newer one. You can subscribe again from the home page.',
  preferencesHeading: 'Your newsletter settings',
  save: 'Save settings',
  saved: 'Settings saved',
  unsubscribeHeading: 'Unsubscribe',
  unsubscribeText: 'You will not receive any more emails from us.',
  unsubscribeButton: 'Unsubscribe',
  unsubscribed: 'You are unsubscribed',
  unsubscribedText: 'You will not receive any more emails. You can subscribe again at any time.',
  tooMany: 'Too many requests',
  tooManyText: 'Please wait a little and try again.',
  fixErrors: 'Please check these fields:',
  // What a valid value looks like, per field: shown instead of the validator's (English, API) wording.
  fieldHints: {
    email: 'enter an email address such as name@example.com',
    name: 'use at most 100 characters',
    topics: 'up to 50 tags, each at most 50 characters',
    cadence: 'choose each new article, daily or weekly',
    deliveryHour: 'choose an hour from 0 to 23',
    timezone: 'enter a time zone such as Asia/Seoul',
    lang: 'choose 한국어 or English',
  },
  managePreferences: 'Change your settings',
  home: 'Home',
}

export type PageStrings = typeof en

const ko: PageStrings = {
  siteNav: '사이트',
  archive: '지난 글',
  tags: '주제',
  feeds: '피드',
  nothingYet: '아직 글이 없습니다.',
  pages: '페이지',
  newer: '최근 글',
  older: '더 지난 글',
  pageTitle: (page: number) => `${page}쪽`,
  pageOf: (page: number, pages: number) => `${pages}쪽 중 ${page}쪽`,
  articleCount: (count: number) => `${count.toLocaleString('ko')}편`,
  archiveHeading: '지난 글',
  archiveIntro: '지금까지 쓴 모든 글을 달별로 모았습니다.',
  tagsHeading: '주제',
  tagsIntro: '주제별로 글이 몇 편인지 보여 드립니다.',
  tagFeed: (tag: string) => `#${tag} 구독: RSS`,
  articleNav: '다른 글',
  previousArticle: '이전 글',
  nextArticle: '다음 글',
  errorTitle: (status: number) => (status === 404 ? '페이지를 찾을 수 없습니다' : '오류'),
  tooLarge: (limit: string) => `보낸 내용이 너무 큽니다. 이 주소는 ${limit}까지 받습니다.`,
  errorText: (status: number) => ERROR_TEXT_KO[status] ?? '요청을 처리할 수 없습니다.',
  digestArchive: '지난 뉴스레터',
  noDigest: '아직 보낸 뉴스레터가 없습니다.',
  digestCadences: { daily: '매일', weekly: '주간', instant: '새 글' },
  testLink: '테스트 뉴스레터의 링크',
  testExplains: {
    preferences:
      '테스트 뉴스레터의 구독 설정 링크를 여셨습니다. 실제 뉴스레터에서는 받는 분의 구독 설정 페이지가 열립니다.',
    unsubscribe:
      '테스트 뉴스레터의 구독 해지 링크를 여셨습니다. 실제 뉴스레터에서는 한 번에 구독이 해지됩니다.',
    other: '테스트 뉴스레터의 개인 링크를 여셨습니다. 실제 뉴스레터에서는 받는 분마다 다른 링크입니다.',
  },
  testChangesNothing: '테스트 뉴스레터는 누구의 구독도 바꾸지 않습니다.',
  subscribeHeading: '뉴스레터 구독',
  noTrackingHeading: '읽는 분을 추적하지 않습니다',
  noTracking:
    '이메일에 열람 추적 픽셀을 넣지 않고, 링크도 바꿔 쓰지 않아 누르면 곧바로 그 페이지로 갑니다. 언제 읽었는지, 무엇을 눌렀는지 기록하지 않습니다. 메일 서버가 알려 주는 전달·반송 여부와 구독 해지 수만 셉니다.',
  email: '이메일 주소',
  name: '이름 (선택)',
  topics: '관심 주제 (쉼표로 구분한 태그, 비우면 전체)',
  cadence: '받는 주기',
  cadences: { instant: '새 글마다', daily: '매일 요약', weekly: '주간 요약' },
  deliveryHour: '받는 시각 (0–23시, 현지 시간)',
  timezone: '시간대',
  language: '언어',
  subscribe: '구독하기',
  checkInbox: '메일함을 확인해 주세요',
  checkInboxText:
    '이 주소로 뉴스레터를 받을 수 있다면 확인 메일을 보냈습니다. 메일의 버튼을 누르면 구독이 시작됩니다.',
  confirmHeading: '구독 확인',
  confirmText: '버튼을 한 번 누르면 구독이 완료됩니다.',
  confirmButton: '구독 확인',
  confirmed: '구독되었습니다',
  confirmedText: '감사합니다. 받는 내용은 언제든 바꿀 수 있습니다.',
  alreadyConfirmed: '이미 구독 중입니다.',
  invalidLink: '더 이상 쓸 수 없는 링크입니다',
  invalidLinkText: '기간이 지났거나 새 링크로 바뀌었을 수 있습니다. 첫 화면에서 다시 구독할 수 있습니다.',
  preferencesHeading: '뉴스레터 설정',
  save: '설정 저장',
  saved: '설정을 저장했습니다',
  unsubscribeHeading: '구독 해지',
  unsubscribeText: '더 이상 메일을 보내지 않습니다.',
  unsubscribeButton: '구독 해지',
  unsubscribed: '구독이 해지되었습니다',
  unsubscribedText: '더 이상 메일을 받지 않습니다. 언제든 다시 구독할 수 있습니다.',
  tooMany: '요청이 너무 많습니다',
  tooManyText: '잠시 후 다시 시도해 주세요.',
  fixErrors: '다음 항목을 확인해 주세요:',
  fieldHints: {
    email: 'name@example.com 같은 이메일 주소를 입력해 주세요',
    name: '100자 이내로 입력해 주세요',
    topics: '태그는 50개까지, 각 50자 이내로 입력해 주세요',
    cadence: '새 글마다, 매일, 주간 중에서 골라 주세요',
    deliveryHour: '0시부터 23시 사이에서 골라 주세요',
    timezone: 'Asia/Seoul 같은 시간대를 입력해 주세요',
    lang: '한국어나 English를 골라 주세요',
  },
  managePreferences: '설정 바꾸기',
  home: '첫 화면',
}

export const PAGE_STRINGS = { en, ko } satisfies Record<string, PageStrings>

export type PageLang = keyof typeof PAGE_STRINGS

/** The page language for a BCP 47 tag: Korean for ko-*, English otherwise. */
export function pageLang(lang: string | undefined): PageLang {
  return lang === undefined ? 'en' : subscriberLang(lang)
}
