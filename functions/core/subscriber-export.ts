import { stringify } from 'csv-stringify/sync'
import type { Page, SubscriberStore } from './ports'
import type { Subscriber } from './subscriber'

/** Subscribers read per store page while exporting. */
export const EXPORT_PAGE_SIZE = 250
const UTF8_BOM = '\uFEFF'

const EXPORT_HEADER = [
  'email',
  'name',
  'state',
  'cadence',
  'topics',
  'lang',
  'timezone',
  'delivery_hour',
  'created_at',
  'confirmed_at',
  'consent_source',
]

/**
 * The subscriber export (the admin API's and the desk's download), one chunk per store page, so memory
 * stays flat however long the list is. `first` is read by the caller before answering, so a store that is
 * down is a clean error, not an empty file.
 */
export async function* exportSubscriberCsv(
  store: SubscriberStore,
  first: Page<Subscriber>,
): AsyncGenerator<string> {
  // Excel reads a CSV without a byte order mark in the system's legacy code page, which garbles Korean names;
  // the import (TextDecoder, csv-parse's bom option) reads files with or without one.
  yield UTF8_BOM + toCsv([EXPORT_HEADER])
  let page = first
  for (;;) {
    if (page.items.length > 0) yield toCsv(page.items.map(exportRow))
    if (page.cursor === undefined) return
    page = await store.list({ limit: EXPORT_PAGE_SIZE, cursor: page.cursor })
  }
}

const toCsv = (rows: string[][]) => stringify(rows, { record_delimiter: 'windows' })

function exportRow(s: Subscriber): string[] {
  return [
    s.email,
    s.name ?? '',
    s.state,
    s.cadence,
    s.topics.join(';'),
    s.lang,
    s.timezone,
    String(s.deliveryHour),
    s.createdAt,
    s.confirmedAt ?? '',
    s.consent?.source ?? '',
  ].map(defuseFormula)
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or tab / CR) as a formula, so a subscriber named
 * "=HYPERLINK(...)" could attack whoever opens the export; a leading apostrophe makes it plain text.
 */
export function defuseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}
