import { CADENCES, SUBSCRIBER_LANGS, SUBSCRIBER_STATES } from '../../../core/subscriber'
import { topicsByFollowers, type SubscriberCounts } from '../../../core/subscriber-counts'
import { DeskLayout } from './desk-layout'
import { label, SubscriberTabs, type SubscriberPageProps } from './subscriber-parts'

/** One two-column table: what is counted, and how many. */
function CountTable({
  caption,
  head,
  rows,
}: {
  caption: string
  head: [string, string]
  rows: [string, number][]
}) {
  return (
    <table class="list counts">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head[0]}</th>
          <th scope="col">{head[1]}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, value]) => (
          <tr>
            <th scope="row">{name}</th>
            <td>{value.toLocaleString('en')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** Counts by state, cadence, topic and language, from one pass over the subscribers. */
export function SubscriberCountsPage({
  t,
  lang,
  editor,
  s,
  counts,
}: SubscriberPageProps & { counts: SubscriberCounts }) {
  const topics = topicsByFollowers(counts)
  return (
    <DeskLayout t={t} lang={lang} editor={editor} title={s.countsTitle}>
      <h1>{s.countsTitle}</h1>
      <SubscriberTabs s={s} />
      <p>{s.countsIntro}</p>
      <div class="split">
        <CountTable
          caption={s.byState}
          head={[s.state, s.count]}
          rows={[
            ...SUBSCRIBER_STATES.map((state): [string, number] => [
              label(s, 'state', state),
              counts.state[state],
            ]),
            [s.total, counts.total],
          ]}
        />
        <CountTable
          caption={s.byCadence}
          head={[s.cadence, s.count]}
          rows={CADENCES.map((cadence) => [label(s, 'cadence', cadence), counts.cadence[cadence]])}
        />
        <CountTable
          caption={s.byLanguage}
          head={[s.language, s.count]}
          rows={SUBSCRIBER_LANGS.map((code) => [label(s, 'lang', code), counts.lang[code]])}
        />
        <CountTable
          caption={s.byTopic}
          head={[s.topic, s.count]}
          rows={[...topics, [s.everyArticle, counts.everyArticle]]}
        />
      </div>
      {topics.length === 0 ? <p class="muted">{s.noTopics}</p> : null}
    </DeskLayout>
  )
}
