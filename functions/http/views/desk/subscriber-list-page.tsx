import type { Subscriber, SubscriberState } from '../../../core/subscriber'
import { SUBSCRIBER_STATES } from '../../../core/subscriber'
import { DeskLayout, Problems } from './desk-layout'
import { label, SubscriberTabs, When, type SubscriberPageProps } from './subscriber-parts'

export interface SubscriberSearch {
  q?: string
  state?: SubscriberState
}

/** The subscribers: a search by address (a plain GET form), newest first, and the links to the rest. */
export function SubscriberListPage({
  t,
  lang,
  editor,
  s,
  search,
  subscribers,
  more,
  notice,
  problems = [],
}: SubscriberPageProps & {
  search: SubscriberSearch
  subscribers: Subscriber[]
  more?: string
  notice?: string
  problems?: { field: string; problem: string }[]
}) {
  return (
    <DeskLayout t={t} lang={lang} editor={editor} title={s.subscribers}>
      <h1>{s.subscribers}</h1>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <Problems t={t} problems={problems} />
      <SubscriberTabs s={s} />
      <form method="get" action="/admin/subscribers" class="filters" role="search">
        <div>
          <label for="q">{s.searchLabel}</label>
          <input
            type="search"
            id="q"
            name="q"
            value={search.q ?? ''}
            autocomplete="off"
            aria-describedby="q-hint"
          />
        </div>
        <div>
          <label for="state">{s.state}</label>
          <select id="state" name="state">
            <option value="">{s.allStates}</option>
            {SUBSCRIBER_STATES.map((state) => (
              <option value={state} selected={search.state === state}>
                {label(s, 'state', state)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit">{s.search}</button>
        </div>
      </form>
      <p id="q-hint" class="muted">
        {s.searchHint}
      </p>
      <h2 id="list-heading">{search.q ? `${s.results} ${search.q}` : s.newest}</h2>
      {subscribers.length === 0 ? (
        <p>{s.noMatches}</p>
      ) : (
        <table class="list" aria-labelledby="list-heading">
          <thead>
            <tr>
              <th scope="col">{s.email}</th>
              <th scope="col">{s.state}</th>
              <th scope="col" class="wide">
                {s.cadence}
              </th>
              <th scope="col" class="wide">
                {s.created}
              </th>
            </tr>
          </thead>
          <tbody>
            {subscribers.map((subscriber) => (
              <tr>
                <td>
                  <a href={`/admin/subscribers/${subscriber.id}`}>{subscriber.email}</a>
                </td>
                <td>{label(s, 'state', subscriber.state)}</td>
                <td class="wide">{label(s, 'cadence', subscriber.cadence)}</td>
                <td class="wide">
                  <When at={subscriber.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more ? (
        <p>
          <a href={more}>{s.more}</a>
        </p>
      ) : null}
    </DeskLayout>
  )
}
