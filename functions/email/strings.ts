import type { SubscriberLang } from '../core/subscriber'

/** The words of the confirmation (double opt-in) email; `publication` is the publication's title. */
export interface ConfirmationStrings {
  subject(publication: string): string
  /** The preview line mail clients show after the subject. */
  preheader(publication: string): string
  heading: string
  intro(publication: string): string
  button: string
  /** Above the plain link, for when the button does not work. */
  fallback: string
  /** Says that ignoring the email means no subscription. */
  ignore: string
  /** Why this address got the email. */
  footerNote(publication: string): string
}

/** The words of a digest email; `publication` is the publication's title. */
export interface DigestStrings {
  /** BCP 47 locale for dates in the subject ("2026년 11월 27일", "27 November 2026"). */
  dateLocale: string
  /** `period` is the digest's date or week, formatted; absent for an instant alert. */
  subject(publication: string, count: number, period?: string): string
  viewInBrowser: string
  /** `name` is the subscriber's name, or `fallbackName` when we do not know it. */
  greeting(name: string): string
  fallbackName: string
  intro(publication: string, count: number): string
  takeawaysHeading: string
  /** On each card, after the author and the date. */
  readingTime(minutes: number): string
  readMore: string
  relatedHeading: string
  /** Heading of the compact list that follows the cards when a digest is too long for one email. */
  moreHeading(count: number): string
  /** The compact list's link to the web version; `unlisted` articles did not fit even as titles. */
  moreInWebVersion(unlisted: number): string
  preferences: string
  unsubscribe: string
  /** Why this address got the email. */
  footerNote(publication: string): string
  /** The web version's footer, for a reader nobody knows: a link to subscribe, and where settings are. */
  webSubscribe(publication: string): string
  webManage: string
  /** What the web version is, in place of footerNote. */
  webFooterNote(publication: string): string
}

/** The words of the welcome email a confirmation earns; its links and dates use the digest's words. */
export interface WelcomeStrings {
  subject(publication: string): string
  preheader(publication: string): string
  heading(publication: string): string
  intro(publication: string): string
  /** Above the latest articles (left out when there are none yet). */
  latestHeading: string
  footerNote(publication: string): string
}

export interface EmailStrings {
  confirmation: ConfirmationStrings
  digest: DigestStrings
  welcome: WelcomeStrings
}

/**
 * Every word the emails say, per subscriber language. Templates hold none of them, only placeholders,
 * so one template serves every language.
 */
