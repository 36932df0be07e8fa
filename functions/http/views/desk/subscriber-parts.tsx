import type { SubscriberStrings } from '../../desk/subscriber-strings'
import type { DeskPageProps } from './desk-layout'

/** What every subscriber page of the desk takes: the desk's props, its own strings, a signed-in editor. */
export type SubscriberPageProps = DeskPageProps & {
  s: SubscriberStrings
  editor: { name: string; csrfToken: string }
}

/** A label from the strings by key (`state_confirmed`, `action_erased`...), or the value itself. */
export const label = (s: SubscriberStrings, prefix: string, value: string): string =>
  (s as Record<string, string>)[`${prefix}_${value}`] ?? value

/** An instant as the desk shows it: minutes, UTC, the machine-readable value alongside. */
export const When = ({ at }: { at: string }) => <time datetime={at}>{at.slice(0, 16).replace('T', ' ')}</time>

/** The subscriber pages' local navigation: list, counts, export and import. */
export function SubscriberTabs({ s }: { s: SubscriberStrings }) {
  return (
    <p class="actions">
      <a class="button secondary" href="/admin/subscribers">
        {s.subscribers}
      </a>
      <a class="button secondary" href="/admin/subscribers/counts">
        {s.counts}
      </a>
      <a class="button secondary" href="/admin/subscribers/export.csv" download>
        {s.exportCsv}
      </a>
      <a class="button secondary" href="/admin/subscribers/import">
        {s.importCsv}
      </a>
    </p>
  )
}
