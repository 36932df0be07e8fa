import type { DeadLetter } from '../../../core/ports'
import type { DigestStrings } from '../../desk/digest-strings'
import { DeskLayout, type DeskPageProps } from './desk-layout'
import { DeadLetterTable, DigestStyles } from './digest-parts'

/** Every dead-lettered batch, each with a retry button; or where to find them on AWS. */
export function DigestDeadLettersPage({
  t,
  lang,
  editor,
  d,
  letters,
  notice,
}: DeskPageProps & { d: DigestStrings; letters?: DeadLetter[]; notice?: string }) {
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
      {letters === undefined ? (
        <p>{d.deadLettersElsewhere}</p>
      ) : (
        <DeadLetterTable d={d} letters={letters} csrfToken={editor?.csrfToken ?? ''} showDigest={true} />
      )}
    </DeskLayout>
  )
}
