import type { DeadLetter } from '../../../core/ports'
import type { DigestStrings } from '../../desk/digest-strings'
import { CsrfField, DeskLayout, type DeskPageProps } from './desk-layout'
import { DeadLetterTable, DigestStyles } from './digest-parts'

/**
 * Every dead-lettered batch, each with a retry button, where they can be listed (in process); on AWS their
 * count and one button that sends them all again (an SQS redrive).
 */
export function DigestDeadLettersPage({
  t,
  lang,
  editor,
  d,
  letters,
  count,
  notice,
}: DeskPageProps & { d: DigestStrings; letters?: DeadLetter[]; count?: number; notice?: string }) {
  return (
    <DeskLayout t={t} lang={lang} title={d.deadLetters} {...(editor && { editor })}>
      <DigestStyles />
      <p>
        <a href="/admin/digests">{d.digests}</a>
      </p>
      <h1>{d.deadLetters}</h1>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <p>{d.deadLettersIntro}</p>
      {letters !== undefined ? (
        <DeadLetterTable d={d} letters={letters} csrfToken={editor?.csrfToken ?? ''} showDigest={true} />
      ) : count === undefined ? (
        <p>{d.deadLettersElsewhere}</p>
      ) : (
        <>
          <p>{d.deadLetterCount(count)}</p>
          {count > 0 ? (
            <form method="post" action="/admin/digests/dead-letters/retry-all">
              <CsrfField token={editor?.csrfToken ?? ''} />
              <button type="submit">{d.retryAll}</button>
            </form>
          ) : null}
        </>
      )}
    </DeskLayout>
  )
}