export const strings: Record<SubscriberLang, EmailStrings> = {
  ko: {
    confirmation: {
      subject: (publication) => `${publication} 구독을 확인해 주세요`,
      preheader: (publication) =>
        `버튼 하나만 누르면 ${publication}의 새 글을 이메일로 받아 보실 수 있습니다.`,
      heading: '구독을 확인해 주세요',
      intro: (publication) =>
        `이 이메일 주소로 ${publication} 구독 신청이 들어왔습니다. 직접 신청하셨다면 아래 버튼을 눌러 구독을 확인해 주세요.`,
      button: '구독 확인하기',
      fallback: '버튼이 작동하지 않으면 아래 링크를 복사해 브라우저 주소창에 붙여 넣어 주세요.',
      ignore: '신청하신 적이 없다면 이 메일은 무시하셔도 됩니다. 확인하지 않으면 구독되지 않습니다.',
      footerNote: (publication) => `${publication} 구독 신청서에 이 주소가 입력되어 보내 드리는 메일입니다.`,
    },
    digest: {
      dateLocale: 'ko-KR',
      subject: (publication, count, period) =>
        `${publication} — ${count}개의 새 글${period === undefined ? '' : ` (${period})`}`,
      viewInBrowser: '웹에서 보기',
      greeting: (name) => `${name}님, 안녕하세요.`,
      fallbackName: '구독자',
      intro: (publication, count) => `${publication}에 새로 올라온 글 ${count}편을 모아 보내 드립니다.`,
      takeawaysHeading: '핵심 요약',
      readingTime: (minutes) => `${minutes}분 읽기`,
      readMore: '계속 읽기',
      relatedHeading: '관련 링크',
      moreHeading: (count) => `이번 호의 다른 글 ${count}편`,
      moreInWebVersion: (unlisted) =>
        unlisted === 0 ? '웹에서 모든 글을 카드로 보기' : `웹에서 나머지 ${unlisted}편까지 모든 글 보기`,
      preferences: '구독 설정 변경',
      unsubscribe: '구독 해지',
      footerNote: (publication) => `${publication} 구독자께 보내 드리는 메일입니다.`,
      webSubscribe: (publication) => `${publication} 뉴스레터 구독하기`,
      webManage:
        '이미 구독 중이라면 받으신 뉴스레터 메일 맨 아래의 링크에서 구독 설정을 바꾸거나 해지할 수 있습니다.',
      webFooterNote: (publication) => `${publication} 뉴스레터의 웹 버전입니다.`,
    },
    welcome: {
      subject: (publication) => `${publication} 구독을 환영합니다`,
      preheader: (publication) => `구독이 확인되었습니다. ${publication}의 최신 글을 먼저 소개해 드립니다.`,
      heading: (publication) => `${publication}에 오신 것을 환영합니다`,
      intro: (publication) =>
        `구독이 확인되었습니다. 이제 ${publication}의 새 글을 선택하신 주기에 맞춰 이메일로 보내 드립니다. 아래 링크에서 언제든 주제와 받는 시간을 바꾸거나 구독을 해지할 수 있습니다.`,
      latestHeading: '최근 글',
      footerNote: (publication) => `${publication} 구독을 확인하셔서 보내 드리는 메일입니다.`,
    },
  },
  en: {
    confirmation: {
      subject: (publication) => `Confirm your subscription to ${publication}`,
      preheader: (publication) => `One click and new articles from ${publication} will arrive by email.`,
      heading: 'Confirm your subscription',
      intro: (publication) =>
        `Someone, hopefully you, asked to receive ${publication} by email at this address. If it was you, please confirm with the button below.`,
      button: 'Confirm subscription',
      fallback: 'If the button does not work, copy this link into your browser:',
      ignore: 'Did not ask for this? Just ignore this email: you will not be subscribed unless you confirm.',
      footerNote: (publication) =>
        `You received this email because this address was entered in the subscription form of ${publication}.`,
    },
    digest: {
      dateLocale: 'en-GB',
      subject: (publication, count, period) =>
        `${publication}: ${count} new ${count === 1 ? 'article' : 'articles'}${period === undefined ? '' : ` (${period})`}`,
      viewInBrowser: 'View in browser',
      greeting: (name) => `Hello ${name},`,
      fallbackName: 'there',
      intro: (publication, count) =>
        count === 1
          ? `Here is the latest article from ${publication}.`
          : `Here are the ${count} latest articles from ${publication}.`,
      takeawaysHeading: 'Key takeaways',
      readingTime: (minutes) => `${minutes} min read`,
      readMore: 'Read more',
      relatedHeading: 'Related links',
      moreHeading: (count) => (count === 1 ? 'One more in this digest' : `${count} more in this digest`),
      moreInWebVersion: (unlisted) =>
        unlisted === 0
          ? 'Read every article in full in the web version'
          : `See all, including ${unlisted} more, in the web version`,
      preferences: 'Manage preferences',
      unsubscribe: 'Unsubscribe',
      footerNote: (publication) => `You are receiving this email because you subscribed to ${publication}.`,
      webSubscribe: (publication) => `Subscribe to ${publication}`,
      webManage:
        'Already a subscriber? The links at the foot of each digest email change your settings or unsubscribe you.',
      webFooterNote: (publication) => `The web version of a digest from ${publication}.`,
    },
    welcome: {
      subject: (publication) => `Welcome to ${publication}`,
      preheader: (publication) => `You are subscribed. Here is what ${publication} published lately.`,
      heading: (publication) => `Welcome to ${publication}`,
      intro: (publication) =>
        `Your subscription is confirmed: new articles from ${publication} will arrive as often as you chose. The links below change your topics and delivery time, or unsubscribe you, whenever you like.`,
      latestHeading: 'Latest articles',
      footerNote: (publication) =>
        `You are receiving this email because you confirmed your subscription to ${publication}.`,
    },
  },
}
