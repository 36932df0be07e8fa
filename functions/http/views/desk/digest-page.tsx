import type { AuditEntry } from '../../../core/audit'
import type { Digest, DigestSkip, DigestVariant } from '../../../core/digest'
import type { DigestProgress } from '../../../core/digest-operations'
import type { DigestFigures } from '../../../core/delivery-figures'
import type { DeadLetter } from '../../../core/ports'
import type { DigestStrings } from '../../desk/digest-strings'
import { DeskLayout, type DeskPageProps } from './desk-layout'
import { DeskDigestFigures } from './digest-figures'
import { DeadLetterTable, DigestHistory, DigestStyles, ProgressFigures, shortTime } from './digest-parts'

export interface DigestPageProps extends DeskPageProps {
  d: DigestStrings
  digest: Digest
  progress: DigestProgress
  /** Sent (the ledger), delivered, bounced, complained, unsubscribed within 7 days (SES events). */
  figures: DigestFigures
  variants: Pick<DigestVariant, 'id' | 'lang' | 'subject'>[]
  skipped: DigestSkip[]
  /** This digest's dead letters; undefined where the desk cannot see the send queue (AWS). */
  deadLetters?: DeadLetter[]
  history: AuditEntry[]
  siteUrl: string
  notice?: string
}

/**
 * One digest: its progress (live while it sends, through digest-progress-script.ts; a refresh link without
 * script), delivery figures, variants, what it left out, its dead letters and what editors sent by hand.
 */
export function DigestPage(props: DigestPageProps) {
  const { t, lang, editor, d, digest, progress } = props
  const self = `/admin/digests/${encodeURIComponent(digest.id)}`
  const live = digest.state !== 'done'
  return (
    <DeskLayout t={t} lang={lang} title={`${d.digest} ${digest.id}`} {...(editor && { editor })}>
      <DigestStyles />
      {live ? <script src="/admin/digests/progress.js" defer></script> : null}
      <p>
        <a href="/admin/digests">{d.digests}</a>
      </p>
      <h1>
        {d.digest} {digest.id}
      </h1>
      <p class="muted">
        {d[`cadence_${digest.cadence}`]} · {d.created}{' '}
        <time datetime={digest.createdAt}>{shortTime(digest.createdAt)}</time>
      </p>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}

      <section aria-labelledby="progress-heading" data-progress-url={live ? `${self}/progress` : undefined}>
        <h2 id="progress-heading">{d.progress}</h2>
        <ProgressFigures d={d} progress={progress} />
        {live ? <p class="muted">{d.progressLive}</p> : null}
        <p>
          <a href={self}>{d.refresh}</a>
        </p>
      </section>

      <DeskDigestFigures figures={props.figures} lang={lang} />

      {props.variants.length > 0 ? (
        <section aria-labelledby="variants-heading">
          <h2 id="variants-heading">{d.variants}</h2>
          <ul>
            {props.variants.map((variant) => (
              <li lang={variant.lang}>
                <a href={`${props.siteUrl}/digests/${digest.id}/${variant.id}`}>{variant.subject}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {props.skipped.length > 0 ? (
        <section aria-labelledby="skipped-heading">
          <h2 id="skipped-heading">{d.leftOut}</h2>
          <ul>
            {props.skipped.map((skip) => (
              <li>
                {skip.kind} <code>{skip.id}</code>: {skip.reason}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="dead-heading">
        <h2 id="dead-heading">{d.deadLetters}</h2>
        {props.deadLetters === undefined ? (
          <p>{d.deadLettersElsewhere}</p>
        ) : (
          <DeadLetterTable
            d={d}
            letters={props.deadLetters}
            csrfToken={editor?.csrfToken ?? ''}
            showDigest={false}
          />
        )}
      </section>

      <DigestHistory d={d} entries={props.history} title={d.history} />
    </DeskLayout>
  )
}
