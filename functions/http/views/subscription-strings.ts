/** Words on the subscription pages, in the languages subscribers can choose. */
export const PAGE_STRINGS = {
  en: {
    subscribeHeading: 'Get the newsletter',
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
    managePreferences: 'Change your settings',
    home: 'Home',
  },
  ko: {
    subscribeHeading: '뉴스레터 구독',
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
    managePreferences: '설정 바꾸기',
    home: '첫 화면',
  },
} as const

export type PageLang = keyof typeof PAGE_STRINGS
export type PageStrings = (typeof PAGE_STRINGS)[PageLang]

/** The page language for a BCP 47 tag: Korean for ko-*, English otherwise. */
export function pageLang(lang: string | undefined): PageLang {
  return lang?.toLowerCase().startsWith('ko') ? 'ko' : 'en'
}
