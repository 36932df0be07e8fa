import type { Digest } from '../../../core/digest'
import type { DigestStrings } from '../../desk/digest-strings'
import { DeskLayout, type DeskPageProps } from './desk-layout'
import { DigestStyles, shortTime } from './digest-parts'

/** Every digest, newest first, with its state and counters; links to previews and the dead letters. */
export function DigestListPage({
  t,
  lang,
  editor,
  d,
  digests,
  deadLetters,
  more,
}: DeskPageProps & { d: DigestStrings; digests: Digest[]; deadLetters?: number; more?: string }) {
  return (
    <DeskLayout t={t} lang={lang} title={d.digests} {...(editor && { editor })}>
      <DigestStyles />
      <h1>{d.digests}</h1>
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
