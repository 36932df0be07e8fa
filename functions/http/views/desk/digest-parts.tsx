import type { AuditEntry } from '../../../core/audit'
import type { DigestProgress } from '../../../core/digest-operations'
import type { DeadLetter } from '../../../core/ports'
import type { DigestStrings } from '../../desk/digest-strings'
import { CsrfField } from './desk-layout'

// The digest pages' few styles of their own: wide tables and the 600 px frame scroll sideways at 390 px
// rather than widen the page.
export const DIGEST_STYLES = `
.scroll { overflow-x: auto; max-width: 100%; }
dl.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(7rem, 1fr)); gap: .5rem; margin: 0; }
dl.figures div { border: 1px solid var(--rule); border-radius: 4px; padding: .5rem; }
dl.figures dt { font-size: .85rem; color: var(--muted); }
dl.figures dd { margin: 0; font-size: 1.4rem; font-variant-numeric: tabular-nums; }
.frames { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
.frames figure { margin: 0; max-width: 100%; }
.frames figcaption { font-size: .9rem; color: var(--muted); }
iframe.email { border: 1px solid var(--rule); border-radius: 4px; background: #fff; height: 50rem; display: block; }
ul.choices { list-style: none; padding: 0; margin: 0; }
ul.choices label, label.inline { display: inline; font-weight: normal; font-size: 1rem; margin: 0; }
input[type=email] { font: inherit; width: 100%; max-width: 30rem; padding: .45rem; border: 1px solid var(--muted); border-radius: 4px; background: var(--bg); color: var(--fg); }
td.error { overflow-wrap: anywhere; }
`

export const DigestStyles = () => <style>{DIGEST_STYLES}</style>

/** `2026-11-27 09:00` from an ISO instant (UTC, as the rest of the desk shows times). */
export const shortTime = (iso: string) => iso.slice(0, 16).replace('T', ' ')

/**
 * A digest's counters. Each number carries `data-progress` so the progress script can replace it; the
 * region is polite live, so a screen reader hears the changes without being interrupted.
 */
export function ProgressFigures({ d, progress }: { d: DigestStrings; progress: DigestProgress }) {
  const figures = [
    ['state', d.state, d[`state_${progress.state}`]],
    ['planned', d.planned, String(progress.planned)],
    ['sent', d.sent, String(progress.sent)],
    ['failed', d.failed, String(progress.failed)],
    ['skipped', d.skipped, String(progress.skipped)],
    ['waiting', d.waiting, String(progress.waiting)],
    ['ratePerSecond', d.rate, `${progress.ratePerSecond.toFixed(1)} ${d.perSecond}`],
  ] as const
  return (
    <dl class="figures" aria-live="polite" id="progress">
      {figures.map(([key, label, value]) => (
        <div>
          <dt>{label}</dt>
          <dd data-progress={key}>{value}</dd>
        </div>
      ))}
    </dl>
  )
}

/** Dead-lettered batches, each with its own retry form (a plain POST with the CSRF token). */
export function DeadLetterTable({
  d,
  letters,
  csrfToken,
  showDigest,
}: {
  d: DigestStrings
  letters: DeadLetter[]
  csrfToken: string
  showDigest: boolean
}) {
  if (letters.length === 0) return <p>{d.noDeadLetters}</p>
  return (
    <div class="scroll" tabindex={0} role="region" aria-label={d.deadLetters}>
      <table class="list">
        <thead>
          <tr>
            {showDigest ? <th scope="col">{d.digest}</th> : null}
            <th scope="col">{d.recipients}</th>
            <th scope="col">{d.tries}</th>
            <th scope="col">{d.lastError}</th>
            <th scope="col">
              <span class="muted">{d.retry}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {letters.map((letter) => (
            <tr>
              {showDigest ? (
                <td>
                  <a href={`/admin/digests/${encodeURIComponent(letter.batch.digestId)}`}>
                    {letter.batch.digestId}
                  </a>
                </td>
              ) : null}
              <td>{letter.batch.subscriberIds.length}</td>
              <td>{letter.receiveCount}</td>
              <td class="error">{letter.lastError}</td>
              <td>
                <form
                  method="post"
                  action={`/admin/digests/dead-letters/${encodeURIComponent(letter.id)}/retry`}
                >
                  <CsrfField token={csrfToken} />
                  <button type="submit" class="secondary">
                    {d.retry}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** What editors sent by hand, newest first: who, when, and what (never to whom). */
export function DigestHistory({
  d,
  entries,
  title,
}: {
  d: DigestStrings
  entries: AuditEntry[]
  title: string
}) {
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{title}</h2>
      {entries.length === 0 ? (
        <p>{d.noHistory}</p>
      ) : (
        <ol class="audit">
          {entries.map((entry) => (
            <li>
              <time datetime={entry.at}>{shortTime(entry.at)}</time> · <strong>{entry.actor.name}</strong>
              {entry.actor.via === 'api' ? ' (API)' : ''} · {d.sent}
              {entry.detail !== undefined ? ` · ${entry.detail}` : ''}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
