import type { CliIo } from '../cli/cli-io';

/** A table cell: text, or a number printed with thousands separators and right-aligned. */
export type TableCell = string | number;

/** Formats a number for people: thousands separators, at most `digits` decimals. */
export function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** Writes the CLI's human-readable output: lines, aligned tables and errors. */
export class Printer {
  constructor(private readonly io: CliIo) {}

  /** Writes one line to standard output. */
  line(text = ''): void {
    this.io.out(`${text}\n`);
  }

  /** Writes a table with a header row; numbers are right-aligned. */
  table(header: readonly string[], rows: readonly (readonly TableCell[])[]): void {
    const text = rows.map((row) => row.map((cell) => (typeof cell === 'number' ? formatNumber(cell) : cell)));
    const widths = header.map((title, i) => Math.max(title.length, ...text.map((row) => (row[i] ?? '').length)));
    const numeric = header.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number'));
    const format = (cells: readonly string[]): string =>
      cells
        .map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
        .join('  ')
        .trimEnd();
    this.line(format(header));
    this.line(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const row of text) this.line(format(row));
  }

  /** Writes one line to standard error. */
  error(text: string): void {
    this.io.err(`${text}\n`);
  }
}
