/**
 * Words the article page adds around the editor's text, in the publication's language (PUBLICATION_LANG):
 * the site speaks one language whatever the article's own. Keyed like PAGE_STRINGS, so the two can merge.
 */
export const ARTICLE_STRINGS = {
  en: {
    takeaways: 'Key takeaways',
    contents: 'Contents',
    related: 'Related articles',
    readingTime: (minutes: number) => `${minutes} min read`,
    extensionTitle: 'The _pressroom JSON Feed extension',
    extensionIntro:
      'Items of this site’s JSON Feed carry a _pressroom object (a JSON Feed 1.1 extension) with these keys:',
    extensionKeys: {
      about: 'this page',
      reading_time_minutes:
        'estimated reading time in whole minutes (Korean: 500 characters a minute; other languages: 238 words a minute)',
      takeaways: 'the key takeaways as plain text, when the article has any',
      related: 'related articles: title, url and, when known, a one-line blurb',
    },
  },
  ko: {
    takeaways: '핵심 요약',
    contents: '목차',
    related: '관련 기사',
    readingTime: (minutes: number) => `읽는 데 ${minutes}분`,
    extensionTitle: 'JSON Feed 확장 _pressroom',
    extensionIntro:
      '이 사이트 JSON Feed의 각 항목에는 다음 키를 가진 _pressroom 객체(JSON Feed 1.1 확장)가 있습니다:',
    extensionKeys: {
      about: '이 페이지',
      reading_time_minutes: '예상 읽기 시간(분, 정수). 한국어는 분당 500자, 그 밖의 언어는 분당 238단어 기준',
      takeaways: '핵심 요약(일반 텍스트), 있을 때만',
      related: '관련 기사: 제목(title), 주소(url), 알 수 있으면 한 줄 소개(blurb)',
    },
  },
} as const

export type ArticleStrings = (typeof ARTICLE_STRINGS)[keyof typeof ARTICLE_STRINGS]

/** The strings for a publication language (a BCP 47 tag): Korean for ko-*, English otherwise. */
export function articleStrings(publicationLang: string): ArticleStrings {
  return publicationLang.toLowerCase().startsWith('ko') ? ARTICLE_STRINGS.ko : ARTICLE_STRINGS.en
}
