/** A table a report publishes: the same rows go out as JSON and as CSV. */
export interface ReportTable {
  readonly columns: ReadonlyArray<{ readonly key: string; readonly header: string }>;
  readonly rows: ReadonlyArray<Readonly<Record<string, string | number | null>>>;
}

const BOM = '\uFEFF';

/**
 * A cell as Excel reads it safely: quoted when it holds a comma, quote or line break, and a
 * leading `=`, `+`, `-`, `@`, tab or CR on text is defused with an apostrophe (CSV formula
 * injection, OWASP). Numbers are written as they are.
 */
function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** UTF-8 with a BOM and CRLF line ends: what Excel in China opens without garbling Chinese. */
export function toCsv(table: ReportTable): string {
  const lines = [table.columns.map((c) => cell(c.header)).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c) => cell(row[c.key])).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
