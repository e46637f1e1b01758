/**
 * CSV for people who open it in a spreadsheet: RFC 4180 (fields with a comma, quote or line break are
 * quoted, quotes doubled, CRLF between records, header first) and safe against formula injection.
 *
 * Text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`, so a
 * spreadsheet shows it as text instead of running it (OWASP "CSV injection"). Numbers passed as
 * numbers are ours, not user text, and are written as they are: -12.5 stays -12.5.
 */

export type CsvValue = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field, escaped. `null` and non-finite numbers are empty. */
export function csvField(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header row then one record per row, every record (the last too) ended by CRLF. */
export function toCsv(header: string[], rows: CsvValue[][]): string {
  const lines = [header, ...rows].map((r) => r.map(csvField).join(','));
  return lines.join('\r\n') + '\r\n';
}
