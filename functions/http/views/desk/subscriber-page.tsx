import type { Subscriber } from '../../../core/subscriber'
import type { HistoryEvent } from '../../../core/subscriber-admin'
import { CsrfField, DeskLayout } from './desk-layout'
import { label, SubscriberTabs, When, type SubscriberPageProps } from './subscriber-parts'

/** Who did it, as the history shows it: an editor's name, "API", "SES", or nothing for the record's own steps. */
function actorText(s: SubscriberPageProps['s'], event: HistoryEvent): string {
  const { actor } = event
  if (actor === undefined) return event.action === 'digest-sent' ? '' : ` (${s.fromRecord})`
  if (actor.via === 'desk') return ` · ${s.by} ${actor.name}`
  if (actor.via === 'api') return ` · ${s.by} API`
  if (actor.via === 'ses') return ` · ${s.by} SES`
  return ''
}

/** A subscriber's history, newest first. */
export function History({ s, events }: { s: SubscriberPageProps['s']; events: HistoryEvent[] }) {
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{s.history}</h2>
      {events.length === 0 ? (
        <p>{s.historyEmpty}</p>
      ) : (
        <ol class="audit history">
          {events.map((event) => (
            <li>
              <When at={event.at} /> · <strong>{label(s, 'action', event.action)}</strong>
              {event.detail ? <span class="muted"> ({event.detail})</span> : null}
              {actorText(s, event)}
            </li>
          ))}
        </ol>
      )}
      <p class="muted">{s.historyNote}</p>
    </section>
  )
}

/**
 * One subscriber: details, the suppress/unsuppress and erase actions (plain forms), and the history. Once
 * erased, only the history's erasure lines remain, with no address.
 */
export function SubscriberPage({
  t,
  lang,
  editor,
  s,
  id,
  subscriber,
  events,
  notice,
}: SubscriberPageProps & { id: string; subscriber?: Subscriber; events: HistoryEvent[]; notice?: string }) {
  const title = subscriber === undefined ? s.erasedTitle : subscriber.email
  const base = `/admin/subscribers/${id}`
  return (
    <DeskLayout t={t} lang={lang} editor={editor} title={title}>
      <h1>{title}</h1>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <SubscriberTabs s={s} />
      {subscriber === undefined ? (
        <p>{s.erasedText}</p>
      ) : (
        <>
          <section aria-labelledby="details-heading">
            <h2 id="details-heading">{s.details}</h2>
            <dl class="details">
              <dt>{s.state}</dt>
              <dd>{label(s, 'state', subscriber.state)}</dd>
              {subscriber.name ? (
                <>
                  <dt>{s.name}</dt>
                  <dd>{subscriber.name}</dd>
                </>
              ) : null}
              <dt>{s.cadence}</dt>
              <dd>{label(s, 'cadence', subscriber.cadence)}</dd>
              <dt>{s.topics}</dt>
              <dd>{subscriber.topics.length === 0 ? s.everyArticle : subscriber.topics.join(', ')}</dd>
              <dt>{s.language}</dt>
              <dd>{label(s, 'lang', subscriber.lang)}</dd>
              <dt>{s.deliveryHour}</dt>
              <dd>
                {subscriber.deliveryHour}:00 ({subscriber.timezone})
              </dd>
              <dt>{s.softBounces}</dt>
              <dd>{subscriber.softBounces}</dd>
              {subscriber.suppressionReason ? (
                <>
                  <dt>{s.suppressionReason}</dt>
                  <dd>{subscriber.suppressionReason}</dd>
                </>
              ) : null}
            </dl>
          </section>
          <div class="actions">
            <form
              method="post"
              action={`${base}/${subscriber.state === 'suppressed' ? 'unsuppress' : 'suppress'}`}
            >
              <CsrfField token={editor.csrfToken} />
              <button type="submit" class="secondary">
                {subscriber.state === 'suppressed' ? s.unsuppress : s.suppress}
              </button>
            </form>
            <a class="button secondary" href={`${base}/erase`}>
              {s.erase}
            </a>
          </div>
        </>
      )}
      <History s={s} events={events} />
    </DeskLayout>
  )
}

/** The confirmation step before an erasure: a page of its own, so it works without script. */
export function ConfirmErasePage({
  t,
  lang,
  editor,
  s,
  subscriber,
}: SubscriberPageProps & { subscriber: Subscriber }) {
  const base = `/admin/subscribers/${subscriber.id}`
  return (
    <DeskLayout t={t} lang={lang} editor={editor} title={s.confirmEraseTitle}>
      <h1>{s.confirmEraseTitle}</h1>
      <p>
        <strong>{subscriber.email}</strong>
      </p>
      <p>{s.confirmEraseText}</p>
      <form method="post" action={`${base}/erase`} class="actions">
        <CsrfField token={editor.csrfToken} />
        <button type="submit" class="danger">
          {s.confirmErase}
        </button>
        <a class="button secondary" href={base}>
          {s.cancel}
        </a>
      </form>
    </DeskLayout>
  )
}
