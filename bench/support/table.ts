/** The benches' result tables: aligned plain text for the terminal, and Markdown for BENCHMARKS.md. */

export function plainTable(head: string[], body: string[][]): string[] {
  const width = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)))
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(width[i]!))
      .join('  ')
      .trimEnd()
  return [line(head), line(width.map((w) => '-'.repeat(w))), ...body.map(line)]
}

export function markdownTable(head: string[], body: string[][]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...body.map((row) => `| ${row.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`),
  ]
}
