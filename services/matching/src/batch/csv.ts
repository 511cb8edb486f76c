import { csvDocument } from '@chanjiao/platform';

/** A table a report publishes: the same rows go out as JSON and as CSV. */
export interface ReportTable {
  readonly columns: ReadonlyArray<{ readonly key: string; readonly header: string }>;
  readonly rows: ReadonlyArray<Readonly<Record<string, string | number | null>>>;
}

/** UTF-8 with a BOM and CRLF line ends: what Excel in China opens without garbling Chinese. */
export function toCsv(table: ReportTable): string {
  // The platform's one CSV writer: quoting and formula defusing are the same in every export.
  return csvDocument([table.columns.map((c) => c.header), ...table.rows.map((row) => table.columns.map((c) => row[c.key]))]);
}
