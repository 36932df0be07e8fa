/**
 * The digest benchmarks' fixtures (bench/scenarios/digest.ts, bench/lambda-sizing.ts): a Korean-English publication,
 * long-form articles with deks, key takeaways and related links, and confirmed daily subscribers in six
 * classes (2 languages x 3 topic sets), so that a digest has six variants.
 */
import type { Publication } from '../../functions/core/publication'
import { subscriberId, type Subscriber } from '../../functions/core/subscriber'

export const LANGS = ['ko', 'en'] as const
export const TOPIC_SETS = [
  { key: 'all', topics: [] as string[] },
  { key: 'economy', topics: ['economy'] },
  { key: 'policy', topics: ['policy'] },
] as const

export const publication: Publication = {
  title: 'Pressroom Bench',
  description: '경제와 정책을 깊이 있게 다루는 분석 — analysis of the Korean economy',
  lang: 'ko',
  author: 'Pressroom Desk',
  siteUrl: 'https://news.example.com',
  feedSize: 20,
}
export const POSTAL_ADDRESS = '서울특별시 중구 세종대로 110, 04524'

const KO = [
  '반도체 수출은 3개월 연속 증가세를 이어 갔고, 메모리 가격 회복이 실적 개선을 이끌었다.',
  '한국은행은 기준금리를 동결하면서도 가계부채 증가 속도에 대해 경계감을 드러냈다.',
  '전문가들은 내년 상반기까지 원·달러 환율이 높은 수준에서 등락할 것으로 내다봤다.',
  '정부는 지역 균형 발전을 위해 수도권 밖 산업단지에 대한 세제 혜택을 확대하기로 했다.',
  '청년 고용률은 소폭 올랐지만 체감 실업률은 여전히 높은 수준에 머물러 있다.',
  '부동산 시장에서는 거래량이 회복되는 가운데 전세 가격이 다시 오르는 흐름이 나타났다.',
]
const EN = [
  'Exports of memory chips rose for a third straight month, helped by a recovery in DRAM contract prices.',
  'The Bank of Korea held its policy rate steady but warned that household debt is growing too quickly.',
  'Analysts expect the won to stay weak against the dollar until at least the middle of next year.',
  'Officials said the new tax credits are meant to draw factories away from the capital region.',
  'Youth employment improved slightly, yet the broader measure of joblessness remains stubbornly high.',
  'Housing transactions picked up in the third quarter while jeonse deposits started climbing again.',
]

/** A long-form article with a key-takeaways list (so every card has takeaways), a dek and related links. */
export function articleInput(index: number, publishedAt: Date) {
  const english = index % 4 === 3
  const pool = english ? EN : KO
  const sentence = (n: number) => pool[(index + n) % pool.length]!
  const paragraphs = Array.from(
    { length: 8 },
    (_, n) => `${sentence(n)} ${sentence(n + 1)} ${sentence(n + 2)}`,
  )
  const body = [
    paragraphs[0],
    english ? '## Key takeaways' : '## 핵심 요약',
    [1, 2, 3, 4, 5, 6].map((n) => `- ${sentence(n)}`).join('\n'),
    ...paragraphs.slice(1, 4),
    english ? '## What comes next' : '## 앞으로의 전망',
    ...paragraphs.slice(4),
  ].join('\n\n')
  const topic = index % 2 === 0 ? 'economy' : 'policy'
  return {
    title: english
      ? `Chip exports and the won: briefing no. ${index + 1}`
      : `반도체 수출과 환율 전망 ${index + 1}호: HBM 경쟁의 의미`,
    slug: `digest-bench-${index + 1}`,
    summary: english ? EN[index % EN.length] : KO[index % KO.length],
    body,
    ...(english && { lang: 'en' }),
    tags: index % 3 === 0 ? [topic, 'markets'] : [topic],
    related: [
      { title: english ? 'Trade statistics' : '무역 통계', url: `https://data.example.org/trade/${index}` },
      { title: english ? 'Earlier analysis' : '지난 분석', url: `https://news.example.com/a/${index}` },
    ],
    ...(index % 2 === 0 && {
      image: { url: `https://cdn.example.com/img/${index}.jpg`, alt: english ? 'A chart' : '도표' },
    }),
    status: 'published',
    publishedAt: publishedAt.toISOString(),
  }
}

const KO_NAMES = ['김민준', '이서연', '박지호', '최수아', '정예준', '  강 하은 ']
const EN_NAMES = ['Alex Kim', 'Jordan Lee', 'Sam Park', 'Taylor Choi', 'Morgan Jung', 'Riley\tKang']

/** Subscriber i: language i % 2, topic set i % 3 (six classes, so six variants); two in three named. */
export function subscriber(i: number, run: string, now: string): Subscriber {
  const lang = LANGS[i % 2]!
  const set = TOPIC_SETS[i % 3]!
  const email = `reader${i}.${run}.${lang}.${set.key}@example.com`
  const names = lang === 'ko' ? KO_NAMES : EN_NAMES
  return {
    id: subscriberId(email),
    email,
    ...(i % 3 !== 2 && { name: names[i % names.length]! }),
    topics: [...set.topics],
    cadence: 'daily',
    deliveryHour: 9,
    timezone: 'Asia/Seoul',
    lang,
    state: 'confirmed',
    createdAt: now,
    updatedAt: now,
    confirmedAt: now,
    softBounces: 0,
    tokenVersion: 1,
    revision: 1,
  }
}
export const classOf = (address: string) =>
  /\.(ko|en)\.(all|economy|policy)@/.exec(address)?.slice(1).join('/')
