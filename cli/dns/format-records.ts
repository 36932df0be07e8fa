import stringWidth from 'string-width'
import type { EmailDnsRecord } from '../../infra/email-dns-records'
import type { DnsMessages } from './messages'

/** Route 53's and the CDK's TTL for these records: short enough to correct a mistake within the hour. */
export const RECORD_TTL = 1800

const absolute = (name: string) => (name.endsWith('.') ? name : `${name}.`)

/** The records as zone-file lines (BIND syntax): absolute names, quoted TXT, MX hosts with their dot. */
export function zoneFileLines(records: readonly EmailDnsRecord[]): string[] {
  return records.map((record) => {
    const rdata =
      record.type === 'TXT'
        ? `"${record.value.replace(/(["\\])/g, '\\$1')}"`
        : record.type === 'MX'
          ? record.value.replace(/(\S+)$/, (host) => absolute(host))
          : absolute(record.value)
    return `${absolute(record.name)}\t${RECORD_TTL}\tIN\t${record.type}\t${rdata}`
  })
}

/** The records as an aligned text table (name, type, value, purpose), wide characters counted as two. */
export function recordTable(records: readonly EmailDnsRecord[], say: DnsMessages): string[] {
  const rows = [
    [say.tableHeader.name, say.tableHeader.type, say.tableHeader.value, say.tableHeader.purpose],
    ...records.map((record) => [record.name, record.type, record.value, say.purpose[record.purpose]]),
  ]
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => stringWidth(row[column]!))))
  const line = (row: string[]) =>
    row
      .map((cell, column) => cell + ' '.repeat(widths[column]! - stringWidth(cell)))
      .join('  ')
      .trimEnd()
  return [line(rows[0]!), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)]
}
