import {
  CADENCES,
  SUBSCRIBER_LANGS,
  SUBSCRIBER_STATES,
  type Cadence,
  type Subscriber,
  type SubscriberLang,
  type SubscriberState,
} from './subscriber'

/**
 * How many subscribers there are by state, and how the confirmed ones (those digests go to) divide by
 * cadence, topic and language. `everyArticle` counts confirmed subscribers who chose no topic.
 */
export interface SubscriberCounts {
  total: number
  state: Record<SubscriberState, number>
  cadence: Record<Cadence, number>
  lang: Record<SubscriberLang, number>
  /** Per followed topic, most followed first once sorted by the reader (a plain object here). */
  topics: Record<string, number>
  everyArticle: number
}

/** The fields a count reads; a store may read only these. */
export type CountedFields = Pick<Subscriber, 'state' | 'cadence' | 'lang' | 'topics'>
export const COUNTED_FIELDS = ['state', 'cadence', 'lang', 'topics'] as const

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>

export function emptyCounts(): SubscriberCounts {
  return {
    total: 0,
    state: zeros(SUBSCRIBER_STATES),
    cadence: zeros(CADENCES),
    lang: zeros(SUBSCRIBER_LANGS),
    topics: {},
    everyArticle: 0,
  }
}

/** Adds one subscriber to the counts (the store's one pass calls it per item). */
export function countSubscriber(counts: SubscriberCounts, subscriber: CountedFields): void {
  counts.total++
  counts.state[subscriber.state] = (counts.state[subscriber.state] ?? 0) + 1
  if (subscriber.state !== 'confirmed') return
  counts.cadence[subscriber.cadence] = (counts.cadence[subscriber.cadence] ?? 0) + 1
  counts.lang[subscriber.lang] = (counts.lang[subscriber.lang] ?? 0) + 1
  const topics = subscriber.topics ?? []
  if (topics.length === 0) counts.everyArticle++
  for (const topic of topics) counts.topics[topic] = (counts.topics[topic] ?? 0) + 1
}

/** Topics by how many confirmed subscribers follow them, most first (ties in name order). */
export function topicsByFollowers(counts: SubscriberCounts): [string, number][] {
  return Object.entries(counts.topics).sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
}
