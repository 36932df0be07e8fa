import type { ImportReport } from '../../../core/subscriber-import'
import { CsrfField, DeskLayout, Problems } from './desk-layout'
import { SubscriberTabs, type SubscriberPageProps } from './subscriber-parts'

/** What the dry run hands to its confirmation form: the file as read, and the proof it was checked. */
export interface CheckedImport {
  csv: string
  proof: string
}

/** The figures of an import, a dry run's or a real one's. */
function Figures({ s, report }: Pick<SubscriberPageProps, 's'> & { report: ImportReport }) {
  return (
    <dl class="details">
      <dt>{s.rows}</dt>
      <dd>{report.rows}</dd>
      <dt>{s.valid}</dt>
      <dd>{report.valid}</dd>
      {report.dryRun ? null : (
        <>
          <dt>{s.created_}</dt>
          <dd>{report.created}</dd>
        </>
      )}
      <dt>{s.existing}</dt>
      <dd>{report.skippedExisting}</dd>
      <dt>{s.invalid}</dt>
      <dd>{report.invalid.length}</dd>
      {report.ignoredColumns.length > 0 ? (
        <>
          <dt>{s.ignoredColumns}</dt>
          <dd>{report.ignoredColumns.join(', ')}</dd>
        </>
      ) : null}
    </dl>
  )
}

/** Rows left out, by line number in the file, with the address as written and why. */
function ProblemLines({ s, report }: Pick<SubscriberPageProps, 's'> & { report: ImportReport }) {
  if (report.invalid.length === 0) return null
  return (
    <table class="list" id="import-problems">
      <caption>{s.problemsByLine}</caption>
      <thead>
        <tr>
          <th scope="col">{s.line}</th>
          <th scope="col">{s.email}</th>
          <th scope="col">{s.problem}</th>
        </tr>
      </thead>
      <tbody>
        {report.invalid.map((problem) => (
          <tr>
            <th scope="row">{problem.row}</th>
            <td>{problem.email}</td>
            <td>{problem.problem}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/**
 * The import in three steps on one page: choose a file; see the dry run (figures and problems by line,
 * nothing written) with a form that confirms it; see what the real import did.
 */
export function SubscriberImportPage({
  t,
  lang,
  editor,
  s,
  report,
  checked,
  problems = [],
}: SubscriberPageProps & {
  report?: ImportReport
  checked?: CheckedImport
  problems?: { field: string; problem: string }[]
}) {
  const title = report === undefined ? s.importTitle : report.dryRun ? s.dryRunTitle : s.importDone
  const importable = report !== undefined && report.valid - report.skippedExisting > 0
  return (
    <DeskLayout t={t} lang={lang} editor={editor} title={title}>
      <h1>{title}</h1>
      <SubscriberTabs s={s} />
      <Problems t={t} problems={problems} />
      {report !== undefined ? (
        <>
          <div role="status">
            <Figures s={s} report={report} />
          </div>
          <ProblemLines s={s} report={report} />
        </>
      ) : null}
      {report?.dryRun && checked !== undefined ? (
        importable ? (
          <form
            method="post"
            action="/admin/subscribers/import/confirm"
            enctype="multipart/form-data"
            class="actions"
          >
            <CsrfField token={editor.csrfToken} />
            <input type="hidden" name="csv" value={checked.csv} />
            <input type="hidden" name="proof" value={checked.proof} />
            <button type="submit">{`${s.confirmImport} (${report.valid - report.skippedExisting})`}</button>
            <a class="button secondary" href="/admin/subscribers/import">
              {s.cancel}
            </a>
          </form>
        ) : (
          <p>{s.confirmImportNone}</p>
        )
      ) : null}
      {report === undefined || !report.dryRun ? (
        <section aria-labelledby="import-form-heading">
          <h2 id="import-form-heading">{report === undefined ? s.csvFile : s.importAgain}</h2>
          <p>{s.importIntro}</p>
          <form method="post" action="/admin/subscribers/import" enctype="multipart/form-data">
            <CsrfField token={editor.csrfToken} />
            <label for="file">{s.csvFile}</label>
            <input type="file" id="file" name="file" accept=".csv,text/csv" required />
            <div class="actions">
              <button type="submit">{s.dryRun}</button>
            </div>
          </form>
        </section>
      ) : null}
    </DeskLayout>
  )
}
