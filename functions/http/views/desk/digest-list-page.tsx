import type { Digest } from '../../../core/digest'
import type { FieldProblem } from '../../../core/errors'
import type { DigestStrings } from '../../desk/digest-strings'
import { CsrfField, DeskLayout, Problems, type DeskPageProps } from './desk-layout'
import { DigestStyles, shortTime } from './digest-parts'

/** What a run started from the desk said, and the digests it planned (their pages show the progress). */
export interface DigestRunNotice {
  message: string
  digests: string[]
}

const CADENCES = ['daily', 'weekly', 'instant'] as const

/**
 * Every digest, newest first, with its state and counters; links to previews and the dead letters; and a
 * form that runs a cadence now (`npm run digest` in the browser).
 */
export function DigestListPage({
  t,
  lang,
  editor,
  d,
  digests,
  deadLetters,
  more,
  canRun,
  ran,
  problems,
}: DeskPageProps & {
  d: DigestStrings
  digests: Digest[]
  deadLetters?: number
  more?: string
  /** False where the deployment cannot run digests from the desk. */
  canRun: boolean
  ran?: DigestRunNotice
  problems?: FieldProblem[]
}) {
  return (
    <DeskLayout t={t} lang={lang} title={d.digests} {...(editor && { editor })}>
      <DigestStyles />
      <h1>{d.digests}</h1>
      {ran ? (
        <div class="notice" role="status">
          <p>{ran.message}</p>
          {ran.digests.length > 0 ? (
            <p>
              {d.followSending}{' '}
              {ran.digests.map((id, index) => (
                <>
                  {index > 0 ? ', ' : ''}
                  <a href={`/admin/digests/${encodeURIComponent(id)}`}>{id}</a>
                </>
              ))}
            </p>
          ) : null}
        </div>
      ) : null}
      {problems ? <Problems t={t} problems={problems} /> : null}
      <section aria-labelledby="run-heading">
        <h2 id="run-heading">{d.runNow}</h2>
        {canRun ? (
          <form method="post" action="/admin/digests/run">
            <CsrfField token={editor?.csrfToken ?? ''} />
            <p>{d.runIntro}</p>
            <label for="cadence">{d.cadence}</label>
            <select id="cadence" name="cadence">
              {CADENCES.map((cadence) => (
                <option value={cadence}>{d[`cadence_${cadence}`]}</option>
              ))}
            </select>
            <p>
              <input type="checkbox" id="force" name="force" value="on" checked />{' '}
              <label for="force" class="inline">
                {d.everyoneNow}
              </label>
            </p>
            <p>
              <button type="submit">{d.runNow}</button>
            </p>
          </form>
        ) : (
          <p>{d.runNotAvailable}</p>
        )}
      </section>
      <h2>{d.allDigests}</h2>
      <p class="actions">
        <a class="button" href="/admin/digests/preview">
          {d.previewAndTest}
        </a>
        <a class="button secondary" href="/admin/digests/dead-letters">
          {d.deadLetters}
          {deadLetters !== undefined ? ` (${deadLetters})` : ''}
        </a>
      </p>
      {digests.length === 0 ? (
        <p>{d.noDigests}</p>
      ) : (
        <div class="scroll" tabindex={0} role="region" aria-label={d.digests}>
          <table class="list">
            <thead>
              <tr>
                <th scope="col">{d.digest}</th>
                <th scope="col">{d.state}</th>
                <th scope="col">{d.planned}</th>
                <th scope="col">{d.sent}</th>
                <th scope="col">{d.failed}</th>
                <th scope="col">{d.skipped}</th>
                <th scope="col" class="wide">
                  {d.created}
                </th>
              </tr>
            </thead>
            <tbody>
              {digests.map((digest) => (
                <tr>
                  <td>
                    <a href={`/admin/digests/${encodeURIComponent(digest.id)}`}>{digest.id}</a>
                  </td>
                  <td>{d[`state_${digest.state}`]}</td>
                  <td>{digest.counts.planned}</td>
                  <td>{digest.counts.sent}</td>
                  <td>{digest.counts.failed}</td>
                  <td>{digest.counts.skipped}</td>
                  <td class="wide">
                    <time datetime={digest.createdAt}>{shortTime(digest.createdAt)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more ? (
        <p>
          <a href={more}>{d.moreDigests}</a>
        </p>
      ) : null}
    </DeskLayout>
  )
}
