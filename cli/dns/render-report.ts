import type { EmailDnsReport } from './check-email-dns'
import type { DnsMessages } from './messages'

/** The report as lines: one per rule (with what is wrong and its fix), then one verdict per audience. */
export function renderReport(report: EmailDnsReport, say: DnsMessages): string[] {
  const lines: string[] = []
  for (const result of report.results) {
    lines.push(`[${say.status[result.status]}] ${say.rule[result.rule]}`)
    if (result.status === 'pass') {
      lines.push(`       ${result.detail}`)
      continue
    }
    const { what, fix } = say.problem(result.problem)
    lines.push(`       ${what}`)
    if (fix !== '') lines.push(`       ${say.fixLabel}: ${fix}`)
  }
  lines.push('')
  for (const [audience, verdict] of Object.entries(report.verdicts) as [
    keyof EmailDnsReport['verdicts'],
    EmailDnsReport['verdicts'][keyof EmailDnsReport['verdicts']],
  ][]) {
    lines.push(`${say.audience[audience]}: ${say.verdict[verdict]}`)
  }
  return lines
}
