/**
 * The one CSV writer of every export (shortlists, batch reports, skill catalogues): what Excel in
 * China opens safely. UTF-8 with a BOM, CRLF line ends, RFC 4180 quoting, and text cells that a
 * spreadsheet would run as a formula defused with a leading apostrophe (OWASP, CSV injection): a
 * cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return — also after leading spaces, and
 * in their full-width forms (＝ ＋ － ＠), which spreadsheets read as the ASCII ones.
 * (The import templates of the ingestion service are not exports: they must read back unchanged.)
 */

export type CsvValue = string | number | null | undefined;

const FORMULA_START = /^[\t\r]|^[\s\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20\u2212\ufe62\ufe63\ufe66]/;

/** One cell. Numbers are written as they are (a negative number is a number, not a formula). */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A whole document: header and rows, BOM first, each line ending in CRLF. */
export function csvDocument(rows: Iterable<readonly CsvValue[]>): string {
  const lines: string[] = [];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
